/**
 * `helm-hooks check --fix` never loses a byte: killed at any moment, every file is either its
 * original or its fully fixed text; a write that fails (a file-size limit) leaves the original
 * and is reported; it never writes through a symbolic link or outside the chart, never writes
 * a file that changed since it was checked, and counts only the fixes it wrote.
 */
import * as assert from 'assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { writeFixedFile } from '../../server/src/cli/writeFixed';

const cliPath = path.join(__dirname, '../../server/src/cli/main.js');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-fix-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** What --fix leaves behind only when it is killed between writing a fixed copy and renaming it over the file. */
const temporaryName = /^\.(.+)\.helm-hooks-\d+-[a-z0-9]+\.tmp$/;

function hookJob(name: string, events = 'pre-instal'): string {
  return `---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  annotations:\n    "helm.sh/hook": ${events}\n    "helm.sh/hook-weight": "1"\n    "helm.sh/hook-delete-policy": before-hook-creation\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: main\n          image: busybox\n`;
}

/** A ConfigMap with a large block of data: a big file that takes a while to write but little to check. */
function bigConfigMap(name: string, bytes: number): string {
  const line = `    ${'x'.repeat(95)}\n`;
  return `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  blob: |\n${line.repeat(Math.ceil(bytes / line.length))}`;
}

