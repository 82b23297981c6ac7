#!/usr/bin/env node
/**
 * Writes the expected output of the renderer's template cases from the real Helm binary.
 *
 *   node scripts/render-cases.mjs [--check] [FILE.yaml ...]
 *
 * Each `test/fixtures/render/cases/*.yaml` becomes a scratch chart `cases` with one template
 * `templates/<case name>.yaml` per case, the file's `values` as values.yaml and its `files`. One
 * `helm template` renders them all; a case whose template fails stops Helm's render, so its
 * error is recorded, the case is set aside and Helm runs again on the rest. `expect` (the
 * rendered text) or `error` (Helm's message after the template position) is written back into
 * the YAML, keeping order and comments. `--check` writes nothing and exits 1 on a difference.
 *
 * The binary: $HELM_BIN, else .cache/helm/helm (npm run setup:helm).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import YAML from 'yaml';

const root = resolve(import.meta.dirname, '..');
const casesDir = join(root, 'test/fixtures/render/cases');
const check = process.argv.includes('--check');
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

const helm = [process.env.HELM_BIN, join(root, '.cache/helm/helm')].find((path) => path && existsSync(path));
if (!helm) {
  console.error('render-cases: no Helm binary (set HELM_BIN, or install it to .cache/helm/helm)');
  process.exit(2);
}

// Every case's output sits between these markers, so the text Helm prints around a template
// (`---`, `# Source:`) can never be mistaken for output. No newline separates marker and template:
// a leading `{{-` of the case would trim it.
const begin = (name) => `#<<<case:${name}>>>`;
const end = (name) => `<<<end:${name}>>>`;
// One template is never valid YAML, so Helm always fails after rendering and `--debug` prints the
// raw rendered text of every template (valid manifests would be split and re-ordered instead).
const sentinel = 'zz-sentinel-not-yaml';

const files = named.length > 0 ? named.map((file) => resolve(file)) : readdirSync(casesDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(casesDir, f));
let differences = 0;
for (const file of files) differences += processFile(file);
if (check) {
  console.log(differences === 0 ? `render-cases: ${files.length} files agree with ${helm}` : `render-cases: ${differences} differences`);
  process.exit(differences === 0 ? 0 : 1);
}

function processFile(file) {
  const text = readFileSync(file, 'utf8');
  const doc = YAML.parseDocument(text, { version: '1.2', keepSourceTokens: true });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  const cases = doc.get('cases');
  if (!YAML.isSeq(cases)) throw new Error(`${file}: no cases list`);
  const byName = new Map();
  for (const item of cases.items) {
    const name = item.get('name');
    const template = item.get('template');
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(name)) throw new Error(`${file}: case name ${JSON.stringify(name)} must be lower-case letters, digits, '.', '_' or '-'`);
    if (byName.has(name)) throw new Error(`${file}: two cases named ${name}`);
    if (typeof template !== 'string') throw new Error(`${file}: case ${name} has no template`);
    byName.set(name, { item, template });
  }

  const results = renderAll(valuesText(doc, text), extraFiles(doc, file), byName);
  let differences = 0;
  const edits = [];
  for (const [name, { item }] of byName) {
    const result = results.get(name);
    const key = 'error' in result ? 'error' : 'expect';
    const other = key === 'error' ? 'expect' : 'error';
    if (item.get(key) === result[key] && !item.has(other)) continue;
    differences++;
    if (check) console.log(`${file}: ${name}: stored ${JSON.stringify(item.has('error') ? { error: item.get('error') } : { expect: item.get('expect') })}, Helm gives ${JSON.stringify(result)}`);
    else edits.push(...resultEdits(text, item, key, result[key]));
  }
  if (!check && edits.length > 0) {
    let written = text;
    for (const edit of edits.sort((a, b) => b.start - a.start)) written = written.slice(0, edit.start) + edit.text + written.slice(edit.end);
    for (const c of YAML.parse(written).cases) {
      const result = results.get(c.name);
      const key = 'error' in result ? 'error' : 'expect';
      if (c[key] !== result[key]) throw new Error(`${file}: ${c.name}: the written YAML does not read back as Helm's output`);
    }
    writeFileSync(file, written);
    console.log(`${file}: ${differences} cases written`);
  }
  return differences;
}

/**
 * Text edits that drop a case's old `expect`/`error` and add the new one after its last other key.
 * Only these lines change: the rest of the file (comments, values as written) stays byte for byte.
 */
function resultEdits(text, item, key, value) {
  const lineStart = (offset) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset) => (offset > 0 && text[offset - 1] === '\n' ? offset : text.indexOf('\n', offset) + 1 || text.length);
  const edits = [];
  let last;
  for (const pair of item.items) {
    const pairEnd = lineEnd((pair.value ?? pair.key).range[1]);
    if (pair.key.value === 'expect' || pair.key.value === 'error') edits.push({ start: lineStart(pair.key.range[0]), end: pairEnd, text: '' });
    else if (last === undefined || pairEnd > last) last = pairEnd;
  }
  const column = item.items[0].key.range[0] - lineStart(item.items[0].key.range[0]);
  const block = new YAML.Document(new YAML.YAMLMap());
  block.contents.items.push(new YAML.Pair(new YAML.Scalar(key), scalar(value)));
  const lines = block.toString({ lineWidth: 0, doubleQuotedAsJSON: true }).replace(/\n$/, '').split('\n');
  const pad = (line) => (line === '' ? line : ' '.repeat(column) + line);
  const insert = `${text[last - 1] === '\n' ? '' : '\n'}${lines.map(pad).join('\n')}\n`;
  edits.push({ start: last, end: last, text: insert });
  return edits;
}

