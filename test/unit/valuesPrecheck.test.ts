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
import fc from 'fast-check';
import { hookEntriesOnly, mayHoldHookKey, parseValuesFile, parseValuesFileInFull } from '../../server/src/analysis/yaml/valuesFile';
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

// A file whose hook keys are in some top-level entries is parsed in those alone (`hookEntriesOnly`), and reads as the full parse does.
const narrowed: readonly string[] = [
  'a: 1\njobs:\n  annotations:\n    helm.sh/hook: post-install\nb:\n- x\n- y: |\n    z\n',
  'list:\n- a\n-\n- "b\n  c"\nhooks:\n  helm.sh/hook-weight: "1"\n# end\n',
  'x: "closed later\ny:\n  helm.sh/hook: pre-install\nz: "the end"\n',
  "x: 'closed later\ny:\n  helm.sh/hook: pre-install\n# it's\n",
  'x: [a,\ny: {helm.sh/hook: post-install}\n',
  "x: |\n  helm\nz: >\n  a\n\n  b\ny:\n  helm.sh/hook: |\n    x\n'q': 1234567890\nr: 'v'\n",
  'x: plain\n  continued\ny:\n  - helm.sh/hook: pre-install\nz: [2,\n  3]\n',
  '# head\n\n  # indented comment\na: !!str 1\nb:\n  Helm.sh/Hook: post-delete # c\nc: # note\n- 1\n- 2\n',
  'x: |\n  a\nz:\n  k: v\n  l: [1, 2]\nhelm.sh/hook-delete-policy: hook-succeeded\n',
];

const whole: readonly string[] = [
  'x: plain\ncontinued\ny:\n  - helm.sh/hook: pre-install\nz: 2\n',
  'x: "unclosed\ny:\n  "helm.sh/hook": pre-install\n',
  'x: "a" "b\ny:\n  helm.sh/hook: pre-install\n',
  "x: 'a''\ny:\n  helm.sh/hook: pre-install\n",
  'x: "a\\"\ny:\n  helm.sh/hook: pre-install\n',
  'x: &a post-install\ny:\n  helm.sh/hook: *a\nz: 1\n',
  '- a\nhelm.sh/hook: x\n',
  '---\na:\n  helm.sh/hook: x\nb: 1\n',
  'a: 1\n\tb: 2\nc:\n  helm.sh/hook: x\n',
  'a: 1\r\nb:\r\n  helm.sh/hook: x\r\n',
  '  a: 1\nb:\n  helm.sh/hook: x\n',
  'a: b\n- c\nd:\n  helm.sh/hook: x\n',
  'a:\n  b: 1\n- c\nd:\n  helm.sh/hook: x\n',
  'x y: 1\nb:\n  helm.sh/hook: x\n',
  '"a\\"b": 1\nc:\n  helm.sh/hook: x\n',
  'a: 1\n? b\n: 2\nc:\n  helm.sh/hook: x\n',
  'a: 1\nb:\n  helm.sh/hook: x\n]\n',
  'a:\n  helm.sh/hook: x\n',
];

describe('values files read only in the entries that may hold hook keys', () => {
  for (const text of narrowed) {
    it(`narrow: ${JSON.stringify(text)}`, () => {
      const reduced = hookEntriesOnly(text);
      assert.notEqual(reduced, text);
      assert.equal(reduced.length, text.length);
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), parseValuesFileInFull({ path: 'values.yaml', text }));
    });
  }

  for (const text of whole) {
    it(`whole: ${JSON.stringify(text)}`, () => {
      assert.equal(hookEntriesOnly(text), text);
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), parseValuesFileInFull({ path: 'values.yaml', text }));
    });
  }

  it('read generated values files as the full parse does', () => {
    let narrowedFiles = 0;
    fc.assert(
      fc.property(valuesText(), (text) => {
        if (hookEntriesOnly(text) !== text) narrowedFiles++;
        assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), parseValuesFileInFull({ path: 'values.yaml', text }), JSON.stringify(text));
      }),
      { numRuns: 500, seed: 15 },
    );
    assert.ok(narrowedFiles > 100, `only ${narrowedFiles} generated files were narrowed`);
  });
});

/** Values files of top-level entries: scalars, multi-line scalars of every style, nested hook keys, sequences at column 0, comments, and now and then what the narrowing must refuse or what `yaml` reports. */
function valuesText(): fc.Arbitrary<string> {
  const key = fc.constantFrom('a', 'image', 'jobAnnotations', '"q"', "'s'", 'x.y', 'helm.sh/hook', 'hooks');
  const hookLine = fc.constantFrom('  helm.sh/hook: post-install', '  "helm.sh/hook-weight": "-5"', '  Helm.sh/Hook-Delete-Policy: x', '  helm.sh/hok: y', '  webhook: z', '  helm.sh/hook: [a,', '    b]');
  const body = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom([': 1'], [': "a b"'], [": 'it s'"], [': plain', '  more'], [': |', '  text', '', '  helm.sh/hook: not a key', '        '], [': >-', '  folded', '   more'], [': [a,', '  b]'], [': {a: 1,', '  helm.sh/hook: 2}'], [':', '- a', '- b: c', '  d: e', '-'], [': # comment', '- x'], [':', '  nested:', '    deeper: 1'], [': !!str 1']),
    },
    { weight: 1, arbitrary: fc.constantFrom([': "a', '  b"'], [": 'a", '  b'], [': "unclosed'], [": 'unclosed"], [': [unclosed'], [': x', '- not allowed'], [':', '\tb: tab'], [': 1', '---'], [': "a" "b']) },
  );
  const entry = fc.tuple(key, body, fc.array(hookLine, { maxLength: 2 }), fc.constantFrom('', '', '# comment', '  # indented', '')).map(([name, [first, ...rest], hooks, gap]) => [gap, `${name}${first}`, ...(first === ':' ? hooks : []), ...rest].filter((line, index) => index > 0 || line !== ''));
  return fc.array(entry, { minLength: 1, maxLength: 6 }).map((entries) => `${entries.flat().join('\n')}\n`);
}

function valuesFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return valuesFilesUnder(full);
    return /^values.*\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}