function chartYaml(name: string): string {
  return `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
}

/** Chart-relative path → text. */
type Files = Map<string, string>;

function writeFiles(root: string, files: Files): void {
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

function run(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A small pseudo-random generator with a fixed seed, so a failing run can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('helm-hooks check --fix killed at random points', () => {
  // 30 templates with a fixable hook each, and two 2 MB files (the kind a torn write cut short).
  const files: Files = new Map([['Chart.yaml', chartYaml('big')]]);
  for (let index = 0; index < 30; index++) files.set(`templates/job-${String(index).padStart(2, '0')}.yaml`, hookJob(`job-${index}`));
  for (const name of ['big-a', 'big-b']) files.set(`templates/${name}.yaml`, hookJob(`${name}-hook`) + bigConfigMap(name, 2 * 1024 * 1024));
  const runs = 50;
  /** Runs at a time, each on its own copy of the chart. */
  const workers = 4;
  const seed = 1601;

  it(`${runs} SIGKILLs leave every file either original or fully fixed (seed ${seed})`, async () => {
    const reference = path.join(scratch, 'kill-reference');
    writeFiles(reference, files);
    const started = Date.now();
    const full = run(['check', '--fix', reference]);
    const total = Date.now() - started;
    assert.equal(full.status, 0, full.stdout + full.stderr);
    assert.match(full.stdout, /^fixed 32 findings in 32 files\n/);
    const fixed: Files = new Map([...files.keys()].map((file) => [file, fs.readFileSync(path.join(reference, file), 'utf8')]));
    // How long the writes took, from the files' modification times.
    const written = [...files.keys()].filter((file) => fixed.get(file) !== files.get(file)).map((file) => fs.statSync(path.join(reference, file)).mtimeMs);
    const writing = Math.max(Math.max(...written) - Math.min(...written), 20);

    const random = randomFrom(seed);
    // One kill in five anywhere in the run; the others at a random point of the writes, timed
    // from the first write seen in the folder, so a slow machine still kills mid-write.
    const plans = Array.from({ length: runs }, (_, attempt) => (attempt % 5 === 0 ? { fromStart: random() * total } : { fromFirstWrite: random() * writing * 1.2 }));
    const seen = { untouched: 0, complete: 0, partial: 0, leftovers: 0 };
    const failures: string[] = [];
    const worker = async (slot: number): Promise<void> => {
      const chart = path.join(scratch, `kill-${slot}`);
      for (let attempt = slot; attempt < runs; attempt += workers) {
        fs.rmSync(chart, { recursive: true, force: true });
        writeFiles(chart, files);
        await killDuringFix(chart, plans[attempt]);
        const outcome = inspect(chart, files, fixed);
        failures.push(...outcome.failures.map((failure) => `run ${attempt} (${JSON.stringify(plans[attempt])}): ${failure}`));
        seen[outcome.state]++;
        seen.leftovers += outcome.leftovers;
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, slot) => worker(slot)));
    assert.deepEqual(failures, []);
    // The test proves something only if some kills landed while files were being written.
    assert.ok(seen.partial + seen.leftovers > 0, `no kill landed during the writes: ${JSON.stringify(seen)}`);
  });
});

/** Every file is its original or its fixed text; anything else in the folders is a temporary file of one of them. */
function inspect(chart: string, files: Files, fixed: Files): { state: 'untouched' | 'complete' | 'partial'; leftovers: number; failures: string[] } {
  const failures: string[] = [];
  let originals = 0;
  let fixes = 0;
  for (const [file, original] of files) {
    const text = fs.readFileSync(path.join(chart, file), 'utf8');
    if (text === fixed.get(file)) fixes++;
    if (text === original) originals++;
    else if (text !== fixed.get(file)) failures.push(`${file} is neither the original nor the fixed text (${text.length} characters)`);
  }
  let leftovers = 0;
  for (const folder of ['', 'templates']) {
    for (const name of fs.readdirSync(path.join(chart, folder))) {
      const file = path.posix.join(folder, name);
      if (files.has(file) || file === 'templates') continue;
      const owner = temporaryName.exec(name)?.[1];
      if (owner && files.has(path.posix.join(folder, owner))) leftovers++;
      else failures.push(`unexpected file ${file}`);
    }
  }
  const state = fixes === files.size ? 'complete' : originals === files.size ? 'untouched' : 'partial';
  return { state, leftovers, failures };
}

/** Runs --fix on `chart` and kills it with SIGKILL at the planned moment (unless it finishes first). */
function killDuringFix(chart: string, plan: { fromStart: number } | { fromFirstWrite: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'check', '--fix', chart], { stdio: 'ignore' });
    const kill = () => child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    let watcher: fs.FSWatcher | undefined;
    if ('fromStart' in plan) {
      timer = setTimeout(kill, plan.fromStart);
    } else {
      watcher = fs.watch(path.join(chart, 'templates'), () => {
        watcher?.close();
        watcher = undefined;
        timer = setTimeout(kill, plan.fromFirstWrite);
      });
    }
    child.on('error', reject);
    child.on('exit', () => {
      watcher?.close();
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('helm-hooks check --fix writes only what it may', () => {
  it('a failed write (a file-size limit) leaves the original byte-identical, is reported, and is not counted', () => {
    const chart = path.join(scratch, 'size-limit');
    // A file larger than the limit (its fix cannot be written) and a small one (written).
    const large = hookJob('large') + '# padding to pass the file-size limit\n'.repeat(300);
    writeFiles(chart, new Map([['Chart.yaml', chartYaml('limited')], ['templates/large.yaml', large], ['templates/small.yaml', hookJob('small')]]));
    // `ulimit -f` counts 1024-byte blocks in bash: 9 KB, as in the issue.
    const result = spawnSync('bash', ['-c', `ulimit -f 9 && exec "${process.execPath}" "${cliPath}" check --fix "${chart}"`], { encoding: 'utf8' });
    assert.ok(Buffer.byteLength(large) > 9 * 1024);
    assert.equal(fs.readFileSync(path.join(chart, 'templates/large.yaml'), 'utf8'), large);
    assert.equal(fs.readFileSync(path.join(chart, 'templates/small.yaml'), 'utf8'), hookJob('small', 'pre-install'));
    assert.equal(result.stderr, `helm-hooks: ${chart}/templates/large.yaml: not fixed: file too large (over the file-size limit)\n`);
    assert.match(result.stdout, /^fixed 1 finding in 1 file\n/);
    assert.equal(result.status, 2);
    assert.deepEqual(fs.readdirSync(path.join(chart, 'templates')).sort(), ['large.yaml', 'small.yaml'], 'no temporary file is left behind');
  });

  it('a template linked from outside the chart is neither followed nor written; one linked inside is read but not written through', () => {
    const root = path.join(scratch, 'links');
    const chart = path.join(root, 'chart');
    const outside = path.join(root, 'outside.yaml');
    writeFiles(chart, new Map([['Chart.yaml', chartYaml('links')], ['templates/job.yaml', hookJob('job')], ['files/shared.yaml', hookJob('shared')]]));
    fs.writeFileSync(outside, hookJob('outside'));
    fs.symlinkSync(outside, path.join(chart, 'templates/outside.yaml'));
    fs.symlinkSync('../files/shared.yaml', path.join(chart, 'templates/shared.yaml'));

    const result = run(['check', '--fix', chart]);
    assert.equal(fs.readFileSync(outside, 'utf8'), hookJob('outside'), 'the file outside the chart is untouched');
    assert.equal(fs.readFileSync(path.join(chart, 'files/shared.yaml'), 'utf8'), hookJob('shared'), 'the link\'s target is untouched');
    assert.ok(fs.lstatSync(path.join(chart, 'templates/outside.yaml')).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(chart, 'templates/shared.yaml')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(chart, 'templates/job.yaml'), 'utf8'), hookJob('job', 'pre-install'));
    assert.deepEqual(result.stderr.split('\n'), [
      `helm-hooks: ${chart}/templates/outside.yaml: skipped: a symbolic link to ${fs.realpathSync(outside)}, outside the chart`,
      `helm-hooks: ${chart}/templates/shared.yaml: not fixed: it is a symbolic link, and --fix never writes through one`,
      '',
    ]);
    assert.match(result.stdout, /^fixed 1 finding in 1 file\n/);
    assert.equal(result.status, 2);
  });

  it('keeps the file\'s mode', () => {
    const chart = path.join(scratch, 'mode');
    writeFiles(chart, new Map([['Chart.yaml', chartYaml('mode')], ['templates/job.yaml', hookJob('job')]]));
    const job = path.join(chart, 'templates/job.yaml');
    fs.chmodSync(job, 0o640);
    const result = run(['check', '--fix', chart]);
    assert.match(result.stdout, /^fixed 1 finding in 1 file\n/);
    assert.equal(fs.statSync(job).mode & 0o7777, 0o640);
  });
});

describe('writeFixedFile', () => {
  const folder = path.join(scratch, 'write');
  fs.mkdirSync(folder, { recursive: true });

  it('writes nothing to a file that changed since it was checked', () => {
    const file = path.join(folder, 'changed.yaml');
    fs.writeFileSync(file, 'edited meanwhile\n');
    assert.deepEqual(writeFixedFile(file, folder, 'as checked\n', 'fixed\n'), { written: false, reason: 'the file changed while it was being checked' });
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile\n');
  });

  it('writes nothing outside the folder it is given, even through a linked folder', () => {
    const elsewhere = fs.mkdtempSync(path.join(scratch, 'elsewhere-'));
    fs.writeFileSync(path.join(elsewhere, 'job.yaml'), 'text\n');
    fs.symlinkSync(elsewhere, path.join(folder, 'linked-folder'));
    const outcome = writeFixedFile(path.join(folder, 'linked-folder', 'job.yaml'), folder, 'text\n', 'fixed\n');
    assert.deepEqual(outcome, { written: false, reason: `it is really ${path.join(fs.realpathSync(elsewhere), 'job.yaml')}, outside the chart's folder` });
    assert.equal(fs.readFileSync(path.join(elsewhere, 'job.yaml'), 'utf8'), 'text\n');
  });

  it('keeps a byte-order mark and every byte the fix did not change', () => {
    const file = path.join(folder, 'bom.yaml');
    fs.writeFileSync(file, '\uFEFFa: 1\r\nb: 2\r\n');
    assert.deepEqual(writeFixedFile(file, folder, 'a: 1\r\nb: 2\r\n', 'a: 1\r\nb: 3\r\n'), { written: true });
    assert.deepEqual(fs.readFileSync(file), Buffer.from('\uFEFFa: 1\r\nb: 3\r\n'));
  });
});
