/**
 * `npm run bench`: the performance table of bench/README.md, printed and written to
 * bench/results.json. Each figure is a median of repeated runs after a warm-up; comparisons run
 * both sides in this process, interleaved. A missed target is reported as a miss with its reason.
 *
 *   node out/bench/run.js [--quick] [--full] [--dist DIR] [--only 1,2,…]
 *
 * Sections 8 and 10 compare with the Helm binary ($HELM_BIN, else .cache/helm/helm); without it its rows say skipped.
 *
 * --quick  fewer repetitions (a smoke run); --full  200 edits on the 1.4 MB file too (slow);
 * --dist   where server.js and cli.js are (default: dist/); --only  run some sections.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { againstPeer, analysisVsFloor, corpusCases, crdPath, scale, syntheticCases } from './analysis';
import { floorScript, hasNoRender, hasProfiles, measureTarget, profileSides, sidesFor, type TargetResult } from './checkVsFloor';
import { runCli } from './cli';
import { rerenderCases } from './rerender';
import { canMeasureScale, measureScale, writeCharts, type ScaleResults } from './scale';
import { helmBinary, renderableCorpus, renderVsHelm, varies, type Spread } from './render';
import { bigFileKeystrokes, bundleOf, chartRootOf, debounceMs, keystrokeLatency, startup } from './server';
import { formatMs, max, median, percentile } from './stats';
import { manyActionsLine, manyHooksTemplate } from './synthetic';
import { typingDuringWorkspace, workspacePublish, writeSyntheticWorkspace } from './workspace';
import { analyzeChart } from '../server/src/analysis';
import { corpusAbsence, corpusRoot } from '../test/support/corpus';

/** `unsteady`: a comparison whose sides varied more than 20% between rounds; its figures are not to be quoted. */
type Status = 'pass' | 'miss' | 'info' | 'skipped' | 'unsteady';

interface Row {
  readonly section: string;
  readonly case: string;
  readonly measured: string;
  readonly target: string;
  readonly status: Status;
  readonly note: string;
  readonly values: Record<string, number | string>;
}

// npm runs scripts from the repository root.
const repoRoot = process.cwd();
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const full = args.includes('--full');
const distDir = path.resolve(optionValue('--dist') ?? path.join(repoRoot, 'dist'));
const only = optionValue('--only')?.split(',').map(Number);
const rows: Row[] = [];

