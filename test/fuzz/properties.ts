/**
 * The robustness properties of the analysis core, checked on any chart:
 *
 * 1. analysis never throws, records no internal error, and finishes within a generous bound
 *    proportional to the input size;
 * 2. every span (finding, related location, fix edit) lies inside its file and on UTF-16
 *    boundaries (never inside a surrogate pair), and findings are not empty;
 * 3. every preferred fix, applied alone, changes only its spans, keeps CRLF files CRLF, keeps
 *    the masked YAML parsing when it parsed before, removes its finding and is not offered again
 *    where it wrote; all preferred fixes applied together keep the YAML parsing, and a second
 *    pass offers nothing that the first one fixed (a fix may reveal new findings: a hook Helm
 *    dropped for an unknown event is judged once its event is fixed);
 * 4. the masked YAML view has the original's length, newlines at the same offsets, and the
 *    original's characters everywhere outside template actions;
 * 5. a document parsed as a skeleton (only apiVersion, kind, metadata, subjects) reads those
 *    keys exactly as the full parse does;
 * 6. completion and hover, asked anywhere near a hook annotation, answer with spans inside the
 *    file, on UTF-16 boundaries, around the cursor (a completion's on one line), and the
 *    execution plan of the chart can be built;
 * 7. the core's line index turns offsets into LSP positions and back exactly as the LSP
 *    reference implementation (vscode-languageserver-textdocument) does.
 *
 * `checkChart` throws an assertion error naming the violated property; the property tests
 * and the fuzz runner feed it mutated templates.
 */
import * as assert from 'assert/strict';
import { parseAllDocuments, parseDocument } from 'yaml';
import { skeleton } from '../../server/src/analysis/yaml/documents';
import { buildChartModel } from '../../server/src/analysis/model/chart';
import { analyzeChart, applyEdits, applyFixes, createLineIndex, createParseCache, getCompletions, getExecutionPlan, getHover, mapSources, preferredFixEdits, sourcesOf, type AnalysisConfig, type ChartInput, type Finding, type Span, type TextEdit } from '../../server/src/analysis';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cpuTimeOf } from '../support/cpuTime';
import { isHighSurrogate, isLowSurrogate } from './mutations';

/** Generous: a run of the core on a 16 KB seed takes a few milliseconds; this catches blow-ups, not noise. */
export function timeBoundMs(totalChars: number): number {
  return 2000 + (totalChars / 1024) * 50;
}

