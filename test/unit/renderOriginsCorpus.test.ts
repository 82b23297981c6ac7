/**
 * Every `helm.sh/hook*` annotation of every rendered hook document of the 7 corpus charts (each
 * values case of test/fixtures/render/corpus/cases.json) resolves, through documentOrigins, to
 * real places: the file exists in the chart (or is the case's `-f` file), the range lies inside
 * it, and its bytes are the annotation's text (literal), hold the printed value (value), or are
 * the action that printed it (computed). Prints how many annotations are literal, come from
 * values, or are computed; the counts per chart and case are recorded below: the total must
 * match and the computed ones may only shrink. Needs the corpus, not the Helm binary.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { documentOrigins, type DocumentOrigin } from '../../server/src/analysis/render/documentOrigins';
import { renderChart } from '../../server/src/analysis/render/chart';
import type { SortedDocument } from '../../server/src/analysis/render/manifests';
import { parseArgs, type TemplateCommand } from '../../server/src/cli/args';
import { loadChart } from '../../server/src/node/chartLoader';
import { corpusAbsence, corpusRoot } from '../support/corpus';
import { renderableCopy, repoRoot } from './support/renderHarness';

type Kind = DocumentOrigin['kind'];
type Counts = Record<Kind, number>;

/**
 * Hook annotations per chart and case by origin: `value` when any of its text comes from values,
 * else `literal` when any is template text (quotes `toYaml` adds around it are computed), else `computed`.
 */
const recorded: Readonly<Record<string, Readonly<Record<string, Counts>>>> = {
  // The Jobs' annotations are built with `set $annotations "helm.sh/hook" "…"` and printed by toYaml: literal in the `set`.
  airflow: { default: { literal: 15, value: 0, computed: 0 }, 'extra-hooks': { literal: 21, value: 0, computed: 0 } },
  'argo-cd': { default: { literal: 8, value: 0, computed: 0 }, 'no-redis-init': { literal: 0, value: 0, computed: 0 }, upgrade: { literal: 8, value: 0, computed: 0 } },
  // Without its `common` dependency the chart does not render (Helm fails too): no documents.
  'bitnami-postgresql': { default: { literal: 0, value: 0, computed: 0 }, 'update-password': { literal: 0, value: 0, computed: 0 } },
  // Every hook annotation is printed by `toYaml` from values.yaml, each key and value traced to its own line.
  'cert-manager': { default: { literal: 0, value: 12, computed: 0 }, psp: { literal: 0, value: 21, computed: 0 } },
  'ingress-nginx': { default: { literal: 14, value: 0, computed: 0 }, networkpolicy: { literal: 16, value: 0, computed: 0 } },
  // The default values stop the render with the chart's `fail` message.
  temporal: { default: { literal: 0, value: 0, computed: 0 }, sql: { literal: 10, value: 0, computed: 0 } },
  vault: { default: { literal: 1, value: 0, computed: 0 }, ha: { literal: 1, value: 0, computed: 0 } },
};

const casesDir = path.join(repoRoot, 'test', 'fixtures', 'render', 'corpus');
const corpus = corpusRoot();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-origins-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The value (or, when it is empty, the key) of every `helm.sh/hook*` annotation of a document, as spans of its content. */
function hookAnnotations(content: string): { key: string; span: { start: number; end: number } }[] {
  const doc = parseDocument(content, { version: '1.1', uniqueKeys: false });
  const metadata = isMap(doc.contents) ? doc.contents.get('metadata', true) : undefined;
  const annotations = isMap(metadata) ? metadata.get('annotations', true) : undefined;
  if (!isMap(annotations)) return [];
  const out: { key: string; span: { start: number; end: number } }[] = [];
  for (const pair of annotations.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!key.startsWith('helm.sh/hook')) continue;
    const node = (pair.value as Node | null)?.range && (pair.value as Node).range![1] > (pair.value as Node).range![0] ? (pair.value as Node) : (pair.key as Node);
    out.push({ key, span: { start: node.range![0], end: node.range![1] } });
  }
  return out;
}

