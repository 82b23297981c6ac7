/**
 * In-process measurements of the analysis core: full per-file analysis against `yaml`'s bare
 * parse of the same masked text (the floor), against yaml-language-server's validation (a
 * peer), and a chart-wide re-analysis with the parse cache as charts grow.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { analyzeChart, chartsOf, createParseCache, type SourceFile } from '../server/src/analysis';
import { buildChartModel } from '../server/src/analysis/model/chart';
import { findChartRoots, loadChart } from '../server/src/node/chartLoader';
import { interleave, interleaveAsync, median } from './stats';
import { largeHookTemplate, syntheticChart, withKeystroke } from './synthetic';

export interface FileCase {
  /** Chart name, or `synthetic`. */
  readonly group: string;
  readonly file: SourceFile;
  readonly masked: string;
}

export interface FloorResult {
  readonly group: string;
  readonly files: number;
  readonly bytes: number;
  readonly analysisMs: number;
  readonly floorMs: number;
  readonly ratio: number;
}

export const crdPath = 'argo-cd/templates/crds/crd-applicationset.yaml';

/** Manifest templates of every corpus chart (partials and NOTES.txt hold no YAML to parse), grouped by chart. */
export function corpusCases(corpus: string): FileCase[] {
  const cases: FileCase[] = [];
  for (const root of findChartRoots(corpus)) {
    const chart = loadChart(root);
    const group = path.basename(root);
    for (const { chart: input } of chartsOf(chart)) {
      for (const file of input.templates) {
        const base = path.posix.basename(file.path);
        if (base.startsWith('_') || base.endsWith('.txt')) continue;
        cases.push(fileCase(group, file));
      }
    }
  }
  return cases;
}

export function syntheticCases(corpus: string | undefined): FileCase[] {
  const cases = [fileCase('synthetic 5,000 lines / 100 hooks', { path: 'templates/hooks.yaml', text: largeHookTemplate(100) })];
  const crd = corpus ? path.join(corpus, crdPath) : undefined;
  if (crd && fs.existsSync(crd)) cases.push(fileCase('1.4 MB CRD (argo-cd applicationset)', { path: 'templates/crd-applicationset.yaml', text: fs.readFileSync(crd, 'utf8') }));
  return cases;
}

function fileCase(group: string, file: SourceFile): FileCase {
  const masked = buildChartModel({ name: group, templates: [file] }).files[0].masked;
  return { group, file, masked };
}

/** The full analysis of one file: scan, mask, split, parse, model and every rule. */
function analyzeFile(fileCase: FileCase): void {
  const result = analyzeChart({ name: 'bench', templates: [fileCase.file] });
  if (result.internalErrors.length > 0) throw new Error(`internal errors on ${fileCase.file.path}: ${result.internalErrors.join('; ')}`);
}

function parseFloor(fileCase: FileCase): void {
  for (const doc of parseAllDocuments(fileCase.masked)) void doc;
}

/** Per-file medians of analysis and floor, interleaved, summed per group. */
export function analysisVsFloor(cases: readonly FileCase[], runs: number): FloorResult[] {
  const groups = new Map<string, { files: number; bytes: number; analysisMs: number; floorMs: number }>();
  for (const item of cases) {
    const [ours, floor] = interleave([() => analyzeFile(item), () => parseFloor(item)], runs);
    const group = groups.get(item.group) ?? { files: 0, bytes: 0, analysisMs: 0, floorMs: 0 };
    group.files++;
    group.bytes += Buffer.byteLength(item.file.text);
    group.analysisMs += median(ours);
    group.floorMs += median(floor);
    groups.set(item.group, group);
  }
  return [...groups].map(([group, sums]) => ({ group, ...sums, ratio: sums.analysisMs / sums.floorMs }));
}

export interface PeerResult {
  readonly group: string;
  readonly files: number;
  readonly oursMs: number;
  readonly peerMs: number;
  /** How many times faster ours is. */
  readonly speedup: number;
}

interface PeerService {
  validate(text: string): Promise<unknown>;
}

/** yaml-language-server's language service, in process, with no schema (Kubernetes off). */
function createPeer(): PeerService {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yls = require('yaml-language-server') as typeof import('yaml-language-server');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TextDocument } = require('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument');
  const service = yls.getLanguageService({ schemaRequestService: async () => '{}', workspaceContext: { resolveRelativePath: (relative: string) => relative } });
  service.configure({ validate: true, hover: false, completion: false, format: false, isKubernetes: false, schemas: [], customTags: [], yamlVersion: '1.1' });
  let version = 0;
  return {
    // A new version each call, so its per-document cache never answers for it.
    validate: (text) => service.doValidation(TextDocument.create('file:///bench/peer.yaml', 'yaml', ++version, text), false),
  };
}

/** Our full analysis against the peer's validation of the same masked text, per group, interleaved. */
export async function againstPeer(cases: readonly FileCase[], runs: number): Promise<PeerResult[]> {
  const peer = createPeer();
  const groups = new Map<string, { files: number; oursMs: number; peerMs: number }>();
  for (const item of cases) {
    const [ours, theirs] = await interleaveAsync([async () => analyzeFile(item), () => peer.validate(item.masked)], runs);
    const group = groups.get(item.group) ?? { files: 0, oursMs: 0, peerMs: 0 };
    group.files++;
    group.oursMs += median(ours);
    group.peerMs += median(theirs);
    groups.set(item.group, group);
  }
  return [...groups].map(([group, sums]) => ({ group, ...sums, speedup: sums.peerMs / sums.oursMs }));
}

export interface ScaleResult {
  readonly templates: number;
  /** Median re-analysis after a one-character change in one file, with the parse cache. */
  readonly incrementalMs: number;
  /** Median analysis of the whole chart with no cache, for comparison. */
  readonly coldMs: number;
}

export function scale(sizes: readonly number[], runs: number): ScaleResult[] {
  return sizes.map((count) => {
    const base = syntheticChart(count);
    const cache = createParseCache();
    let chart = base;
    analyzeChart(chart, {}, cache);
    const incremental: number[] = [];
    const cold: number[] = [];
    for (let round = 0; round < runs + 1; round++) {
      chart = withKeystroke(chart, round);
      const [warm, full] = interleave([() => analyzeChart(chart, {}, cache), () => analyzeChart(chart)], 1, 0);
      if (round > 0) {
        incremental.push(warm[0]);
        cold.push(full[0]);
      }
    }
    return { templates: count, incrementalMs: median(incremental), coldMs: median(cold) };
  });
}
