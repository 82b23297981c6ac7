/**
 * A values file is parsed only when one of its keys could be a hook key (`mayHoldHookKey`): the
 * files it skips must be exactly those whose full parse finds no hook entry. Checked on crafted
 * texts (comments, near-miss keys, escapes, explicit keys, doubled quotes) and on every values file
 * of the fixtures and, when present, the shared corpus.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { mayHoldHookKey, parseValuesFile, parseValuesFileInFull } from '../../server/src/analysis/yaml/valuesFile';
import { mayHoldAnchor } from '../../server/src/analysis/yaml/values';
import { corpusRoot } from '../support/corpus';

const skipped: readonly string[] = [
  'image: nginx\n',
  '# see https://helm.sh/docs/topics/charts_hooks/ for helm.sh/hook\nimage: nginx\n',
  'jobs:\n  useHelmHooks: true\n  lifecycleHooks: {}\n  webhook:\n    path: /api/webhook\n',
  'script: |\n  # helm.sh/hook: pre-install\n  echo hi\n',
  'command: |\n  exec \\\n    helm-hooks check\nwebhook:\n  path: "a\\tb"\n',
  '# "a\\"": 1\nadmissionWebhooks:\n  patchWebhookJob: {}\n  hooks: [helm]\n',
];

const kept: readonly string[] = [
  'jobAnnotations:\n  helm.sh/hook: post-install\n',
  'a:\n  Helm.sh/Hook-Weight: "1"\n',
  'a:\n  helm.sh/hok-weight: "1"\n',
  'a:\n  helmsh/hook: pre-install\n',
  "a:\n  'helm.sh/h''''ok': pre-install\n",
  'a:\n  "helm.sh/ho\\x6fk": pre-install\n',
  'a:\n  ? "\n    #helm.sh/hook"\n  : pre-install\n',
  'a: {"helm.sh/hook-delete-policy": x}\n',
  'a: {"helm.sh\\/hook": x}\n',
  'a:\n  "helm.sh/ho\\x6fk"  : pre-install\n',
  'a:\n  hemlsh/hook: pre-install\n',
  'a:\n  - {x: 1, Helm.sx/Hook-Weight: "1"}\n',
];

describe('values files without a possible hook key', () => {
  for (const text of skipped) {
    it(`are skipped: ${JSON.stringify(text)}`, () => {
      assert.equal(mayHoldHookKey(text), false);
      assert.deepEqual(parseValuesFileInFull({ path: 'values.yaml', text }).hookEntries, []);
    });
  }

  for (const text of kept) {
    it(`are parsed when a key could be one: ${JSON.stringify(text)}`, () => {
      assert.equal(mayHoldHookKey(text), true);
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), parseValuesFileInFull({ path: 'values.yaml', text }));
    });
  }

  it('read every values file of the fixtures and the corpus as the full parse does', () => {
    const roots = [path.join(__dirname, '../../../test/fixtures'), corpusRoot()].filter((root): root is string => root !== undefined);
    const files = roots.flatMap(valuesFilesUnder);
    assert.ok(files.length > 20, `only ${files.length} values files found`);
    let skippedFiles = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const full = parseValuesFileInFull({ path: file, text });
      assert.deepEqual(parseValuesFile({ path: file, text }), full, file);
      if (!mayHoldHookKey(text)) skippedFiles++;
    }
    assert.ok(skippedFiles > 0, 'the check skipped no file');
  });
});

// Values files without a hook key are parsed only for their aliases' targets, and only when an anchor may be there.
const withoutAnchor: readonly string[] = [
  'image: nginx\n',
  '# mkdir /tmp && unzip x.zip &&\n#   rm -rf /tmp\nimage: nginx\n',
  'extraArgs: []\n  #  - cd /tmp &&\n\t# &anchor: *anchor\n',
];

const withAnchor: readonly string[] = [
  'base: &base {a: 1}\nother: *base\n',
  'base:\n  &base\n  a: 1\nother:\n  <<: *base\n',
  'list:\n  - &x 1\n  - *x # see &x\n',
  'script: "a && b"\n',
  '# a comment\r&x a: 1\r',
];

describe('values files without an anchor', () => {
  for (const text of withoutAnchor) {
    it(`are not parsed for aliases: ${JSON.stringify(text)}`, () => {
      assert.equal(mayHoldAnchor(text), false);
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), parseValuesFileInFull({ path: 'values.yaml', text }));
    });
  }

  for (const text of withAnchor) {
    it(`are parsed when an & is outside a comment line: ${JSON.stringify(text)}`, () => {
      assert.equal(mayHoldAnchor(text), true);
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), parseValuesFileInFull({ path: 'values.yaml', text }));
    });
  }
});

function valuesFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return valuesFilesUnder(full);
    return /^values.*\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}