function optionValue(name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function wanted(section: number): boolean {
  return !only || only.includes(section);
}

function add(row: Row): void {
  rows.push(row);
  console.log(`  ${row.status.padEnd(7)} ${row.section} | ${row.case} | ${row.measured}${row.note ? ` | ${row.note}` : ''}`);
}

function kb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const corpus = corpusRoot();
  console.log(`helm-hooks benchmark: node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}${quick ? ', quick' : ''}`);
  if (!corpus) console.log(`  (${corpusAbsence()}: corpus rows are skipped)`);
  const corpusFiles = corpus ? corpusCases(corpus) : [];
  const synthetic = syntheticCases(corpus);

  if (wanted(1)) {
    console.log('1. full analysis vs yaml parseAllDocuments on the same masked text');
    const results = analysisVsFloor([...corpusFiles, ...synthetic], quick ? 2 : 5);
    const corpusGroups = results.filter((result) => corpusFiles.some((item) => item.group === result.group));
    if (corpusGroups.length > 0) {
      const total = corpusGroups.reduce((sum, result) => ({ analysisMs: sum.analysisMs + result.analysisMs, floorMs: sum.floorMs + result.floorMs, files: sum.files + result.files, bytes: sum.bytes + result.bytes }), { analysisMs: 0, floorMs: 0, files: 0, bytes: 0 });
      results.push({ group: 'whole corpus', ...total, ratio: total.analysisMs / total.floorMs });
    }
    for (const result of results) {
      const pass = result.ratio <= 1.5;
      add({
        section: '1 analysis/floor',
        case: `${result.group} (${result.files} files, ${kb(result.bytes)})`,
        measured: `${formatMs(result.analysisMs)} / ${formatMs(result.floorMs)} = ${result.ratio.toFixed(2)}`,
        target: 'ratio ≤ 1.5',
        status: pass ? 'pass' : 'miss',
        note: pass ? '' : 'hook documents are parsed in full, and the rules cost more than half a parse again (the dependency rules compare every hook with every resource)',
        values: { analysisMs: result.analysisMs, floorMs: result.floorMs, ratio: result.ratio, files: result.files, bytes: result.bytes },
      });
    }
  }

  if (wanted(2)) {
    console.log('2. against yaml-language-server validation (no schema) of the same masked text');
    const results = await againstPeer([...corpusFiles, ...synthetic], quick ? 1 : 3);
    for (const result of results) {
      const pass = result.speedup >= 5;
      add({
        section: '2 vs yaml-language-server',
        case: `${result.group} (${result.files} files)`,
        measured: `${formatMs(result.oursMs)} vs ${formatMs(result.peerMs)}: ${result.speedup.toFixed(1)}× faster`,
        target: '≥ 5× faster',
        status: pass ? 'pass' : 'miss',
        note: pass ? '' : 'hook documents are parsed in full, as the peer parses everything, and the rules come on top; the gain is on documents without hooks',
        values: { oursMs: result.oursMs, peerMs: result.peerMs, speedup: result.speedup },
      });
    }
  }

  const serverJs = path.join(distDir, 'server.js');
  const hasServer = fs.existsSync(serverJs);
  if ((wanted(3) || wanted(4)) && !hasServer) {
    add({ section: '3-4 server', case: serverJs, measured: 'not built', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
  }
  if (wanted(3) && hasServer && corpus) {
    console.log('3. keystroke latency through the server over stdio');
    const small = largestTemplateUnder(corpus, 100 * 1024);
    const targets = [
      { file: small, limit: 20, renderedLimit: 50, edits: quick ? 40 : 200 },
      { file: path.join(corpus, crdPath), limit: 100, renderedLimit: 150, edits: quick ? 10 : full ? 200 : 50 },
    ];
    for (const target of targets) {
      if (!target.file || !fs.existsSync(target.file)) continue;
      const result = await keystrokeLatency(serverJs, chartRootOf(target.file), target.file, target.edits);
      // Issue 12's target: the whole chart rendered and judged on every edit, no debounce at all.
      const rendered = await keystrokeLatency(serverJs, chartRootOf(target.file), target.file, target.edits, { validationDelayMs: 0 });
      const renderedP95 = percentile(rendered.diagnosticsMs, 95);
      const renderedPass = renderedP95 <= target.renderedLimit;
      add({
        section: '3 edit → rendered diagnostics, no debounce',
        case: `${path.relative(corpus, target.file)} (${kb(rendered.bytes)}, ${rendered.edits} edits)`,
        measured: `p50 ${formatMs(median(rendered.diagnosticsMs))}, p95 ${formatMs(renderedP95)}, max ${formatMs(max(rendered.diagnosticsMs))}; load ${os.loadavg()[0].toFixed(1)}`,
        target: `p95 ≤ ${target.renderedLimit} ms`,
        status: renderedPass ? 'pass' : 'miss',
        note: renderedPass ? '' : 'each edit renders the chart again (only the edited template and its includers execute), reads the rendered documents and runs every rule on both sides',
        values: { p50: median(rendered.diagnosticsMs), p95: renderedP95, max: max(rendered.diagnosticsMs), edits: rendered.edits, load: os.loadavg()[0] },
      });
      const name = `${path.relative(corpus, target.file)} (${kb(result.bytes)}, ${result.edits} edits)`;
      const debounce = debounceMs(serverJs);
      for (const [what, timings] of [['edit → diagnostics', result.diagnosticsMs], ['completion', result.completionMs]] as const) {
        const p95 = percentile(timings, 95);
        const pass = p95 <= target.limit;
        const isDiagnostics = what === 'edit → diagnostics';
        const work = isDiagnostics && debounce !== undefined ? `; less the ${debounce} ms debounce: p95 ${formatMs(p95 - debounce)}` : '';
        add({
          section: `3 ${what}`,
          case: name,
          measured: `p50 ${formatMs(median(timings))}, p95 ${formatMs(p95)}, max ${formatMs(max(timings))}${work}; load avg ${os.loadavg()[0].toFixed(1)}`,
          target: `p95 ≤ ${target.limit} ms`,
          status: pass ? 'pass' : 'miss',
          note: pass ? '' : isDiagnostics ? 'the server waits for typing to pause (validationDelayMs) only when the chart’s last analysis took more than 50 ms of CPU (server/src/debounce.ts); either the analysis itself or that wait is over the target' : 'each completion request rebuilds the chart input and model (cached parses) and reads the masked line',
          values: { p50: median(timings), p95, max: max(timings), edits: result.edits, ...(isDiagnostics && debounce !== undefined ? { debounceMs: debounce, p95LessDebounce: p95 - debounce } : {}) },
        });
      }
    }
  }
  if (wanted(4) && hasServer && corpus) {
    console.log('4. start-up: process start to first diagnostics');
    const file = path.join(corpus, 'ingress-nginx/templates/admission-webhooks/job-patch/job-createSecret.yaml');
    const target = fs.existsSync(file) ? file : largestTemplateUnder(corpus, 100 * 1024)!;
    const result = await startup(serverJs, chartRootOf(target), target, quick ? 2 : 5);
    const load = `load avg ${os.loadavg()[0].toFixed(1)}`;
    add({
      section: '4 start-up',
      case: `${path.relative(corpus, target)}: first diagnostics (the open file alone)`,
      measured: `median ${formatMs(result.medianMs)} (runs ${result.runs.map((run) => run.toFixed(0)).join(', ')}); ${load}`,
      target: 'median ≤ 300 ms',
      status: result.medianMs <= 300 ? 'pass' : 'miss',
      note: result.medianMs <= 300 ? '' : 'loading the bundle, reading the chart from disk and analysing the open file; see the load average',
      values: { medianMs: result.medianMs, loadAverage: os.loadavg()[0] },
    });
    add({
      section: '4 start-up',
      case: `${path.relative(corpus, target)}: complete diagnostics (the whole chart analysed)`,
      measured: `median ${formatMs(result.completeMedianMs)} (runs ${result.completeRuns.map((run) => run.toFixed(0)).join(', ')}); server CPU ${formatMs(result.medianCpuMs)}; ${load}`,
      target: 'median ≤ 300 ms',
      status: result.completeMedianMs <= 300 ? 'pass' : 'miss',
      note: result.completeMedianMs <= 300 ? '' : result.medianCpuMs <= 300 ? 'the server needs less CPU than that: the wall time waited for a busy machine (see the load average)' : 'measured (bench/README.md, Reading section 4): the main thread’s own work, never idle from initialize to the publish — Node’s start and the bundle, the user’s render (about two fifths), the ties’ renders under two other release names, the literal model, garbage collection; V8’s helper threads are quiet since the server took the CLI’s interrupt budget. A worker thread does not shorten it yet: a render that succeeds is not plain data (only a failed one crosses threads), and what a worker could take over is as long as its own start',
      values: { medianMs: result.completeMedianMs, medianCpuMs: result.medianCpuMs, loadAverage: os.loadavg()[0] },
    });
    add({ section: '4 bundle', case: path.relative(repoRoot, bundleOf(serverJs)), measured: kb(result.bundleBytes), target: '', status: 'info', note: '', values: { bytes: result.bundleBytes } });
  }

  const cliJs = path.join(distDir, 'cli.js');
  if (wanted(5)) {
    if (!fs.existsSync(cliJs) || !corpus) {
      add({ section: '5 CLI', case: cliJs, measured: 'not built or no corpus', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else {
      console.log('5. the whole corpus through the CLI');
      const runs = Array.from({ length: quick ? 1 : 3 }, () => runCli(cliJs, corpus));
      const wall = median(runs.map((run) => run.wallMs));
      const rss = median(runs.map((run) => run.peakRssBytes));
      const cpu = median(runs.map((run) => run.cpuMs));
      const pass = wall < 1000 && rss < 150 * 1024 * 1024;
      add({
        section: '5 CLI check corpus',
        case: runs[0].summary,
        measured: `wall ${formatMs(wall)} (CPU ${formatMs(cpu)}), peak RSS ${kb(rss)}`,
        target: '< 1 s and < 150 MB',
        status: pass ? 'pass' : 'miss',
        note: pass ? '' : `${wall >= 1000 ? (cpu < 1000 ? 'time: the CLI needs less CPU than that; the wall time waited for a busy machine' : 'time: 7 charts, 5.7 MB read, scanned and analysed, values files parsed in full') : ''}${rss >= 150 * 1024 * 1024 ? ' memory: all models of a chart are kept until its findings are printed' : ''}`.trim(),
        values: { wallMs: wall, cpuMs: cpu, peakRssBytes: rss },
      });
    }
  }

  if (wanted(6)) {
    console.log('6. chart-wide re-analysis after a one-character change, with the parse cache');
    const results = scale([10, 100, 1000], quick ? 2 : 5);
    for (const result of results) {
      add({
        section: '6 scale',
        case: `${result.templates} templates`,
        measured: `${formatMs(result.incrementalMs)} (no cache: ${formatMs(result.coldMs)})`,
        target: 'report growth',
        status: 'info',
        note: '',
        values: { incrementalMs: result.incrementalMs, coldMs: result.coldMs },
      });
    }
    const [first, , last] = results;
    add({ section: '6 scale', case: 'growth 10 → 1,000 templates', measured: `${(last.incrementalMs / first.incrementalMs).toFixed(1)}× for 100× the templates`, target: 'report growth', status: 'info', note: 'rules that pool all hooks of a chart run over every resource on each change', values: { growth: last.incrementalMs / first.incrementalMs } });
  }

  if (wanted(7)) {
    console.log('7. hostile input of issue 16: 13,548 hooks in one 8 MB file, one line of 1M actions');
    if (!fs.existsSync(cliJs)) {
      add({ section: '7 hostile', case: cliJs, measured: 'not built', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else {
      // The chart is generated into the git-ignored bench/tmp/, never into tracked files.
      const chart = path.join(repoRoot, 'bench', 'tmp', 'many-hooks');
      fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
      fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: many-hooks\nversion: 0.1.0\n');
      const text = manyHooksTemplate();
      fs.writeFileSync(path.join(chart, 'templates', 'hooks.yaml'), text);
      const runs = Array.from({ length: quick ? 1 : 3 }, () => runCli(cliJs, chart));
      const wall = median(runs.map((run) => run.wallMs));
      const cpu = median(runs.map((run) => run.cpuMs));
      add({ section: '7 CLI check', case: `13,548 hooks, ${kb(text.length)} in one file`, measured: `wall ${formatMs(wall)} (CPU ${formatMs(cpu)}; runs ${runs.map((run) => run.wallMs.toFixed(0)).join(', ')}); load avg ${os.loadavg()[0].toFixed(1)}`, target: '< 2 s', status: wall < 2000 ? 'pass' : 'miss', note: wall < 2000 ? '' : 'the render (its 8 MB parse, exact only when whole) runs on a worker thread while the main thread reads the file; the main thread waits for a worker still parsing (bounded by the templates\' size), then 100 ms for its answer (twelfth session: no more runs where the main thread parsed the file again, which were half of them; ninth session: main thread CPU 2.5 → 2.2 s, load 10–15; process CPU +0.3 s); the render\'s parse tree 89 → 63 MB (twelfth session); yaml\'s node types set on prototypes at bundle time (reading the file 0.93× wall); what is left on the main thread is reading the file into the model and the rules, with garbage collection driven by what survives (scan 52 MB, model 120 MB), not by V8 flags (bench/README.md, section 7)', values: { wallMs: wall, cpuMs: cpu } });
      if (hasServer) {
        const result = await bigFileKeystrokes(serverJs, chart, path.join(chart, 'templates', 'hooks.yaml'), quick ? 3 : 7);
        const p50 = median(result.diagnosticsMs);
        const p95 = percentile(result.diagnosticsMs, 95);
        const pass = p95 < 500;
        add({
          section: '7 server keystroke',
          case: `one character typed into or deleted from a hook's weight (the file's length changes, everything after the edit moves) in the 13,548-hook file, ${result.diagnosticsMs.length} edits spread over the file`,
          measured: `p50 ${formatMs(p50)}, p95 ${formatMs(p95)}, max ${formatMs(max(result.diagnosticsMs))}; server CPU per edit median ${formatMs(median(result.cpuMs))}; open → first diagnostics ${formatMs(result.openMs)}; load avg ${os.loadavg()[0].toFixed(1)}`,
          target: 'p95 < 500 ms',
          status: pass ? 'pass' : 'miss',
          note: pass ? '' : 'eleventh session: the edits change the file\'s length as real keystrokes do (a `1` typed before a weight\'s digits, a `-` deleted, alternately; until then they kept it, which hid the cost of moving what follows the edit). An edit near the top moves ~12,600 documents: the documents copied with their spans moved (yaml/reuse.ts), the scan\'s actions after it (template/rescan.ts), what was read and kept from each document read again for the copies, garbage collection 30-43% (server profiles); the render\'s parse no longer copies its nodes (render/reparse.ts, a position map). The later the edit, the cheaper: edits 5-7 300-600 ms CPU (bench/README.md, section 7)',
          values: { p50, p95, max: max(result.diagnosticsMs), cpuMedianMs: median(result.cpuMs), openMs: result.openMs, edits: result.diagnosticsMs.length },
        });
      }
    }
    const line = manyActionsLine();
    const times = Array.from({ length: quick ? 1 : 3 }, () => {
      const begun = performance.now();
      analyzeChart({ name: 'wide', templates: [{ path: 'templates/wide.yaml', text: line }] });
      return performance.now() - begun;
    });
    add({ section: '7 analysis', case: `one line of 1,000,000 actions (${kb(line.length)})`, measured: formatMs(median(times)), target: 'linear', status: 'info', note: '', values: { ms: median(times) } });
  }

  if (wanted(8)) {
    console.log('8. helm-hooks template against helm template, per corpus chart (default values)');
    const helm = helmBinary();
    if (!fs.existsSync(cliJs) || !corpus) {
      add({ section: '8 render', case: cliJs, measured: 'not built or no corpus', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else if (!helm) {
      add({ section: '8 render', case: 'helm template', measured: 'no Helm binary', target: '', status: 'skipped', note: 'set HELM_BIN or run npm run setup:helm (installs .cache/helm/helm); nothing to compare against', values: {} });
    } else {
      const charts = renderableCorpus(corpus, path.join(repoRoot, 'bench', 'tmp', 'render-corpus'));
      const results = charts.map(({ chart, dir }) => renderVsHelm(cliJs, helm, chart, dir, quick ? 2 : 7));
      const cpu = (value: Spread): string => `${formatMs(value.median)} (${value.min.toFixed(0)}–${value.max.toFixed(0)})`;
      for (const result of results) {
        const ratio = result.oursCpu.median / result.helmCpu.median;
        const unsteady = [result.oursCpu, result.helmCpu].some(varies);
        const pass = ratio <= 1;
        add({
          section: '8 render vs helm',
          case: result.chart,
          measured: `CPU ${cpu(result.oursCpu)} vs ${cpu(result.helmCpu)} = ${ratio.toFixed(2)}; wall ${formatMs(result.oursWall.median)} vs ${formatMs(result.helmWall.median)}; in process: render ${formatMs(result.renderMs)}, load ${formatMs(result.loadMs)}; load avg ${result.loadAverage}`,
          target: 'CPU ≤ helm template',
          status: pass ? 'pass' : 'miss',
          note: [
            unsteady ? 'varies > 20% between runs: not to be quoted' : '',
            result.sameOutput ? '' : 'the output differs from Helm’s in some bytes (the render corpus test lists each excepted document and its reason, e.g. randAlphaNum)',
            pass ? '' : `Node start-up alone (node -e 0) takes ${formatMs(result.nodeCpu.median)} CPU and loading the bundle (cli.js --help) ${formatMs(result.bundleCpu.median)}, against Helm’s whole ${formatMs(result.helmCpu.median)}; the render itself is ${formatMs(result.renderMs)} warm in process`,
          ].filter(Boolean).join('; '),
          values: {
            oursCpuMs: result.oursCpu.median, oursCpuMin: result.oursCpu.min, oursCpuMax: result.oursCpu.max,
            helmCpuMs: result.helmCpu.median, helmCpuMin: result.helmCpu.min, helmCpuMax: result.helmCpu.max,
            oursWallMs: result.oursWall.median, helmWallMs: result.helmWall.median,
            nodeStartCpuMs: result.nodeCpu.median, bundleLoadCpuMs: result.bundleCpu.median,
            renderMs: result.renderMs, loadMs: result.loadMs, ratio, sameOutput: String(result.sameOutput), loadAverage: result.loadAverage,
          },
        });
      }
      const ours = results.reduce((sum, result) => sum + result.oursCpu.median, 0);
      const theirs = results.reduce((sum, result) => sum + result.helmCpu.median, 0);
      add({
        section: '8 render vs helm',
        case: `whole corpus (${results.length} charts, sum of medians)`,
        measured: `CPU ${formatMs(ours)} vs ${formatMs(theirs)} = ${(ours / theirs).toFixed(2)}`,
        target: '≤ 0.7× helm template',
        status: ours / theirs <= 0.7 ? 'pass' : 'miss',
        note: ours / theirs <= 0.7 ? '' : `each chart is its own process, as with Helm: Node start-up and loading the bundle alone sum to ${formatMs(results.reduce((sum, result) => sum + result.bundleCpu.median, 0))} over the charts`,
        values: { oursCpuMs: ours, helmCpuMs: theirs, ratio: ours / theirs },
      });
    }
  }

  if (wanted(9) && corpus) {
    console.log('9. rendering again after a one-file edit, in process (keeps what the edit does not touch)');
    for (const { chart, dir } of renderableCorpus(corpus, path.join(repoRoot, 'bench', 'tmp', 'render-corpus'))) {
      for (const result of rerenderCases(chart, dir, quick ? 3 : 9)) {
        const pass = result.sameText && result.executed < result.templates;
        add({
          section: '9 render again',
          case: `${chart}: ${result.edit}`,
          measured: `${formatMs(result.againMs)} vs ${formatMs(result.fullMs)} from scratch; ${result.executed} of ${result.templates} templates executed; load avg ${os.loadavg()[0].toFixed(1)}`,
          target: 'only what depends on the edit',
          status: pass ? 'pass' : 'miss',
          note: !result.sameText ? 'the output differs from a render from scratch' : pass ? '' : 'every template ran again: a template writes into the values while rendering (a set or merge that changes a map under .Values; ingress-nginx merges .Values.global.image into its image maps), and later templates may read what it wrote',
          values: { againMs: result.againMs, fullMs: result.fullMs, executed: result.executed, templates: result.templates, sameText: String(result.sameText), loadAverage: os.loadavg()[0] },
        });
      }
    }
  }

  if (wanted(10)) {
    console.log('10. check as a whole process against the floor (bench/floor.mjs) and real Helm, on the corpus and per chart');
    if (!fs.existsSync(cliJs) || !corpus) {
      add({ section: '10 check vs floor', case: cliJs, measured: 'not built or no corpus', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else {
      const helm = helmBinary();
      const noRender = hasNoRender(cliJs);
      const floor = floorScript(repoRoot);
      const runs = quick ? 2 : 5;
      const whole = measureTarget('whole corpus', sidesFor(cliJs, floor, corpus, { noRender }), runs);
      checkRows(whole, noRender, true);
      const perChart: TargetResult[] = [];
      for (const { chart, dir } of renderableCorpus(corpus, path.join(repoRoot, 'bench', 'tmp', 'render-corpus'))) {
        const result = measureTarget(chart, sidesFor(cliJs, floor, path.join(corpus, chart), { noRender, helm, helmDir: dir }), runs);
        perChart.push(result);
        checkRows(result, noRender, false);
      }
      if (helm) corpusVsHelmSum(whole, perChart);
      if (!helm) add({ section: '10 check vs helm', case: 'helm template, helm lint', measured: 'no Helm binary', target: '', status: 'skipped', note: 'set HELM_BIN or run npm run setup:helm', values: {} });
    }
  }

  if (wanted(12)) {
    console.log('12. check over 25 → 200 charts: CPU per doubling, peak RSS, two cores against one');
    const tools = canMeasureScale();
    if (!fs.existsSync(cliJs) || !tools.time) {
      add({ section: '12 charts scale', case: cliJs, measured: 'not built, or no /usr/bin/time', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else {
      // Written into the git-ignored bench/tmp/, never into tracked files.
      const folders = [25, 50, 100, 200].map((charts) => {
        const folder = path.join(repoRoot, 'bench', 'tmp', `scale-${charts}`);
        writeCharts(folder, charts, 20);
        return { charts, folder };
      });
      const result = measureScale(cliJs, folders, quick ? 1 : 3, tools.taskset);
      scaleRows(result);
    }
  }

  if (wanted(13)) {
    console.log('13. the whole corpus under every values profile (check --profiles auto) against its default values (--profiles none)');
    if (!fs.existsSync(cliJs) || !corpus) {
      add({ section: '13 profiles', case: cliJs, measured: 'not built or no corpus', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else if (!hasProfiles(cliJs)) {
      add({ section: '13 profiles', case: 'check --profiles', measured: 'the CLI has no --profiles', target: '', status: 'skipped', note: '', values: {} });
    } else {
      const result = measureTarget('whole corpus', profileSides(cliJs, corpus), quick ? 2 : 5);
      const [auto, none] = result.sides;
      const ratio = auto.cpu.median / none.cpu.median;
      const unsteady = varies(auto.cpu) || varies(none.cpu);
      const pass = ratio <= 2;
      add({
        section: '13 profiles',
        case: 'whole corpus: check --profiles auto / check --profiles none',
        measured: `CPU ${formatMs(auto.cpu.median)} (${auto.cpu.min.toFixed(0)}–${auto.cpu.max.toFixed(0)}) / ${formatMs(none.cpu.median)} (${none.cpu.min.toFixed(0)}–${none.cpu.max.toFixed(0)}) = ${ratio.toFixed(2)}; wall ${formatMs(auto.wall.median)} / ${formatMs(none.wall.median)}; load ${result.loadBefore}→${result.loadAfter}`,
        target: '≤ 2×',
        status: unsteady ? 'unsteady' : pass ? 'pass' : 'miss',
        note: unsteady ? 'varies > 20% between rounds: not to be quoted' : pass ? '' : 'each profile renders its chart again and runs the resource rules on it',
        values: { autoCpuMs: auto.cpu.median, autoMinMs: auto.cpu.min, autoMaxMs: auto.cpu.max, noneCpuMs: none.cpu.median, noneMinMs: none.cpu.min, noneMaxMs: none.cpu.max, ratio, loadBefore: result.loadBefore, loadAfter: result.loadAfter },
      });
    }
  }

  if (wanted(11)) {
    console.log('11. whole-workspace diagnostics: 200 synthetic charts checked in the background, and typing meanwhile');
    if (!hasServer) {
      add({ section: '11 workspace', case: serverJs, measured: 'not built', target: '', status: 'skipped', note: 'run npm run build first', values: {} });
    } else {
      // Written into the git-ignored bench/tmp/, never into tracked files.
      const workspace = writeSyntheticWorkspace(path.join(repoRoot, 'bench', 'tmp', 'workspace-200'), 200, 20);
      const rounds = quick ? 1 : 3;
      const publishes: { allMs: number; firstMs: number }[] = [];
      for (let round = 0; round < rounds; round++) publishes.push(await workspacePublish(serverJs, workspace));
      const allMs = median(publishes.map((run) => run.allMs));
      add({
        section: '11 workspace publish',
        case: `${workspace.charts} charts, ${workspace.files} files, ${workspace.expected.length} with findings; nothing open`,
        measured: `initialize → last file published: median ${formatMs(allMs)} (runs ${publishes.map((run) => run.allMs.toFixed(0)).join(', ')}); first file ${formatMs(median(publishes.map((run) => run.firstMs)))}; load avg ${os.loadavg()[0].toFixed(1)}`,
        target: 'report',
        status: 'info',
        note: '',
        values: { allMs, firstMs: median(publishes.map((run) => run.firstMs)), charts: workspace.charts, files: workspace.files, published: workspace.expected.length },
      });
      // Typing with pauses (one edit every 300 ms) for about as long as the background takes, both scopes interleaved.
      const everyMs = 300;
      const edits = Math.max(quick ? 20 : 40, Math.ceil(allMs / everyMs) + 10);
      const during: number[] = [];
      const alone: number[] = [];
      const published: number[] = [];
      for (let round = 0; round < (quick ? 1 : 2); round++) {
        const withBackground = await typingDuringWorkspace(serverJs, workspace, 'workspace', edits, everyMs);
        during.push(...withBackground.latencies);
        published.push(withBackground.backgroundPublished);
        alone.push(...(await typingDuringWorkspace(serverJs, workspace, 'openFiles', edits, everyMs)).latencies);
      }
      const [p95During, p95Alone] = [percentile(during, 95), percentile(alone, 95)];
      const ratio = p95During / p95Alone;
      const debounce = debounceMs(serverJs);
      add({
        section: '11 workspace typing',
        case: `${edits} edits, one per ${everyMs} ms, in an open file of the last chart; scope workspace vs openFiles`,
        measured: `p95 ${formatMs(p95During)} vs ${formatMs(p95Alone)} = ${ratio.toFixed(2)} (p50 ${formatMs(median(during))} vs ${formatMs(median(alone))}, max ${formatMs(max(during))} vs ${formatMs(max(alone))}); ${median(published)} of ${workspace.expected.length} background files published while typing${debounce !== undefined ? `; both include the ${debounce} ms debounce` : ''}`,
        target: 'p95 within 20%',
        status: ratio <= 1.2 ? 'pass' : 'miss',
        note: ratio <= 1.2 ? '' : 'an edit that arrives while the background parses a file or analyses a chart waits for that step; on a loaded machine the busy server process is also scheduled later',
        values: { p95During, p95Alone, ratio, p50During: median(during), p50Alone: median(alone), edits, everyMs, backgroundPublished: median(published) },
      });
    }
  }

  const seconds = (Date.now() - started) / 1000;
  printTable(seconds);
  // A quick run is a smoke test, not figures to keep: it writes to the git-ignored bench/tmp/.
  const output = quick ? path.join(repoRoot, 'bench', 'tmp', 'results-quick.json') : path.join(repoRoot, 'bench', 'results.json');
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const date = new Date().toISOString();
  const measured = rows.map((row) => ({ ...row, date }));
  // With --only, the other sections' rows of the last run stay (each row has the date it was measured).
  const sectionOf = (row: { section: string }): number => Number.parseInt(row.section, 10);
  const previous = only && fs.existsSync(output) ? ((JSON.parse(fs.readFileSync(output, 'utf8')) as { rows?: (Row & { date?: string })[] }).rows ?? []) : [];
  const kept = previous.filter((row) => !only!.includes(sectionOf(row)));
  const all = [...kept, ...measured].sort((a, b) => sectionOf(a) - sectionOf(b));
  fs.writeFileSync(output, `${JSON.stringify({ date, node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), quick, seconds, ...(only ? { only } : {}), rows: all }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), output)} (${seconds.toFixed(0)} s)`);
}

/**
 * The rows of one section-10 target: the literal check (`--no-render` when the CLI has it, else
 * plain `check`, which then reads the templates as written) against the floor, and the default
 * check against Helm's two commands. A pair whose sides varied more than 20% is `unsteady`.
 */
function checkRows(result: TargetResult, noRender: boolean, isCorpus: boolean): void {
  const side = (name: string) => result.sides.find((candidate) => candidate.name === name);
  const cpu = (value: Spread): string => `${formatMs(value.median)} (${value.min.toFixed(0)}–${value.max.toFixed(0)})`;
  const load = `load ${result.loadBefore}→${result.loadAfter}`;
  const compare = (oursName: string, theirsName: string, target: string, limit: number | undefined, missNote: string): void => {
    const ours = side(oursName);
    const theirs = side(theirsName);
    if (!ours || !theirs) return;
    const ratio = ours.cpu.median / theirs.cpu.median;
    const unsteady = varies(ours.cpu) || varies(theirs.cpu);
    const status: Status = unsteady ? 'unsteady' : limit === undefined ? 'info' : ratio <= limit ? 'pass' : 'miss';
    add({
      section: theirsName === 'floor' ? '10 check vs floor' : `10 check vs ${theirsName}`,
      case: `${result.target}: ${oursName} / ${theirsName}`,
      measured: `CPU ${cpu(ours.cpu)} / ${cpu(theirs.cpu)} = ${ratio.toFixed(2)}; wall ${formatMs(ours.wall.median)} / ${formatMs(theirs.wall.median)}; ${load}`,
      target,
      status,
      note: unsteady ? 'varies > 20% between rounds: not to be quoted' : status === 'miss' ? missNote : '',
      values: { oursCpuMs: ours.cpu.median, oursMinMs: ours.cpu.min, oursMaxMs: ours.cpu.max, theirsCpuMs: theirs.cpu.median, theirsMinMs: theirs.cpu.min, theirsMaxMs: theirs.cpu.max, ratio, loadBefore: result.loadBefore, loadAfter: result.loadAfter },
    });
  };
  const literal = noRender ? 'check --no-render' : 'check';
  compare(literal, 'floor', isCorpus ? '≤ 3× the floor' : 'report', isCorpus ? 3 : undefined, 'measured (bench/README.md, reading section 10): on a VM where a first touch of a page costs 12-16 us, the check touched about 16,000 pages against the floor\'s 5,000, 0.2 s of its CPU (thirteenth session: the CLI\'s loader keeps the young generation at 1 MB semi-spaces, --semi-space-growth-factor=1, instead of letting it grow to 16 MB as most of what a chart allocates survives: 12,000 pages, CPU 0.89-0.92x); ninth session, of the main thread (sampled), reading the templates about 44% (the documents 27%: the block reader 11%, yaml for the documents it declines 6.5%; the scanner 11%, the mask 5.5%), garbage collection about 19%, loading the charts about 10%, values files about 8% (cert-manager\'s values.yaml through yaml 6.6%), the rules about 5%; V8 helper threads about a fifth of the process (110-120 of 510-590 ms)');
  if (noRender) compare('check', 'floor', 'report', undefined, '');
  const floor = side('floor');
  const helmTemplate = side('helm template');
  const startShare = floor && helmTemplate ? `the floor alone (Node start-up, reading the files) is ${formatMs(floor.cpu.median)} CPU, ${(floor.cpu.median / helmTemplate.cpu.median).toFixed(2)}× Helm’s whole run; ` : '';
  compare('check', 'helm template', '≤ 1× helm template', 1, `${startShare}above it the chart is read as written (scan, mask, YAML of hook-like documents), rendered whole (every template executes, up to the first that fails as in Helm: the dependency rules compare hooks with every object; measured shares of the main thread, ninth session: execution 16-28%, template parsing 10-21%, the rendered documents parsed twice, for Helm's heads and for the model, 7-13% together, the ties' renders under two other release names up to 11%, GC 7-12%, values files 2-3% since they are read without yaml) and its documents read again; bench/README.md, reading section 10 with rendering`);
  compare('check', 'helm lint', 'report', undefined, '');
}

/**
 * The whole corpus in one `check` process against `helm template` run once per chart (Helm takes
 * one chart per run): the corpus row's check median over the sum of the per-chart Helm medians.
 * The two were measured in different rounds, so both load averages are given.
 */
function corpusVsHelmSum(whole: TargetResult, perChart: readonly TargetResult[]): void {
  const check = whole.sides.find((side) => side.name === 'check');
  const helmSides = perChart.map((result) => result.sides.find((side) => side.name === 'helm template'));
  if (!check || helmSides.some((side) => side === undefined)) return;
  const helmSum = helmSides.reduce((sum, side) => sum + side!.cpu.median, 0);
  const helmMin = helmSides.reduce((sum, side) => sum + side!.cpu.min, 0);
  const helmMax = helmSides.reduce((sum, side) => sum + side!.cpu.max, 0);
  const ratio = check.cpu.median / helmSum;
  const unsteady = varies(check.cpu) || helmSides.some((side) => varies(side!.cpu));
  const status: Status = unsteady ? 'unsteady' : ratio <= 0.7 ? 'pass' : 'miss';
  const loads = [whole, ...perChart].flatMap((result) => [result.loadBefore, result.loadAfter]);
  add({
    section: '10 check vs helm template',
    case: `whole corpus: one check / sum of helm template per chart (${perChart.length} charts)`,
    measured: `CPU ${formatMs(check.cpu.median)} (${check.cpu.min.toFixed(0)}–${check.cpu.max.toFixed(0)}) / ${formatMs(helmSum)} (${helmMin.toFixed(0)}–${helmMax.toFixed(0)}) = ${ratio.toFixed(2)}; load ${Math.min(...loads)}–${Math.max(...loads)}`,
    target: '≤ 0.7× the sum',
    status,
    note: unsteady ? 'varies > 20% between rounds: not to be quoted' : status === 'miss' ? 'every template of every chart is rendered and its documents read, where the rules need hooks and the objects they refer to (parsing and executing every template, reading each rendered document twice, the tie renders: bench/README.md, reading section 10 with rendering, ninth session)' : '',
    values: { oursCpuMs: check.cpu.median, oursMinMs: check.cpu.min, oursMaxMs: check.cpu.max, helmSumCpuMs: helmSum, helmSumMinMs: helmMin, helmSumMaxMs: helmMax, ratio, loadMin: Math.min(...loads), loadMax: Math.max(...loads) },
  });
}

/** Section 12's rows: each size, the growth per doubling, peak RSS, and two cores against one. */
function scaleRows(result: ScaleResults): void {
  const load = `load ${result.loadBefore}→${result.loadAfter}`;
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  for (const size of result.sizes) {
    add({
      section: '12 charts scale',
      case: `${size.charts} charts of 21 templates`,
      measured: `CPU ${formatMs(size.cpu.median)} (${size.cpu.min.toFixed(0)}–${size.cpu.max.toFixed(0)}), wall ${formatMs(size.wall.median)}, peak RSS ${mb(size.rss.median)}; ${load}`,
      target: 'report',
      status: varies(size.cpu) ? 'unsteady' : 'info',
      note: [varies(size.cpu) ? 'varies > 20% between rounds: not to be quoted' : '', size.steadyOutput ? '' : 'the report differed between rounds'].filter(Boolean).join('; '),
      values: { charts: size.charts, cpuMs: size.cpu.median, cpuMinMs: size.cpu.min, cpuMaxMs: size.cpu.max, wallMs: size.wall.median, peakRssBytes: size.rss.median, loadBefore: result.loadBefore, loadAfter: result.loadAfter },
    });
  }
  const growths = result.sizes.slice(1).map((size, index) => size.cpu.median / result.sizes[index].cpu.median);
  const worst = Math.max(...growths);
  add({
    section: '12 charts scale',
    case: `CPU per doubling (${result.sizes.map((size) => size.charts).join(' → ')})`,
    measured: `${growths.map((growth) => `${growth.toFixed(2)}×`).join(', ')}; ${load}`,
    target: '≤ 2.05× each',
    status: worst <= 2.05 ? 'pass' : 'miss',
    note: worst <= 2.05 ? '' : 'some work grows faster than the charts',
    values: { worstGrowth: worst, ...Object.fromEntries(growths.map((growth, index) => [`growth${result.sizes[index + 1].charts}`, growth])) },
  });
  const largest = result.sizes[result.sizes.length - 1];
  add({
    section: '12 charts scale',
    case: `peak RSS, ${largest.charts} charts`,
    measured: `${mb(largest.rss.median)} (${mb(largest.rss.min)}–${mb(largest.rss.max)})`,
    target: '≤ 200 MB',
    status: largest.rss.median <= 200 * 1024 * 1024 ? 'pass' : 'miss',
    note: largest.rss.median <= 200 * 1024 * 1024 ? '' : 'each worker thread has its own heap: an idle worker adds 17–18 MB RSS, and its old generation grows to three times its live data (about 10 MB) between mark-compacts (four times before the eighth session: 201–212 MB; a lower factor costs CPU; bench/README.md, section 12)',
    values: { peakRssBytes: largest.rss.median },
  });
  if (result.oneCore) {
    const ratio = largest.wall.median / result.oneCore.wall.median;
    const same = result.oneCore.output === largest.output;
    add({
      section: '12 charts scale',
      case: `${largest.charts} charts: wall on 2 cores / on one core (taskset -c 0)`,
      measured: `${formatMs(largest.wall.median)} / ${formatMs(result.oneCore.wall.median)} = ${ratio.toFixed(2)}; CPU ${formatMs(largest.cpu.median)} / ${formatMs(result.oneCore.cpu.median)}; ${load}`,
      target: '≤ 0.7 when idle',
      status: !same ? 'miss' : ratio <= 0.7 ? 'pass' : result.loadBefore >= 1 || result.loadAfter >= 1 ? 'info' : 'miss',
      note: !same ? 'the report on one core differs from the report on two' : ratio <= 0.7 ? '' : result.loadBefore >= 1 || result.loadAfter >= 1 ? 'the machine was not idle (see the load): the second core was busy with other work' : 'threads add CPU (1.41× one thread, 8th session): each worker warms up on its own, and with its 4 MB young generation garbage collection is a quarter of a worker\'s time against an eighth on one thread (per thread, load 9: workers 3.1 s + 3.2 s, main 0.45 s, V8 helpers 2.4 s against 5.1 s + 1.5 s; bench/README.md, section 12)',
      values: { ratio, twoCoresWallMs: largest.wall.median, oneCoreWallMs: result.oneCore.wall.median, sameOutput: String(same), loadBefore: result.loadBefore, loadAfter: result.loadAfter },
    });
  }
}

function largestTemplateUnder(corpus: string, limit: number): string | undefined {
  let best: { file: string; size: number } | undefined;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\/templates\/.*\.ya?ml$/.test(full) && !entry.name.startsWith('_')) {
        const size = fs.statSync(full).size;
        if (size < limit && (!best || size > best.size)) best = { file: full, size };
      }
    }
  };
  walk(corpus);
  return best?.file;
}

function printTable(seconds: number): void {
  const header = ['measurement', 'case', 'measured', 'target', 'result', 'note'];
  const table = rows.map((row) => [row.section, row.case, row.measured, row.target, row.status, row.note]);
  const widths = header.map((title, column) => Math.min(70, Math.max(title.length, ...table.map((cells) => cells[column].length))));
  const line = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(`\nResults (${seconds.toFixed(0)} s):\n`);
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const cells of table) console.log(line(cells));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
