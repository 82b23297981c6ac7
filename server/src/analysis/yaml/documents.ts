/**
 * Reads one template file into the model: scan the actions, mask them, split the text into
 * documents where Helm does (`---` at column 0), parse each document's mask with `yaml`,
 * and pick out what the rules need. Offsets in the model always point at the original text.
 */
import * as yaml from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { isHookKeyCandidate } from '../helm/hooks';
import { appliedPairs, isMergeKey } from './mergeKeys';
import { parseNodesGuarded } from './parseGuard';
import { asYamlNode, type PlainNode } from './plainNodes';
import { detached, previousDocuments, type DocumentMove } from './reuse';
import { createMasker, type Masker } from '../template/mask';
import { rescanned } from '../template/rescan';
import { scanTemplate, type TemplateAction, type TemplateScan, type TemplateToken } from '../template/scanner';
import type { AnnotationBlock, AnnotationEntry, ManifestDocument, MetadataBlock, ObjectReference, PodSpecInfo, ReferenceKind, TemplateFile, ValueInfo } from '../model/model';
import type { SourceFile, Span } from '../types';
import { actionsIn, afterColon, printsText, aliasTargets, readValue, type SourceContext } from './values';
import { endOfLine, indentationAt, startOfLine } from '../text/lineIndex';
import { mayHoldEscapedKey } from './escapedKeys';

// Read once: the bundle reaches the exports of `yaml` (a CommonJS package) through one shared getter per use,
// a megamorphic load that was a twentieth of reading the 13,548-hook file (bench/README.md, section 7).
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

/** `previous`: the same file before an edit; its documents that the edit left alone are taken over (reuse.ts), each moved copy recorded in `moves`. */
export function parseTemplateFile(file: SourceFile, previous?: TemplateFile, moves?: WeakMap<ManifestDocument, DocumentMove>): TemplateFile {
  const text = file.text;
  // After an edit of literal text only, the previous scan and mask are taken over (moved), not made again.
  const again = previous ? rescanned(previous, text) : undefined;
  const scan = again?.scan ?? scanTemplate(text);
  // The mask is made for the parts read (a skeleton reads a large document's first lines), and whole when asked for.
  const masker = again ? wholeMasker(again.masked) : createMasker(text, scan);
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const isPartial = base.startsWith('_');
  const isManifest = !isPartial && !base.endsWith('NOTES.txt');
  const documents: ManifestDocument[] = [];
  const loose: AnnotationEntry[] = [];
  if (isManifest) {
    const reused = previous ? previousDocuments(previous, moves) : undefined;
    // After an edit (an editor's re-read), the few documents read again are taken over by later edits: they must not keep this text alive (detached).
    const read = (span: Span, index: number): ManifestDocument => (previous ? detached(readDocument(text, masker, scan.actions, span, index)) : readDocument(text, masker, scan.actions, span, index));
    splitDocuments(text).forEach((span, index) => documents.push(reused?.(text, masker.whole(), scan.actions, span, index) ?? read(span, index)));
  } else {
    loose.push(...argumentAnnotations(text, scan.actions, 0, text.length));
  }
  return templateFile(file.path, text, isPartial, scan, masker, documents, loose);
}

/**
 * The file's model, its mask made whole when first read. Built here, not where it is read: a getter
 * made there would share that function's closure context, `previous` with it, and every state of a
 * file an editor keeps would keep the one before it alive (keptMemory.test.ts: 32 MB over 30 keystrokes).
 */
function templateFile(path: string, text: string, isPartial: boolean, scan: TemplateScan, masker: Masker, documents: ManifestDocument[], loose: AnnotationEntry[]): TemplateFile {
  return {
    path,
    text,
    isPartial,
    scan,
    get masked(): string {
      return masker.whole();
    },
    documents,
    looseArgumentAnnotations: loose,
  };
}

/** A masker of a mask already made. */
function wholeMasker(masked: string): Masker {
  return { slice: (start, end) => masked.slice(start, end), whole: () => masked };
}

/** Document spans the way Helm splits rendered output: on lines that start with `---`. */
export function splitDocuments(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const split = (lineStart: number): void => {
    spans.push({ start, end: lineStart });
    let contentStart = lineStart + 3;
    while (text[contentStart] === ' ' || text[contentStart] === '\t') contentStart++;
    start = contentStart;
  };
  if (text.startsWith('---')) split(0);
  // One native search for the separator lines: a loop over every line of the file was 5-15 ms of a
  // cold CLI on argo-cd's 1.4 MB CustomResourceDefinition alone (28,000 lines, one document).
  separatorLine.lastIndex = 0;
  for (let match = separatorLine.exec(text); match; match = separatorLine.exec(text)) split(match.index + 1);
  spans.push({ start, end: text.length });
  return spans;
}

