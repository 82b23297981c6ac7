/**
 * scripts/yamlTypesOnPrototypes.mjs rewrites `yaml`'s constructors at bundle time so a node's type
 * lives on its class's prototype instead of on each instance. Here `yaml` is bundled with and
 * without that rewrite, and both read every YAML file of the fixtures (with the options the core
 * uses and with yaml's defaults): the same values, the same text when written back, the same
 * errors, and every node answers `isScalar`, `isMap`, … alike, in the documents, their clones
 * and their schemas' clones.
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import * as plainYaml from 'yaml';

type Yaml = typeof plainYaml;

const root = path.resolve('.');

/** `yaml` bundled by esbuild, with the rewrite or without it. */
function bundledYaml(dir: string, rewritten: boolean): Yaml {
  const entry = path.join(dir, 'entry.cjs');
  const out = path.join(dir, rewritten ? 'rewritten.cjs' : 'plain.cjs');
  fs.writeFileSync(entry, `module.exports = require(${JSON.stringify(require.resolve('yaml'))});\n`);
  const script = [
    `import * as esbuild from 'esbuild';`,
    `import { yamlTypesOnPrototypes } from ${JSON.stringify(path.join(root, 'scripts/yamlTypesOnPrototypes.mjs'))};`,
    `await esbuild.build({ entryPoints: [${JSON.stringify(entry)}], outfile: ${JSON.stringify(out)}, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error', plugins: ${rewritten ? '[yamlTypesOnPrototypes]' : '[]'} });`,
  ].join('\n');
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'pipe' });
  const text = fs.readFileSync(out, 'utf8');
  assert.equal(text.includes('__typeOnPrototype(this'), rewritten, 'the rewrite applies to the bundle it is asked for, and only there');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as Yaml;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every node's answer to yaml's type guards, in document order, with its JSON-able scalar value. */
function shape(yaml: Yaml, node: unknown, out: string[] = []): string[] {
  const guards: ((value: unknown) => boolean)[] = [yaml.isDocument, yaml.isNode, yaml.isScalar, yaml.isMap, yaml.isSeq, yaml.isPair, yaml.isAlias, yaml.isCollection];
  out.push(guards.map((guard) => (guard(node) ? '1' : '0')).join(''));
  if (yaml.isDocument(node)) shape(yaml, node.contents, out);
  else if (yaml.isCollection(node)) for (const item of node.items) shape(yaml, item, out);
  else if (yaml.isPair(node)) {
    shape(yaml, node.key, out);
    shape(yaml, node.value, out);
  } else if (yaml.isScalar(node)) out.push(typeof node.value + ':' + String(node.value));
  return out;
}

function reading(yaml: Yaml, text: string, options: Record<string, unknown> | undefined): unknown {
  return yaml.parseAllDocuments(text, options).map((document) => {
    if (!yaml.isDocument(document)) return 'empty stream';
    let js: unknown;
    try {
      js = JSON.stringify(document.toJS({ maxAliasCount: 100 }));
    } catch (error) {
      js = `throws ${(error as Error).message}`;
    }
    let written: string;
    try {
      written = String(document);
    } catch (error) {
      written = `throws ${(error as Error).message}`;
    }
    const clone = document.clone();
    const schemaClone = document.schema.clone() as unknown as Record<symbol, unknown>;
    const schema = document.schema as unknown as Record<symbol, unknown>;
    return {
      js,
      written,
      errors: document.errors.map((error) => error.message),
      shape: shape(yaml, document),
      cloneShape: shape(yaml, clone),
      // A schema's map, scalar and seq tags (the other three rewritten properties), and its clone's.
      schemaTags: ['yaml.map', 'yaml.scalar', 'yaml.seq'].map((name) => [(schema[Symbol.for(name)] as { tag?: string } | undefined)?.tag, schemaClone[Symbol.for(name)] === schema[Symbol.for(name)]]),
    };
  });
}

describe('yaml with its node types on prototypes (scripts/yamlTypesOnPrototypes.mjs)', () => {
  it('reads every fixture YAML file as the unchanged library does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-hooks-yaml-types-'));
    try {
      const plain = bundledYaml(dir, false);
      const rewritten = bundledYaml(dir, true);
      const files = yamlFiles(path.join(root, 'test/fixtures'));
      assert.ok(files.length > 100, `${files.length} fixture files`);
      const extra = ['a: &x 1\nb: *x\n<<: {c: 2}\n', '- !!str 1\n- !!binary aGk=\n- ? [a]\n  : b\n', 'a: {b: [1, 2], c: d}\n', '%YAML 1.1\n---\nyes: no\n...\n'];
      for (const options of [{ version: '1.1', uniqueKeys: false }, undefined]) {
        for (const text of [...files.map((file) => fs.readFileSync(file, 'utf8')), ...extra]) {
          assert.deepEqual(reading(rewritten, text, options), reading(plain, text, options));
        }
      }
      // Built from scratch too: createNode, a new Document, a Pair.
      for (const yaml of [plain, rewritten]) {
        const document = new yaml.Document({ a: [1, 'b', { c: null }] });
        assert.deepEqual(shape(yaml, document), shape(plain, new plain.Document({ a: [1, 'b', { c: null }] })));
        assert.ok(yaml.isPair(new yaml.Pair(new yaml.Scalar('k'), new yaml.Scalar('v'))));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