export function checkChart(chart: ChartInput, config: AnalysisConfig = {}): void {
  const files = sourceFiles(chart);
  const totalChars = [...files.values()].reduce((sum, text) => sum + text.length, 0);
  let result;
  let elapsed = 0;
  try {
    ({ result, ms: elapsed } = cpuTimeOf(() => analyzeChart(chart, config)));
  } catch (error) {
    assert.fail(`analyzeChart threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
  assert.deepEqual(result.internalErrors, [], 'a rule (or the model) failed on this input');
  assert.ok(elapsed < timeBoundMs(totalChars), `analysis took ${elapsed.toFixed(0)} ms of CPU time for ${totalChars} characters (bound ${timeBoundMs(totalChars).toFixed(0)} ms)`);

  for (const finding of result.findings) checkFindingSpans(finding, files);
  checkMaskedViews(chart);
  for (const finding of result.findings) checkPreferredFix(chart, files, finding, config);
  checkFixesStable(chart, files, result.findings, config);
  checkEditorFeatures(chart, files);
  for (const [file, text] of files) checkLineIndex(file, text, [...cursorOffsets(text), ...result.findings.filter((finding) => finding.file === file).flatMap((finding) => [finding.span.start, finding.span.end])]);
}

function checkLineIndex(file: string, text: string, offsets: readonly number[]): void {
  const ours = createLineIndex(text);
  const reference = TextDocument.create('file:///check.yaml', 'yaml', 1, text);
  assert.equal(ours.lineCount, reference.lineCount, `line count of ${file}`);
  for (const offset of offsets) {
    if (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n') continue; // No position lies inside a CRLF.
    const position = ours.positionAt(offset);
    assert.deepEqual(position, reference.positionAt(offset), `position of offset ${offset} in ${file}`);
    assert.equal(ours.offsetAt(position), offset, `offset of ${JSON.stringify(position)} in ${file}`);
    const far = { line: position.line, character: position.character + 10_000 };
    assert.equal(ours.offsetAt(far), reference.offsetAt(far), `offset of ${JSON.stringify(far)} in ${file}`);
  }
}

/** Offsets an editor would ask at: around every hook-like key and value, and a few spread over the file. */
function cursorOffsets(text: string): number[] {
  const offsets = new Set<number>([0, text.length, Math.floor(text.length / 3), Math.floor((2 * text.length) / 3)]);
  for (const match of text.matchAll(/helm\.sh\/hook[^\r\n]*/gi)) {
    const start = match.index!;
    const colon = text.indexOf(':', start);
    for (const offset of [start, start + 5, colon + 1, colon + 2, start + match[0].length - 1, start + match[0].length]) offsets.add(offset);
  }
  // Never inside a surrogate pair or a CRLF: no editor position lands there.
  const between = (offset: number): boolean => offset > 0 && ((isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset))) || (text[offset - 1] === '\r' && text[offset] === '\n'));
  return [...offsets].filter((offset) => offset >= 0 && offset <= text.length && !between(offset)).slice(0, 24);
}

function checkEditorFeatures(chart: ChartInput, files: Map<string, string>): void {
  const cache = createParseCache();
  for (const [file, text] of files) {
    if (file === 'Chart.yaml') continue;
    for (const offset of cursorOffsets(text)) {
      const where = `at ${offset} of ${file}`;
      for (const item of getCompletions(chart, file, offset, cache).items) {
        checkSpan(files, file, item.replaceSpan, `completion "${item.label}" ${where}`);
        assert.ok(item.label.length > 0, `an empty completion label ${where}`);
        assert.ok(item.replaceSpan.start <= offset && offset <= item.replaceSpan.end, `completion "${item.label}" ${where} replaces ${item.replaceSpan.start}-${item.replaceSpan.end}, away from the cursor`);
        // A lone "\r" ends a line too (LSP), but completion reads lines by "\n" only: only "\n" is checked here.
        assert.ok(!/\n/.test(text.slice(item.replaceSpan.start, item.replaceSpan.end)), `completion "${item.label}" ${where} replaces across a line break`);
      }
      const hover = getHover(chart, file, offset, cache);
      if (hover) {
        checkSpan(files, file, hover.span, `hover ${where}`);
        assert.ok(hover.markdown.trim().length > 0, `an empty hover ${where}`);
        // The hovered value may start just after the cursor's blank; never on another line.
        const gap = offset < hover.span.start ? text.slice(offset, hover.span.start) : offset > hover.span.end ? text.slice(hover.span.end, offset) : '';
        assert.ok(!/[\r\n]/.test(gap), `hover ${where} covers ${hover.span.start}-${hover.span.end}, on another line than the cursor`);
      }
    }
  }
  try {
    getExecutionPlan(chart, cache);
  } catch (error) {
    assert.fail(`the execution plan threw: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

/** Every file of a chart by path, subcharts included. */
export function sourceFiles(chart: ChartInput): Map<string, string> {
  return new Map(sourcesOf(chart, { withChartYaml: true }).map((source) => [source.path, source.text]));
}

function checkFindingSpans(finding: Finding, files: Map<string, string>): void {
  const where = `${finding.rule} "${finding.message}"`;
  checkSpan(files, finding.file, finding.span, `span of ${where}`);
  assert.ok(finding.span.end > finding.span.start, `${where} has an empty span`);
  assert.ok(finding.message.length > 0, `${finding.rule} reported an empty message`);
  for (const related of finding.related) checkSpan(files, related.file, related.span, `related location of ${where}`);
  for (const fix of finding.fixes) for (const edit of fix.edits) checkSpan(files, edit.file, edit.span, `edit of fix "${fix.title}" of ${where}`);
}

function checkSpan(files: Map<string, string>, file: string, span: Span, what: string): void {
  const text = files.get(file);
  assert.ok(text !== undefined, `${what} names a file the chart does not have: ${file}`);
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what} has non-integer offsets ${span.start}-${span.end}`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what} ${span.start}-${span.end} lies outside ${file} (length ${text.length})`);
  for (const offset of [span.start, span.end]) {
    const splits = offset > 0 && offset < text.length && isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset));
    assert.ok(!splits, `${what} ${span.start}-${span.end} splits a surrogate pair at ${offset}`);
  }
}