/** The values.yaml text: a block string is used as written; a mapping is cut from the file as written, so `1e6` stays `1e6`. */
function valuesText(doc, text) {
  const node = doc.get('values', true);
  if (node === undefined) return '';
  if (YAML.isScalar(node)) return String(node.value);
  const [start, , end] = node.range;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return `${' '.repeat(start - lineStart)}${text.slice(start, end)}\n`;
}

/** `files`: more chart files by path (`templates/_helpers.tpl`, `files/a.txt`), for `include` and `.Files` cases. */
function extraFiles(doc, file) {
  const files = doc.toJS().files ?? {};
  for (const [path, content] of Object.entries(files)) {
    if (typeof content !== 'string' || path.startsWith('/') || path.split('/').includes('..')) throw new Error(`${file}: files: ${path} must be a relative path with text`);
    if (/^templates\/[^_]/.test(path)) throw new Error(`${file}: files: ${path}: only partials (templates/_*) may be added, every other template is a case`);
  }
  return files;
}

/** Renders every case; returns name → { expect } or { error }. */
function renderAll(values, files, byName) {
  const dir = mkdtempSync(join(tmpdir(), 'render-cases-'));
  const chart = join(dir, 'cases');
  try {
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: cases\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'values.yaml'), values);
    writeFileSync(join(chart, 'templates', `${sentinel}.yaml`), ': [ not yaml\n');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(chart, path)), { recursive: true });
      writeFileSync(join(chart, path), content);
    }
    for (const [name, { template }] of byName) writeFileSync(join(chart, 'templates', `${name}.yaml`), `${begin(name)}${template}${end(name)}`);
    const results = new Map();
    const pending = new Set(byName.keys());
    while (pending.size > 0) {
      const run = runHelm(chart);
      if (run.failedTemplate === undefined) {
        for (const name of pending) {
          const match = new RegExp(`${escape(begin(name))}([\\s\\S]*?)${escape(end(name))}`).exec(run.stdout);
          if (!match) throw new Error(`case ${name}: no output found in Helm's debug output`);
          results.set(name, { expect: match[1] });
        }
        break;
      }
      const name = run.failedTemplate;
      if (!pending.has(name)) throw new Error(`Helm failed on ${name}, which is not a pending case: ${run.message}`);
      results.set(name, { error: run.message });
      pending.delete(name);
      rmSync(join(chart, 'templates', `${name}.yaml`));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One `helm template --debug`; the sentinel's YAML error means every template rendered. */
function runHelm(chart) {
  let stdout = '';
  let stderr = '';
  try {
    stdout = execFileSync(helm, ['template', chart, '--debug'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  } catch (error) {
    stdout = error.stdout ?? '';
    stderr = error.stderr ?? '';
  }
  const at = stderr.startsWith('Error: ') ? 0 : stderr.indexOf('\nError: ') + 1;
  if (at === 0 && !stderr.startsWith('Error: ')) throw new Error(`Helm did not fail on the sentinel template:\n${stderr}`);
  const errorText = stderr.slice(at + 'Error: '.length).replace(/\n+(Use --debug flag[\s\S]*)?$/, '');
  // A YAML error comes after every template rendered (the sentinel guarantees one).
  if (errorText.startsWith('YAML parse error on ')) return { stdout };
  const failed = /cases\/templates\/([a-z0-9][a-z0-9._-]*)\.yaml/.exec(errorText);
  if (!failed) throw new Error(`Helm failed outside any case: ${errorText}`);
  return { stdout, failedTemplate: failed[1], message: messageAfterPosition(errorText) };
}

/** Helm's error without the template position, in each of the shapes Helm 4 prints. */
function messageAfterPosition(text) {
  const forms = [
    /^execution error at \([^)]*\): ([\s\S]*)$/, // fail, required
    /^parse error at \([^)]*\): ([\s\S]*)$/,
    /^template: [^\s:]+:\d+:\d+: executing "[^"]*" at <[\s\S]*?>: ([\s\S]*)$/,
    /^[^\s:]+:\d+:\d+\n {2}executing "[^"]*" at <[\s\S]*?>:\n {4}([\s\S]*)$/,
  ];
  for (const form of forms) {
    const match = form.exec(text);
    if (match) return match[1];
  }
  return text;
}

/** A YAML scalar that reads back exactly: a block literal when that is safe and readable, else double-quoted. */
function scalar(value) {
  const node = new YAML.Scalar(value);
  const readableBlock = value.includes('\n') && !/[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]|[ ]\n|[ ]$|^\n|^ /.test(value);
  node.type = readableBlock ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
  return node;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