/** A line break before `---`: a line that starts a new document. */
const separatorLine = /\n---/g;

function readDocument(text: string, masker: Masker, actions: readonly TemplateAction[], span: Span, index: number): ManifestDocument {
  const docActions = actionsIn(actions, span.start, span.end);
  let maskedDocument: string | undefined;
  const wholeDocument = (): string => (maskedDocument ??= masker.whole().slice(span.start, span.end));
  // Plain block YAML comes back as the block reader's plain nodes (no Document built; no errors, no anchors), the rest as yaml's document.
  const outcome = parseNodesGuarded(documentSkeleton(text, masker, docActions, span, wholeDocument), { version: '1.1', uniqueKeys: false, prettyErrors: false });
  if ('refused' in outcome) {
    // The YAML is not read, but the annotations written inside template actions still are (and template-syntax-error says why the rest is not).
    return { index, span, hasTemplateActions: docActions.length > 0, argumentAnnotations: argumentAnnotations(text, docActions, span.start, span.end), boundServiceAccounts: [], yamlErrors: [], yamlReadable: false, yamlRefused: outcome.refused };
  }
  const parsed = 'document' in outcome ? outcome.document : undefined;
  const errors = parsed ? parsed.errors : [];
  const aliases = parsed ? aliasTargets(parsed, wholeDocument()) : undefined;
  const source: SourceContext = { text, actions: docActions, offset: span.start, aliases };
  const yamlErrors = docActions.length === 0 ? errors.map((error) => ({ span: { start: error.pos[0] + span.start, end: Math.max(error.pos[1], error.pos[0] + 1) + span.start }, message: error.message.split('\n')[0] })) : [];
  const root = parsed ? parsed.contents : asYamlNode((outcome as { nodes: PlainNode }).nodes);
  const sharedSpans = aliases && aliases.size > 0 ? [...new Set(aliases.values())].filter((node) => node.range).map((node) => nodeSpan(source, node)) : [];
  const base: ManifestDocument = {
    index,
    span,
    hasTemplateActions: docActions.length > 0,
    argumentAnnotations: argumentAnnotations(text, docActions, span.start, span.end),
    boundServiceAccounts: [],
    yamlErrors,
    yamlReadable: errors.length === 0,
    ...(sharedSpans.length > 0 ? { sharedSpans } : {}),
  };
  if (!isMap(root)) return base;
  const metadataPair = appliedPair(source, root, 'metadata');
  const metadata = metadataPair ? readMetadata(source, metadataPair) : undefined;
  const metadataMap = metadataPair ? mapOf(source, metadataPair.value) : undefined;
  const kind = scalarField(source, root, 'kind');
  const specPair = pairOf(root, 'spec');
  const specMap = specPair && isMap(specPair.value) ? specPair.value : undefined;
  const podSpec = kind?.value ? readPodSpec(source, kind.value, specMap) : undefined;
  const ttlPair = kind?.value === 'Job' && specMap ? pairOf(specMap, 'ttlSecondsAfterFinished') : undefined;
  // The fields are added to `base` (its own first, in their order, whatever it holds): spreading `base` into a new literal took V8's slow copy, per document.
  Object.assign(base, {
    apiVersion: scalarField(source, root, 'apiVersion'),
    kind,
    name: metadataMap ? scalarField(source, metadataMap, 'name') : undefined,
    namespace: metadataMap ? scalarField(source, metadataMap, 'namespace') : undefined,
    metadata,
    specKeySpan: specPair ? keySpan(source, specPair) : undefined,
    spec: specPair && specMap ? { valueSpan: nodeSpan(source, specMap), childIndent: childIndent(source, specPair, specMap) } : undefined,
    podSpec,
    ttlSecondsAfterFinished: ttlPair ? { keySpan: keySpan(source, ttlPair), value: readValue(source, ttlPair.value as Node, colonEnd(source, ttlPair)) } : undefined,
    boundServiceAccounts: kind?.value === 'RoleBinding' || kind?.value === 'ClusterRoleBinding' ? boundServiceAccounts(source, root) : [],
  });
  if (kind?.value === 'ServiceAccount') Object.assign(base, literalBoolean(root, 'automountServiceAccountToken'));
  return base;
}

/** Documents at least this long whose kind has no pod template are parsed as a skeleton (see `skeleton`). */
export const skeletonThreshold = 16 * 1024;