export function checkMaskedViews(chart: ChartInput): void {
  const model = buildChartModel(chart);
  for (const file of model.files) {
    const { text, masked } = file;
    assert.equal(masked.length, text.length, `the masked view of ${file.path} changed the length`);
    let actionIndex = 0;
    const actions = file.scan.actions;
    for (let offset = 0; offset < text.length; offset++) {
      const ch = text[offset];
      if (ch === '\n' || ch === '\r' || masked[offset] === '\n' || masked[offset] === '\r') {
        assert.equal(masked[offset], ch, `the masked view of ${file.path} moved a line break at ${offset}`);
      }
      while (actionIndex < actions.length && actions[actionIndex].span.end <= offset) actionIndex++;
      const insideAction = actionIndex < actions.length && actions[actionIndex].span.start <= offset;
      if (!insideAction) assert.equal(masked[offset], ch, `the masked view of ${file.path} changed ${JSON.stringify(ch)} at ${offset}, outside any template action`);
    }
    for (const doc of file.documents) checkSkeleton(masked.slice(doc.span.start, doc.span.end), text.slice(doc.span.start, doc.span.end), `${file.path} document ${doc.index}`);
  }
}

/** The skeleton keeps offsets and reads apiVersion, kind and metadata as the full parse does. */
export function checkSkeleton(docText: string, source: string, where: string): void {
  const reduced = skeleton(docText, source);
  if (reduced === docText) return;
  assert.ok(reduced.length <= docText.length, `the skeleton of ${where} is longer than the document`);
  for (let offset = 0; offset < reduced.length; offset++) {
    const ch = reduced[offset];
    if (ch !== docText[offset]) assert.ok(ch === ' ' && docText[offset] !== '\n' && !(docText[offset] === '\r' && docText[offset + 1] === '\n'), `the skeleton of ${where} changed ${JSON.stringify(docText[offset])} at ${offset}`);
  }
  const options = { version: '1.1' as const, uniqueKeys: false };
  const full = parseDocument(docText, options);
  if (full.errors.length > 0) return; // Broken YAML reads differently either way; the spans are still checked above.
  const part = parseDocument(reduced, options);
  for (const key of ['apiVersion', 'kind', 'metadata', 'subjects']) {
    const wanted = full.get(key, true) as { range?: unknown; toJSON?: () => unknown } | undefined;
    const got = part.get(key, true) as { range?: unknown; toJSON?: () => unknown } | undefined;
    assert.deepEqual(got?.toJSON?.() ?? got, wanted?.toJSON?.() ?? wanted, `the skeleton of ${where} reads ${key} differently`);
    assert.deepEqual(got?.range, wanted?.range, `the skeleton of ${where} puts ${key} elsewhere`);
  }
}

/** Whether every document of a file parses: the masked view of templates, the raw text of values files. */
export function yamlParses(chart: ChartInput, path: string): boolean {
  const model = buildChartModel(chart);
  const template = model.files.find((file) => file.path === path);
  if (template) {
    return template.documents.every((doc) => parseDocument(template.masked.slice(doc.span.start, doc.span.end), { version: '1.1', uniqueKeys: false }).errors.length === 0);
  }
  const text = sourceFiles(chart).get(path) ?? '';
  return parseAllDocuments(text, { version: '1.1', uniqueKeys: false }).every((doc) => !('errors' in doc) || doc.errors.length === 0);
}

function checkPreferredFix(chart: ChartInput, files: Map<string, string>, finding: Finding, config: AnalysisConfig): void {
  const preferred = finding.fixes.find((fix) => fix.isPreferred);
  if (!preferred) return;
  const where = `preferred fix "${preferred.title}" of ${finding.rule} "${finding.message}"`;
  const byFile = groupByFile(preferred.edits);
  let fixedChart = chart;
  for (const [file, edits] of byFile) {
    const original = files.get(file)!;
    const applied = applyFixes(original, [edits]);
    assert.equal(applied.appliedFixes, 1, `${where}: its edits in ${file} overlap each other`);
    checkUntouched(original, applied.text, edits, where);
    if (/\r\n/.test(original) && !/(^|[^\r])\n/.test(original)) {
      for (const edit of edits) assert.ok(!/(^|[^\r])\n/.test(edit.newText), `${where} writes a bare LF into a CRLF file`);
    }
    fixedChart = replaceFile(fixedChart, file, applied.text);
    if (yamlParses(chart, file)) assert.ok(yamlParses(fixedChart, file), `${where} leaves ${file} with YAML that no longer parses:\n${applied.text}`);
  }
  const after = analyzeChart(fixedChart, config);
  assert.deepEqual(after.internalErrors, [], `${where}: analysing the fixed text failed`);
  const edits = byFile.get(finding.file) ?? [];
  const mapped = { start: mapOffset(finding.span.start, edits, 'start'), end: mapOffset(finding.span.end, edits, 'end') };
  const survivor = after.findings.find((other) => other.rule === finding.rule && other.file === finding.file && other.message === finding.message && other.span.start < Math.max(mapped.end, mapped.start + 1) && mapped.start < Math.max(other.span.end, other.span.start + 1));
  assert.ok(!survivor, `${where} did not remove its finding (still at ${survivor?.span.start}-${survivor?.span.end})`);
  // A second application: the same rule must not offer the same edit again where this one went.
  const applied = edits.map((edit) => ({ start: mapOffset(edit.span.start, edits, 'start'), newText: edit.newText }));
  const again = after.findings.find((other) => other.rule === finding.rule && other.fixes.some((fix) => fix.isPreferred && fix.edits.some((edit) => edit.file === finding.file && edit.newText !== '' && applied.some((done) => done.newText === edit.newText && Math.abs(done.start - edit.span.start) <= done.newText.length))));
  assert.ok(!again, `${where}, applied a second time, would write the same text again ("${again?.message}")`);
}

