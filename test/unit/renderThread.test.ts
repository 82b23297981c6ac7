/**
 * `check` of one big chart rendering it on a worker thread (server/src/cli/renderThread.ts), the
 * threshold forced down so the fixture charts get a worker: the report must be the one of the
 * chart checked on one thread, whether the worker answers, its chart renders (nothing comes back),
 * or the worker fails to start or never answers (this thread renders itself).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { profileRenderOptions, valuesProfiles, type RenderOptions } from '../../server/src/analysis';
import { runCheck, type CheckOptions } from '../../server/src/cli/check';
import { renderAhead, renderAheadDefaults, startRenderWorker, templateChars, type RenderAheadSettings } from '../../server/src/cli/renderThread';
import { loadChart } from '../../server/src/node/chartLoader';
import { repoRoot } from './support/renderHarness';

// The compiled CLI entry next to this compiled test (tsc keeps the folder layout): what a worker is started from.
const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const failing = path.join(repoRoot, 'test', 'fixtures', 'prerendered', 'failing-chart');
const rendering = path.join(repoRoot, 'test', 'fixtures', 'profiles', 'ci-profiles', 'chart');
// The render options the CLI's `check` renders with (main.ts).
const render: RenderOptions = { missingDependencies: 'skip', documents: 'identity', untilError: true };
const forced: RenderAheadSettings = { minTemplateChars: 0, startMs: 20_000, parseMs: 60_000, parseMsPerMillionChars: 0, answerMs: 60_000 };

function check(chart: string, extra: Partial<CheckOptions> = {}) {
  return runCheck({ paths: [chart], config: {}, fix: false, render, ...extra });
}

function profileOptions(chart: string): RenderOptions[] {
  const input = loadChart(chart, []);
  return valuesProfiles(input).map((profile) => profileRenderOptions(render, profile));
}

describe('check rendering one chart on a worker thread', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-render-thread-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('the worker answers a failed render for each profile', () => {
    const input = loadChart(failing, []);
    const options = profileOptions(failing);
    const ahead = renderAhead(input, options, cliPath, forced);
    assert.ok(ahead);
    const taken = ahead.take();
    assert.equal(taken.length, 2);
    for (const [index, entry] of taken.entries()) {
      assert.equal(entry.input, input);
      assert.equal(entry.options, options[index]);
      assert.match(entry.render.error, /no template "failing.fullname" associated/);
    }
  });

  it('reports what one thread reports, the chart failing to render', () => {
    const alone = check(failing);
    assert.ok(alone.findings.length > 0 && alone.renders?.every((status) => status.mode === 'literal'));
    assert.deepEqual(check(failing, { threads: { script: cliPath, count: 2 }, renderAhead: forced }), alone);
  });

  it('a chart that renders gets nothing back and renders here, with the same report', () => {
    const input = loadChart(rendering, []);
    assert.deepEqual(renderAhead(input, profileOptions(rendering), cliPath, forced)?.take(), []);
    const alone = check(rendering);
    assert.ok(alone.renders?.every((status) => status.mode === 'rendered'));
    assert.deepEqual(check(rendering, { threads: { script: cliPath, count: 2 }, renderAhead: forced }), alone);
  });

  it('a worker that fails to start, or never answers, is given up on: the same report', () => {
    const broken = path.join(folder, 'broken-worker.js');
    fs.writeFileSync(broken, "throw new Error('this worker fails as it starts');\n");
    const silent = path.join(folder, 'silent-worker.js');
    // Says it started, then never answers.
    fs.writeFileSync(silent, "const { workerData } = require('worker_threads');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\nsetInterval(() => undefined, 1000);\n");
    const quick: RenderAheadSettings = { minTemplateChars: 0, startMs: 300, parseMs: 300, parseMsPerMillionChars: 0, answerMs: 300 };
    const input = loadChart(failing, []);
    assert.deepEqual(renderAhead(input, profileOptions(failing), broken, quick)?.take(), []);
    assert.deepEqual(renderAhead(input, profileOptions(failing), silent, quick)?.take(), []);
    const alone = check(failing);
    assert.deepEqual(check(failing, { threads: { script: broken, count: 2 }, renderAhead: quick }), alone);
    assert.deepEqual(check(failing, { threads: { script: silent, count: 2 }, renderAhead: quick }), alone);
  });

  it('waits for the worker to parse as long as the templates size allows, then only answerMs for its answer', () => {
    const input = loadChart(failing, []);
    const options = profileOptions(failing);
    // Says it started and never parses.
    const parsing = path.join(folder, 'parsing-worker.js');
    fs.writeFileSync(parsing, "const { workerData } = require('worker_threads');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\nsetInterval(() => undefined, 1000);\n");
    // Says it started, says it parsed 300 ms later, never answers.
    const executing = path.join(folder, 'executing-worker.js');
    fs.writeFileSync(executing, "const { workerData } = require('worker_threads');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\nsetTimeout(() => { Atomics.store(state, 0, 2); Atomics.notify(state, 0); }, 300);\nsetInterval(() => undefined, 1000);\n");
    const chars = templateChars(input);
    // 600 ms of parse wait for this chart's templates, counted once it has started (20 s allowed for that).
    const perChars: RenderAheadSettings = { minTemplateChars: 0, startMs: 20_000, parseMs: 0, parseMsPerMillionChars: (600 * 1_000_000) / chars, answerMs: 200 };
    let started = Date.now();
    assert.deepEqual(renderAhead(input, options, parsing, perChars)?.take(), []);
    const waited = Date.now() - started;
    assert.ok(waited >= 600 && waited < 10_000, `waited ${waited} ms for a worker that never parses`);
    const patient: RenderAheadSettings = { ...perChars, parseMs: 20_000 };
    started = Date.now();
    assert.deepEqual(renderAhead(input, options, executing, patient)?.take(), []);
    const answered = Date.now() - started;
    assert.ok(answered >= 500 && answered < 10_000, `waited ${answered} ms: the parse (300 ms) and then answerMs (200 ms), not the 20 s parseMs`);
    // The real worker parses, then answers: taken.
    assert.equal(renderAhead(input, options, cliPath, { ...patient, answerMs: 60_000 })?.take().length, 2);
  });

  it("check's own settings wait for a worker's parse only as long as the templates' size allows: one that has not answered is stopped and this thread renders", () => {
    const silent = path.join(folder, 'silent-worker-2.js');
    // Says it started, then never parses nor answers.
    fs.writeFileSync(silent, "const { workerData } = require('worker_threads');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\nsetInterval(() => undefined, 1000);\n");
    const settings: RenderAheadSettings = { ...renderAheadDefaults, minTemplateChars: 0 };
    const started = Date.now();
    assert.deepEqual(check(failing, { threads: { script: silent, count: 2 }, renderAhead: settings }), check(failing));
    // With the earlier defaults (10 s to start, 120 s to answer) this took 120 s; check of the fixture alone takes well under a second.
    assert.ok(Date.now() - started < 10_000, `check waited ${Date.now() - started} ms for a worker that never answers`);
  });

  it('a worker started before its chart is read takes its job then: the same answer', () => {
    const input = loadChart(failing, []);
    const options = profileOptions(failing);
    const early = startRenderWorker(cliPath);
    assert.ok(early);
    const taken = renderAhead(input, options, early, forced)?.take() ?? [];
    assert.equal(taken.length, 2);
    for (const entry of taken) assert.match(entry.render.error, /no template "failing.fullname" associated/);
  });

  it("the loader tells each template file's size before reading it: the chart's and its subcharts', not values nor Chart.yaml", () => {
    const chart = path.join(folder, 'sized-chart');
    fs.mkdirSync(path.join(chart, 'templates', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(chart, 'charts', 'sub', 'templates'), { recursive: true });
    fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: sized\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(chart, 'values.yaml'), `x: ${'x'.repeat(5000)}\n`);
    fs.writeFileSync(path.join(chart, 'templates', 'a.yaml'), 'a'.repeat(300));
    fs.writeFileSync(path.join(chart, 'templates', 'deep', 'b.yaml'), 'é'.repeat(100));
    fs.writeFileSync(path.join(chart, 'charts', 'sub', 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(chart, 'charts', 'sub', 'templates', 'c.yaml'), 'c'.repeat(50));
    const sizes: number[] = [];
    const input = loadChart(chart, [], '', { templateSized: (bytes) => sizes.push(bytes) });
    // 300 + 200 bytes (100 characters) + 50.
    assert.deepEqual([...sizes].sort((a, b) => a - b), [50, 200, 300]);
    assert.equal(templateChars(input), 450);
    assert.deepEqual(input, loadChart(chart, []));
  });

  it('a worker started early for a chart whose template bytes reach the threshold but whose characters do not is stopped: the same report', () => {
    const chart = path.join(folder, 'two-byte');
    fs.cpSync(failing, chart, { recursive: true });
    // 12,000 bytes but 6,000 characters (and a few hundred more in the fixture's own templates).
    fs.writeFileSync(path.join(chart, 'templates', 'notes.yaml'), `# ${'é'.repeat(6000)}\n`);
    const minTemplateChars = 10_000;
    assert.ok(templateChars(loadChart(chart, [])) < minTemplateChars);
    // Says it started, then never parses: a check that gave it the chart would wait the 60 s parseMs for it.
    const silent = path.join(folder, 'silent-worker-early.js');
    fs.writeFileSync(silent, "const { workerData } = require('worker_threads');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\nsetInterval(() => undefined, 1000);\n");
    const settings: RenderAheadSettings = { ...renderAheadDefaults, minTemplateChars, startMs: 20_000, parseMs: 60_000 };
    const started = Date.now();
    assert.deepEqual(check(chart, { threads: { script: silent, count: 2 }, renderAhead: settings }), check(chart));
    // Not waited for: it was stopped, not given the chart.
    assert.ok(Date.now() - started < 10_000, `check waited ${Date.now() - started} ms`);
  });

  it('the worker is started while the chart is read, once its template bytes reach the threshold, and takes its job then', () => {
    const chart = path.join(folder, 'early-failing');
    fs.cpSync(failing, chart, { recursive: true });
    // A worker that leaves a mark as it starts, then serves as the real one would not: it says it started and never answers.
    const mark = path.join(folder, 'started-while-reading');
    const marking = path.join(folder, 'marking-worker-early.js');
    fs.writeFileSync(marking, `const { workerData } = require('worker_threads');\nrequire('fs').writeFileSync(${JSON.stringify(mark)}, '');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\nsetInterval(() => undefined, 1000);\n`);
    const chars = templateChars(loadChart(chart, []));
    const settings: RenderAheadSettings = { ...renderAheadDefaults, minTemplateChars: chars, startMs: 20_000, parseMs: 300, parseMsPerMillionChars: 0, answerMs: 1 };
    assert.deepEqual(check(chart, { threads: { script: marking, count: 2 }, renderAhead: settings }), check(chart));
    assert.equal(fs.existsSync(mark), true);
    // The real worker, started early, answers the same report.
    assert.deepEqual(check(chart, { threads: { script: cliPath, count: 2 }, renderAhead: { ...forced, minTemplateChars: chars } }), check(chart));
  });

  it('a small chart gets no worker: the default threshold is far past the fixtures and the corpus', () => {
    assert.ok(templateChars(loadChart(failing, [])) < renderAheadDefaults.minTemplateChars);
    // A worker that leaves a mark when it starts (and check would wait for it to start): none may be started.
    const mark = path.join(folder, 'started');
    const marking = path.join(folder, 'marking-worker.js');
    fs.writeFileSync(marking, `const { workerData } = require('worker_threads');\nrequire('fs').writeFileSync(${JSON.stringify(mark)}, '');\nconst state = new Int32Array(workerData.helmHooksRender.state);\nAtomics.store(state, 0, 1);\nAtomics.notify(state, 0);\n`);
    const settings: RenderAheadSettings = { ...renderAheadDefaults, startMs: 20_000, answerMs: 1 };
    assert.deepEqual(check(failing, { threads: { script: marking, count: 2 }, renderAhead: settings }), check(failing));
    assert.equal(fs.existsSync(mark), false);
    // The same worker is started, and leaves its mark, when the threshold is met.
    check(failing, { threads: { script: marking, count: 2 }, renderAhead: { ...settings, minTemplateChars: 0 } });
    assert.equal(fs.existsSync(mark), true);
  });
});