const unquote = (text: string): string => text.trim().replace(/^(["'])([\s\S]*)\1$/, '$2');

/** Why a piece does not point at a real place, or undefined when it does. */
function problemOf(piece: DocumentOrigin, printed: string, read: (file: string) => string | undefined): string | undefined {
  if (!piece.location) return piece.value?.from === 'flag' ? undefined : 'no location';
  const text = read(piece.location.file);
  if (text === undefined) return `${piece.location.file} does not exist`;
  const { start, end } = piece.location.span;
  if (!(start >= 0 && start <= end && end <= text.length)) return `range ${start}-${end} outside ${piece.location.file} (${text.length})`;
  const bytes = text.slice(start, end);
  if (piece.kind === 'literal' && bytes !== printed) return `${JSON.stringify(bytes)} is not the literal ${JSON.stringify(printed)}`;
  if (piece.kind === 'value' && !bytes.includes(unquote(printed)) && !(piece.value?.key && bytes.includes(unquote(printed).replace(/:\s*$/, '')))) return `${JSON.stringify(bytes)} does not hold the value ${JSON.stringify(printed)}`;
  if (piece.kind === 'computed') {
    const open = text.lastIndexOf('{{', start + 2);
    const close = text.indexOf('}}', open);
    if (open < 0 || close < 0 || close + 2 < end) return `${JSON.stringify(bytes)} is not inside an action`;
  }
  return undefined;
}

describe('hook annotations of the corpus resolve to real places', () => {
  if (!corpus) {
    it(`checks nothing: ${corpusAbsence()}`, () => {
      console.log(`render origins corpus: not checked (${corpusAbsence()})`);
    });
    return;
  }
  const cases = JSON.parse(fs.readFileSync(path.join(casesDir, 'cases.json'), 'utf8')) as Record<string, Record<string, string[]> | string>;
  for (const [chart, chartCases] of Object.entries(cases)) {
    if (typeof chartCases === 'string') continue;
    const chartDir = renderableCopy(path.join(corpus, chart), path.join(scratch, chart));
    const input = loadChart(chartDir);
    for (const [caseName, args] of Object.entries(chartCases)) {
      it(`${chart} ${caseName}`, () => {
        const parsed = parseArgs(['template', ...args, chartDir], { ruleIds: new Set() });
        assert.ok(parsed.ok);
        const command = parsed.value as TemplateCommand;
        const valueFiles = command.valueFiles.map((name) => ({ name, text: fs.readFileSync(path.resolve(casesDir, name), 'utf8') }));
        const render = renderChart(input, { valueFiles, set: command.set, setString: command.setString, setJson: command.setJson, isUpgrade: command.isUpgrade });
        const read = (file: string): string | undefined => {
          const full = command.valueFiles.includes(file) ? path.resolve(casesDir, file) : path.join(chartDir, file);
          return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
        };
        const documents: SortedDocument[] = [...(render.sorted?.hooks ?? []), ...(render.sorted?.unknownHooks ?? [])];
        const counts: Counts = { literal: 0, value: 0, computed: 0 };
        const problems: string[] = [];
        for (const document of documents) {
          for (const annotation of hookAnnotations(document.content)) {
            const pieces = documentOrigins(render, document, annotation.span);
            if (pieces.length === 0) problems.push(`${document.source} ${annotation.key}: no origin`);
            for (const piece of pieces) {
              const problem = problemOf(piece, document.content.slice(piece.output.start, piece.output.end), read);
              if (problem) problems.push(`${document.source} ${annotation.key}: ${piece.kind} ${problem}`);
            }
            const kinds = new Set(pieces.map((piece) => piece.kind));
            counts[kinds.has('value') ? 'value' : kinds.has('literal') ? 'literal' : 'computed']++;
          }
        }
        console.log(`render origins ${chart} ${caseName}: ${documents.length} hook documents, annotations ${counts.literal} literal, ${counts.value} from values, ${counts.computed} computed`);
        assert.deepEqual(problems, []);
        const expected = recorded[chart]?.[caseName];
        assert.ok(expected, `no counts recorded for ${chart} ${caseName}`);
        assert.equal(counts.literal + counts.value + counts.computed, expected.literal + expected.value + expected.computed, 'number of hook annotations');
        assert.ok(counts.computed <= expected.computed, `${counts.computed} computed annotations, more than the ${expected.computed} recorded`);
      });
    }
  }
});