/**
 * All preferred fixes of a file applied together (what `--fix` does), then a second pass: the
 * text still parses when it did, and nothing fixed in the first pass is offered again. A fix may
 * reveal new findings (a hook Helm dropped for an unknown event is judged once it is fixed);
 * those are not repeats.
 */
function checkFixesStable(chart: ChartInput, files: Map<string, string>, findings: readonly Finding[], config: AnalysisConfig): void {
  for (const [file, original] of files) {
    const fixes = preferredFixEdits(findings, file);
    if (fixes.length === 0) continue;
    const first = applyFixes(original, fixes);
    if (first.skippedFixes > 0) continue; // Overlapping fixes wait for the next pass by design.
    const fixedChart = replaceFile(chart, file, first.text);
    if (yamlParses(chart, file)) assert.ok(yamlParses(fixedChart, file), `the preferred fixes of ${file}, applied together, leave YAML that no longer parses:\n${first.text}`);
    const fixedBefore = new Set(findings.filter((finding) => finding.fixes.some((fix) => fix.isPreferred)).map((finding) => `${finding.rule}|${finding.message}`));
    const after = analyzeChart(fixedChart, config).findings.filter((finding) => finding.fixes.some((fix) => fix.isPreferred && fix.edits.every((edit) => edit.file === file)));
    const repeated = after.filter((finding) => fixedBefore.has(`${finding.rule}|${finding.message}`));
    assert.deepEqual(repeated.map((finding) => `${finding.rule}: ${finding.message}`), [], `applying the preferred fixes of ${file} a second time would fix the same things again; after the first pass:\n${first.text}`);
  }
}

/** The text between edits is the original's, byte for byte and in order. */
function checkUntouched(original: string, fixed: string, edits: readonly TextEdit[], where: string): void {
  const ordered = [...edits].sort((a, b) => a.span.start - b.span.start);
  let cursor = 0;
  let fixedCursor = 0;
  for (const edit of ordered) {
    const kept = original.slice(cursor, edit.span.start);
    assert.equal(fixed.slice(fixedCursor, fixedCursor + kept.length), kept, `${where} changed text outside its edits`);
    fixedCursor += kept.length;
    assert.equal(fixed.slice(fixedCursor, fixedCursor + edit.newText.length), edit.newText, `${where}: the edit's text is not where the edit says`);
    fixedCursor += edit.newText.length;
    cursor = edit.span.end;
  }
  assert.equal(fixed.slice(fixedCursor), original.slice(cursor), `${where} changed text after its last edit`);
  assert.equal(fixed, applyEdits(original, edits).text);
}

/** Where an offset of the original lands after the edits; an offset inside an edit goes to that edit's start or end. */
function mapOffset(offset: number, edits: readonly TextEdit[], side: 'start' | 'end'): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    if (edit.span.end <= offset) delta += edit.newText.length - (edit.span.end - edit.span.start);
    else if (edit.span.start < offset) return edit.span.start + delta + (side === 'start' ? 0 : edit.newText.length);
    else break;
  }
  return offset + delta;
}

function groupByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const groups = new Map<string, TextEdit[]>();
  for (const edit of edits) groups.set(edit.file, [...(groups.get(edit.file) ?? []), edit]);
  return groups;
}

export function replaceFile(chart: ChartInput, file: string, text: string): ChartInput {
  return mapSources(chart, (source) => (source.path === file ? { path: file, text } : source));
}