/** Kinds whose `spec` the model reads for hooks: pod templates (references, restart policy, pod annotations) and Jobs (TTL). */
const kindsReadInFull: ReadonlySet<string> = new Set(['Pod', 'Job', 'CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/** A key at column 0 (sticky: matched where a line starts). */
const topLevelKey = /([A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t\r\n]|$)/y;
const literalKind = /["']?kind["']?[ \t]*:[ \t]*([A-Za-z0-9]+)[ \t]*\r?(?:\n|$)/y;
/** What the model reads of every document: its identity, its metadata, and the subjects of a binding. */
const keptKeys: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'subjects', 'automountServiceAccountToken'].flatMap((key) => [key, `"${key}"`, `'${key}'`]));
/**
 * Text that could be, or nearly be, a hook annotation key (what `isHookKeyCandidate` accepts has
 * `helm.sh`, `helmsh` or a `hook` in it). `webhook` alone does not count: admission webhooks are
 * everywhere in charts, and a key two edits from `helm.sh/hook` cannot hide `helm.sh` behind it.
 * Nor does `helm.sh/chart`, the label nearly every chart writes on every object (76 of the corpus's
 * 110 documents parsed in full had no other hook-like text): `chart` is four edits from `hook`,
 * so no key that starts with `helm.sh/chart` is a candidate. Nor do `helm.sh/resource-policy` (the
 * annotation that keeps CustomResourceDefinitions: 12 of the cert-manager CRDs and argo-cd's,
 * read in full for it alone) and `lifecycleHooks` (bitnami's values key, printed into its
 * StatefulSets): a key within two edits of a hook key that holds either would hold a string
 * within two edits of a part of a hook key, and neither `resource-policy` nor `lifecyclehook` is
 * (test/unit/hookLike.test.ts mutates hook keys to hold this regex to `isHookKeyCandidate`).
 */
export const hookLike = /helm\.?sh(?!\/chart|\/resource-policy)|(?<!web|lifecycle)hook/i;

/**
 * The part of a document's masked text that the model needs. Rules read the `spec` of a document
 * only when it is a hook (or carries hook-like keys in its pod template), and a 1.4 MB
 * CustomResourceDefinition is almost all `spec`: parsing it costs more than everything else together.
 * So the bodies of top-level keys other than apiVersion, kind, metadata and subjects become spaces
 * (newlines stay, so offsets do not move), and those at the end are cut, for a document with a
 * literal `kind` that either has no hook-like text at all (`source` is its original text), or is
 * `skeletonThreshold` or longer and of a kind without a pod template. Anything unclear keeps the whole text.
 */
export function skeleton(docText: string, source: string = docText): string {
  return skeletonOf(source, { whole: () => docText, slice: (start, end) => docText.slice(start, end), keyLines: () => keyLineStarts(docText), line: (start) => ({ text: docText, at: start }) });
}

/**
 * `skeleton(mask, written)` of the document at `span` (`actions`: those in it, `whole`: its whole
 * mask): a large document's skeleton reads the mask of its kept lines only (a short one's mask
 * costs less made whole than in parts).
 */
export function documentSkeleton(text: string, masker: Masker, actions: readonly TemplateAction[], span: Span, whole: () => string = () => masker.whole().slice(span.start, span.end)): string {
  const written = text.slice(span.start, span.end);
  return written.length < skeletonThreshold ? skeleton(whole(), written) : skeletonOf(written, documentMask(text, masker, actions, span, whole));
}

/**
 * A line break before a character that may start `topLevelKey`. One native search finds the lines
 * that may hold a key: trying the key pattern at every line cost 8-37 ms of a cold CLI on argo-cd's
 * 1.4 MB CustomResourceDefinition (28,000 lines, 4 keys), the search under 1 ms (`^` with the `m`
 * flag is slower, and would also match after a lone carriage return, where no line starts here).
 */
const keyLineBreak = /\n(?=[A-Za-z_"'])/g;

/** Where the lines of `text` start whose first character may start a top-level key, in order. */
function keyLineStarts(text: string): number[] {
  const starts: number[] = [];
  if (/^[A-Za-z_"']/.test(text)) starts.push(0);
  keyLineBreak.lastIndex = 0;
  for (let match = keyLineBreak.exec(text); match; match = keyLineBreak.exec(text)) starts.push(match.index + 1);
  return starts;
}

/**
 * A document's mask as the skeleton reads it, made only where it is read: `whole()` all of it,
 * `slice` a part (offsets in the document), `line` the text to read the line that starts at
 * `start` in (up to its line break) and where that line starts in it.
 */
interface DocumentMask {
  whole(): string;
  slice(start: number, end: number): string;
  /** Where the lines start (in order) that may hold a top-level key in the mask: every other line starts with none of its first characters. */
  keyLines(): readonly number[];
  line(start: number, end: number): { text: string; at: number };
}

/**
 * The mask of the document at `span` of a file whose actions in it are `actions` (in order): a
 * line that no action touches is its own mask (the source is read), any other is masked alone.
 */
function documentMask(text: string, masker: Masker, actions: readonly TemplateAction[], span: Span, whole: () => string): DocumentMask {
  const offset = span.start;
  let next = 0;
  return {
    whole,
    slice: (start, end) => masker.slice(offset + start, offset + end),
    keyLines() {
      // The lines no action touches read the same in the source; the others are all read in the mask.
      const written = keyLineStarts(text.slice(offset, span.end));
      const touched: number[] = [];
      for (const action of actions) {
        const from = Math.max(action.span.start, offset);
        const to = Math.min(action.span.end, span.end);
        if (to <= from) continue;
        // A document may start inside a line (after `---`): its first line starts where it does.
        const first = Math.max(0, startOfLine(text, from) - offset);
        if (touched.length === 0 || touched[touched.length - 1] < first) touched.push(first);
        for (let newline = text.indexOf('\n', from); newline >= 0 && newline < to - 1; newline = text.indexOf('\n', newline + 1)) {
          if (touched[touched.length - 1] < newline + 1 - offset) touched.push(newline + 1 - offset);
        }
      }
      return touched.length === 0 ? written : [...new Set([...written, ...touched])].sort((a, b) => a - b);
    },
    line(start, end) {
      // Lines are asked for in order: actions that end before this line are behind every later one too.
      while (next < actions.length && actions[next].span.end <= offset + start) next++;
      const touched = next < actions.length && actions[next].span.start <= offset + end;
      // With its line break: the keys' patterns read the character after a colon.
      return touched ? { text: masker.slice(offset + start, Math.min(offset + end + 1, span.end)), at: 0 } : { text: '', at: -1 };
    },
  };
}

/** `skeleton(mask.whole(), source)`, reading of the mask only what the skeleton keeps. */
function skeletonOf(source: string, mask: DocumentMask): string {
  const hookish = hookLike.test(source) || mayHoldEscapedKey(source);
  if (hookish && source.length < skeletonThreshold) return mask.whole();
  const blocks: { key: string; start: number }[] = [];
  let kind: string | undefined;
  for (const lineStart of mask.keyLines()) {
    // Line breaks are where the source has them (masks keep them); the keys are read in the mask.
    const newline = source.indexOf('\n', lineStart);
    const line = mask.line(lineStart, newline < 0 ? source.length : newline);
    const lineText = line.at < 0 ? source : line.text;
    const at = line.at < 0 ? lineStart : line.at;
    topLevelKey.lastIndex = at;
    const match = topLevelKey.exec(lineText);
    if (match) {
      blocks.push({ key: match[1], start: lineStart });
      literalKind.lastIndex = at;
      if (kind === undefined && (match[1] === 'kind' || match[1] === '"kind"' || match[1] === "'kind'")) kind = literalKind.exec(lineText)?.[1] ?? '';
    }
  }
  if (!kind || (hookish && kindsReadInFull.has(kind))) return mask.whole();
  const lastKept = blocks.reduce((last, block, index) => (keptKeys.has(block.key) ? index : last), -1);
  const keptEnd = lastKept + 1 < blocks.length ? blocks[lastKept + 1].start : source.length;
  const parts: string[] = [mask.slice(0, blocks[0].start)];
  for (let index = 0; index <= lastKept; index++) {
    const end = index + 1 < blocks.length ? blocks[index + 1].start : source.length;
    // A blanked body is the same read in the source: the mask keeps every line break and carriage return.
    // Line breaks stay; a carriage return alone is text to YAML, so it goes with the rest.
    parts.push(keptKeys.has(blocks[index].key) ? mask.slice(blocks[index].start, end) : source.slice(blocks[index].start, end).replace(/\r(?!\n)|[^\r\n]/g, ' '));
  }
  return parts.join('').slice(0, keptEnd);
}

function readMetadata(source: SourceContext, pair: Pair): MetadataBlock {
  const map = mapOf(source, pair.value);
  const annotationsPair = map ? appliedPair(source, map, 'annotations') : undefined;
  return {
    keySpan: keySpan(source, pair),
    valueSpan: map ? nodeSpan(source, map) : { start: colonEnd(source, pair), end: colonEnd(source, pair) },
    childIndent: childIndent(source, pair, map),
    annotations: annotationsPair ? readAnnotations(source, annotationsPair) : undefined,
  };
}

function readAnnotations(source: SourceContext, pair: Pair): AnnotationBlock {
  const map = mapOf(source, pair.value);
  const entries: AnnotationEntry[] = [];
  for (const item of map ? annotationPairs(source, map) : []) {
    if (!isScalar(item.key) || !item.key.range) continue;
    const entryKeySpan = keySpan(source, item);
    const value = readValue(source, item.value as Node, colonEnd(source, item));
    const lineStart = startOfLine(source.text, entryKeySpan.start);
    const contentEnd = Math.max(value.span.end, entryKeySpan.end);
    const lastLineEnd = endOfLine(source.text, contentEnd);
    // A multi-line value's span may already end after its line break; the next line is not the entry's.
    const next = source.text[contentEnd - 1] === '\n' ? contentEnd : source.text[lastLineEnd] === '\r' ? lastLineEnd + 2 : lastLineEnd + 1;
    entries.push({
      key: String(item.key.value),
      keySpan: entryKeySpan,
      keySource: source.text.slice(entryKeySpan.start, entryKeySpan.end),
      value,
      lineSpan: { start: lineStart, end: Math.min(source.text.length, next) },
      origin: 'yaml',
    });
  }
  const key = keySpan(source, pair);
  const valueSpan = map ? nodeSpan(source, map) : { start: colonEnd(source, pair), end: colonEnd(source, pair) };
  const regionEnd = blockEnd(source, key.start);
  const templated = actionsIn(source.actions, key.end, regionEnd).some((action) => printsText(action) || action.kind === 'range');
  const flow = !!map && (map as YAMLMap).flow === true;
  // The indentation of the mapping's own entries, not of an anchor's merged into it.
  const own = map ? entries.find((entry) => entry.keySpan.start >= valueSpan.start && entry.keySpan.end <= valueSpan.end) : undefined;
  const entryIndent = own ? indentationAt(source.text, own.keySpan.start) : indentationAt(source.text, key.start) + '  ';
  return { keySpan: key, valueSpan, entries, templated, flow, entryIndent };
}

function readPodSpec(source: SourceContext, kind: string, spec: YAMLMap | undefined): PodSpecInfo | undefined {
  if (!spec) return undefined;
  let templateMap: YAMLMap | undefined;
  let podPair: Pair | undefined;
  if (kind === 'Pod') {
    podPair = undefined;
  } else {
    const jobTemplate = kind === 'CronJob' ? mapAt(spec, ['jobTemplate', 'spec']) : spec;
    const templatePair = jobTemplate ? pairOf(jobTemplate, 'template') : undefined;
    templateMap = templatePair && isMap(templatePair.value) ? templatePair.value : undefined;
    podPair = templateMap ? pairOf(templateMap, 'spec') : undefined;
    if (!podPair || !isMap(podPair.value)) {
      const templateMetadataPair = templateMap ? appliedPair(source, templateMap, 'metadata') : undefined;
      if (!templateMetadataPair) return undefined;
      return { keySpan: { start: 0, end: 0 }, valueSpan: { start: 0, end: 0 }, childIndent: '', references: [], templateMetadata: readMetadata(source, templateMetadataPair) };
    }
  }
  const podMap = kind === 'Pod' ? spec : (podPair!.value as YAMLMap);
  const restartPair = pairOf(podMap, 'restartPolicy');
  const templateMetadataPair = templateMap ? appliedPair(source, templateMap, 'metadata') : undefined;
  return {
    keySpan: podPair ? keySpan(source, podPair) : { start: 0, end: 0 },
    valueSpan: nodeSpan(source, podMap),
    childIndent: indentationAt(source.text, firstKeyOffset(source, podMap)),
    restartPolicy: restartPair ? readValue(source, restartPair.value as Node, colonEnd(source, restartPair)) : undefined,
    restartPolicyKeySpan: restartPair ? keySpan(source, restartPair) : undefined,
    references: podReferences(source, podMap),
    ...literalBoolean(podMap, 'automountServiceAccountToken'),
    templateMetadata: templateMetadataPair ? readMetadata(source, templateMetadataPair) : undefined,
  };
}

function podReferences(source: SourceContext, pod: YAMLMap): ObjectReference[] {
  const references: ObjectReference[] = [];
  const add = (kind: ReferenceKind, map: unknown, field: string, via: string): void => {
    if (!isMap(map)) return;
    if (scalarValue(map, 'optional') === true) return;
    const pair = pairOf(map, field);
    if (!pair) return;
    const value = readValue(source, pair.value as Node, colonEnd(source, pair));
    if (value.type === 'null' || value.type === 'map' || value.type === 'seq') return;
    references.push({ kind, name: value.type === 'templated' ? normalizeTemplatedName(value.source) : value.value ?? '', templated: value.type === 'templated', span: value.span, via });
  };
  add('ServiceAccount', pod, 'serviceAccountName', 'serviceAccountName');
  for (const volume of seqItems(pod, 'volumes')) {
    add('ConfigMap', child(volume, 'configMap'), 'name', 'volumes');
    add('Secret', child(volume, 'secret'), 'secretName', 'volumes');
    add('PersistentVolumeClaim', child(volume, 'persistentVolumeClaim'), 'claimName', 'volumes');
    const projected = child(volume, 'projected');
    for (const projection of isMap(projected) ? seqItems(projected, 'sources') : []) {
      add('ConfigMap', child(projection, 'configMap'), 'name', 'projected volume');
      add('Secret', child(projection, 'secret'), 'name', 'projected volume');
    }
  }
  for (const containerList of ['initContainers', 'containers']) {
    for (const container of seqItems(pod, containerList)) {
      for (const env of isMap(container) ? seqItems(container, 'env') : []) {
        const valueFrom = child(env, 'valueFrom');
        add('ConfigMap', child(valueFrom, 'configMapKeyRef'), 'name', 'env');
        add('Secret', child(valueFrom, 'secretKeyRef'), 'name', 'env');
      }
      for (const envFrom of isMap(container) ? seqItems(container, 'envFrom') : []) {
        add('ConfigMap', child(envFrom, 'configMapRef'), 'name', 'envFrom');
        add('Secret', child(envFrom, 'secretRef'), 'name', 'envFrom');
      }
    }
  }
  for (const pullSecret of seqItems(pod, 'imagePullSecrets')) add('Secret', pullSecret, 'name', 'imagePullSecrets');
  return references;
}

function boundServiceAccounts(source: SourceContext, root: YAMLMap): { name: string; span: Span }[] {
  const result: { name: string; span: Span }[] = [];
  for (const subject of seqItems(root, 'subjects')) {
    if (!isMap(subject) || scalarValue(subject, 'kind') !== 'ServiceAccount') continue;
    const pair = pairOf(subject, 'name');
    if (!pair) continue;
    const value = readValue(source, pair.value as Node, colonEnd(source, pair));
    result.push({ name: value.type === 'templated' ? normalizeTemplatedName(value.source) : value.value ?? '', span: value.span });
  }
  return result;
}

/**
 * Hook annotations passed as string arguments, such as `dict "helm.sh/hook" "pre-upgrade"`
 * or `set $annotations "helm.sh/hook-weight" "1"`: a hook-like string key followed by a string.
 */
function argumentAnnotations(text: string, actions: readonly TemplateAction[], start: number, end: number): AnnotationEntry[] {
  const entries: AnnotationEntry[] = [];
  const inside = actionsIn(actions, start, end);
  const marks = keyMarks(text, inside);
  let mark = 0;
  for (const action of inside) {
    // Only an action whose text holds a mark can pass a hook-like key; the others' tokens are not made (scanner.ts makes them when read).
    while (mark < marks.length && marks[mark] < action.innerSpan.start) mark++;
    if (mark === marks.length) break;
    if (marks[mark] >= action.innerSpan.end) continue;
    const tokens = action.tokens;
    for (let index = 0; index + 1 < tokens.length; index++) {
      const keyToken = tokens[index];
      const valueToken = tokens[index + 1];
      if (keyToken.kind !== 'string' || !isHookKeyCandidate(keyToken.value ?? '')) continue;
      const key = { key: keyToken.value ?? '', keySpan: keyToken.span, keySource: keyToken.text, origin: 'template-argument' as const };
      if (valueToken.kind === 'string' || valueToken.kind === 'rawString') {
        const contentSpan = { start: valueToken.span.start + 1, end: Math.max(valueToken.span.start + 1, valueToken.span.end - 1) };
        const value: ValueInfo = {
          type: 'string',
          value: valueToken.value ?? '',
          source: valueToken.text,
          span: valueToken.span,
          contentSpan,
          style: 'double',
          literalMapping: valueToken.text.slice(1, -1) === valueToken.value,
        };
        entries.push({ ...key, value, lineSpan: { start: keyToken.span.start, end: valueToken.span.end } });
        index++;
        continue;
      }
      // `dict "helm.sh/hook-weight" .Values.weight`: the key is set, its value known only after rendering.
      const valueEnd = argumentEnd(tokens, index + 1);
      if (valueEnd < 0 || !isDictOrSetKey(tokens, index)) continue;
      const span = { start: valueToken.span.start, end: tokens[valueEnd].span.end };
      const value: ValueInfo = { type: 'templated', source: text.slice(span.start, span.end), span, contentSpan: span, style: 'plain', literalMapping: false };
      entries.push({ ...key, value, lineSpan: { start: keyToken.span.start, end: span.end } });
      index = valueEnd;
    }
  }
  return entries;
}

/** Index of the last token of the argument that starts at `first` (a whole parenthesised group), or -1 when none starts there. */
/**
 * Where the text of `actions` (in order) holds `helm` or `hook` (any case) or a backslash, in order.
 * A string key that `isHookKeyCandidate` passes holds `helm` or `hook` as written unless an escape
 * spells it, so an action's string arguments can pass only if its inner text holds a mark.
 */
function keyMarks(text: string, actions: readonly TemplateAction[]): number[] {
  if (actions.length === 0) return [];
  const from = actions[0].innerSpan.start;
  const part = text.slice(from, Math.max(from, actions[actions.length - 1].innerSpan.end));
  const marks: number[] = [];
  keyMark.lastIndex = 0;
  for (let found = keyMark.exec(part); found; found = keyMark.exec(part)) marks.push(from + found.index);
  return marks;
}

const keyMark = /helm|hook|\\/gi;

function argumentEnd(tokens: readonly TemplateToken[], first: number): number {
  const token = tokens[first];
  if (!token) return -1;
  if (token.kind === 'field' || token.kind === 'variable' || token.kind === 'number' || token.kind === 'char') return first;
  if (token.kind !== 'leftParen') return -1;
  let depth = 0;
  for (let index = first; index < tokens.length; index++) {
    if (tokens[index].kind === 'leftParen') depth++;
    if (tokens[index].kind === 'rightParen' && --depth === 0) return index;
  }
  return -1;
}

/**
 * Whether the string at `keyIndex` is a key argument of `dict` (an even number of arguments
 * after `dict`) or of `set` (`set $map "key" value`), walking back over whole arguments.
 */
function isDictOrSetKey(tokens: readonly TemplateToken[], keyIndex: number): boolean {
  let argumentsBefore = 0;
  for (let index = keyIndex - 1; index >= 0; index--) {
    const token = tokens[index];
    if (token.kind === 'rightParen') {
      let depth = 0;
      for (; index >= 0; index--) {
        if (tokens[index].kind === 'rightParen') depth++;
        if (tokens[index].kind === 'leftParen' && --depth === 0) break;
      }
      argumentsBefore++;
      continue;
    }
    if (token.kind === 'identifier') {
      if (token.text === 'dict') return argumentsBefore % 2 === 0;
      if (token.text === 'set') return argumentsBefore === 1;
      return false;
    }
    if (token.kind === 'pipe' || token.kind === 'leftParen' || token.kind === 'declare' || token.kind === 'assign' || token.kind === 'comma') return false;
    argumentsBefore++;
  }
  return false;
}

/**
 * Text the steps of `normalizeTemplatedName` may change: a `{{` not followed by one space and a
 * non-blank, a `}}` not after a space (a trim marker `-}}` included), a blank other than a space,
 * two blanks in a row, a blank at either end. Text with none of them is its own normal form
 * (`{{ include "x.fullname" . }}-hook`, as charts write names), which one search says.
 */
const mayNormalize = /\{\{(?! \S)|[^ ]\}\}|^\}\}|[^\S ]|\s\s|^\s|\s$/;

/** Template text compared as text: quotes, trim markers and runs of spaces do not matter. */
export function normalizeTemplatedName(source: string): string {
  let text = source.trim();
  if ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'"))) text = text.slice(1, -1);
  if (!mayNormalize.test(text)) return text;
  return spaceBeforeClose(text.replace(/\{\{-?\s*/g, '{{ '))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Every `}}` with the trim marker and blanks before it made ` }}`, in one pass: the regex
 * `/\s*-?\}\}/g` retried from every blank of a long run and was quadratic (100k spaces: 9.6 s).
 */
function spaceBeforeClose(text: string): string {
  let result = '';
  let copied = 0;
  for (let close = text.indexOf('}}'); close >= 0; close = text.indexOf('}}', copied)) {
    let start = close;
    if (start > copied && text[start - 1] === '-') start--;
    while (start > copied && /\s/.test(text[start - 1])) start--;
    result += `${text.slice(copied, start)} }}`;
    copied = close + 2;
  }
  return result + text.slice(copied);
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item as Pair;
  }
  return undefined;
}

/**
 * The pair Helm reads for `key`: in a mapping with merge keys (`<<`), the last pair applied
 * (mergeKeys.ts), which may stand in an anchor's text; without one, the first written.
 */
function appliedPair(source: SourceContext, map: YAMLMap, key: string): Pair | undefined {
  if (!map.items.some((item) => isMergeKey(item.key))) return pairOf(map, key);
  let found: Pair | undefined;
  for (const applied of appliedPairs(map, (alias) => source.aliases?.get(alias))) {
    if (!('error' in applied) && isScalar(applied.pair.key) && applied.pair.key.value === key) found = applied.pair;
  }
  return found;
}

/**
 * The annotations Helm reads from a mapping with merge keys: a merged pair unless a pair applied
 * after it has its key, and every written pair (duplicates too, as without merges) unless a merge
 * after it overwrites it.
 */
function annotationPairs(source: SourceContext, map: YAMLMap): Pair[] {
  if (!map.items.some((item) => isMergeKey(item.key))) return map.items as Pair[];
  const applied = [...appliedPairs(map, (alias) => source.aliases?.get(alias))].filter((item) => !('error' in item)) as { pair: Pair; through?: Node }[];
  const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);
  const last = new Map<unknown, number>();
  const lastMerged = new Map<unknown, number>();
  applied.forEach((item, index) => {
    last.set(keyOf(item.pair), index);
    if (item.through) lastMerged.set(keyOf(item.pair), index);
  });
  return applied.filter((item, index) => (item.through ? last.get(keyOf(item.pair)) === index : (lastMerged.get(keyOf(item.pair)) ?? -1) < index)).map((item) => item.pair);
}

/** A mapping value, through an alias (`metadata: *meta`). */
function mapOf(source: SourceContext, node: unknown): YAMLMap | undefined {
  const target = isAlias(node) ? source.aliases?.get(node) : node;
  return isMap(target) ? target : undefined;
}

function mapAt(map: YAMLMap, path: string[]): YAMLMap | undefined {
  let current: YAMLMap | undefined = map;
  for (const key of path) {
    const pair: Pair | undefined = current ? pairOf(current, key) : undefined;
    current = pair && isMap(pair.value) ? pair.value : undefined;
  }
  return current;
}

function child(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  return pairOf(node, key)?.value;
}

function seqItems(map: unknown, key: string): unknown[] {
  const value = child(map, key);
  return isSeq(value) ? value.items : [];
}

/** `{ [key]: value }` when the map holds `key` as a literal boolean (a masked template action reads as text, never as one). */
function literalBoolean(map: YAMLMap, key: 'automountServiceAccountToken'): { automountServiceAccountToken?: boolean } {
  const value = scalarValue(map, key);
  return typeof value === 'boolean' ? { [key]: value } : {};
}

function scalarValue(map: YAMLMap, key: string): unknown {
  const value = pairOf(map, key)?.value;
  return isScalar(value) ? value.value : undefined;
}

function scalarField(source: SourceContext, map: YAMLMap, key: string): ValueInfo | undefined {
  const pair = appliedPair(source, map, key);
  if (!pair) return undefined;
  return readValue(source, pair.value as Node, colonEnd(source, pair));
}

function keySpan(source: SourceContext, pair: Pair): Span {
  const range = (pair.key as Node).range!;
  return { start: range[0] + source.offset, end: range[1] + source.offset };
}

function nodeSpan(source: SourceContext, node: Node): Span {
  const range = node.range!;
  return { start: range[0] + source.offset, end: range[1] + source.offset };
}

function colonEnd(source: SourceContext, pair: Pair): number {
  return afterColon(source.text, keySpan(source, pair).end);
}

function firstKeyOffset(source: SourceContext, map: YAMLMap): number {
  const first = map.items[0];
  return first && (first.key as Node)?.range ? (first.key as Node).range![0] + source.offset : map.range![0] + source.offset;
}

function childIndent(source: SourceContext, pair: Pair, map: YAMLMap | undefined): string {
  if (map && map.items.length > 0 && !map.flow) return indentationAt(source.text, firstKeyOffset(source, map));
  return indentationAt(source.text, keySpan(source, pair).start) + '  ';
}

/** End of the block that the key at `keyStart` opens: the next line indented no deeper than the key. */
function blockEnd(source: SourceContext, keyStart: number): number {
  const keyIndent = indentationAt(source.text, keyStart).length;
  let lineStart = source.text.indexOf('\n', keyStart);
  while (lineStart >= 0 && lineStart < source.text.length) {
    lineStart++;
    const lineEnd = endOfLine(source.text, lineStart);
    const line = source.text.slice(lineStart, lineEnd);
    const content = stripActions(source, lineStart, lineEnd, line);
    if (content.trim() !== '' && !content.trimStart().startsWith('#') && line.length - line.trimStart().length <= keyIndent) return lineStart;
    lineStart = source.text.indexOf('\n', lineStart);
  }
  return source.text.length;
}

/** The line with the characters of its actions blanked (built from slices: most lines hold no action). */
function stripActions(source: SourceContext, lineStart: number, lineEnd: number, line: string): string {
  const actions = actionsIn(source.actions, lineStart, lineEnd);
  if (actions.length === 0) return line;
  let stripped = '';
  let kept = 0;
  for (const action of actions) {
    const from = Math.max(action.span.start, lineStart) - lineStart;
    const to = Math.min(action.span.end, lineEnd) - lineStart;
    if (to <= from) continue;
    if (from > kept) stripped += line.slice(kept, from);
    const blankFrom = Math.max(from, kept);
    if (to > blankFrom) stripped += ' '.repeat(to - blankFrom);
    kept = Math.max(kept, to);
  }
  return stripped + line.slice(kept);
}
