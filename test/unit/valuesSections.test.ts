/**
 * A values file with a possible hook key is parsed only in the top-level sections that may hold
 * one (valuesSections.ts): the entries must be exactly the whole file's parse's. Checked on texts
 * made to break the sections (quotes and flow collections over lines, block scalars, keys at
 * column 0 inside other text, escapes, anchors and aliases, merge keys, comments, CRLF, tabs,
 * directives, document markers), on generated files, and on every values file of the fixtures
 * and, when present, the shared corpus.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parseValuesFile, parseValuesFileBySection, parseValuesFileInFull } from '../../server/src/analysis/yaml/valuesFile';
import { valuesSections } from '../../server/src/analysis/yaml/valuesSections';
import { corpusRoot } from '../support/corpus';
import { seededRandom } from './support/seededRandom';
import { adversarialLength, assertFast } from './support/timing';

const padding = 'image:\n  repository: nginx\n  tag: ""\nresources: {}\nlist: []\n';
const hook = 'job:\n  annotations:\n    helm.sh/hook: post-install\n    "helm.sh/hook-weight": "1"\n';

/** Texts the sections must read as the whole file is read (most are declined, some are not). */
const tricky: readonly string[] = [
  `${padding}${hook}`,
  `${hook}${padding}`,
  `${padding}${hook}${padding}${hook}`,
  // A quoted scalar or flow collection carried over a key line at column 0.
  `a: "x\n${hook}b: y"\n`,
  `a: 'x\n${hook}'\n`,
  `a: [x,\n${hook}]\n`,
  `a: {x: 1,\n${hook}}\n`,
  `a: "x\\"\n${hook}"\n`,
  `a: it's 'open\n${hook}`,
  `a: [b'c, 'd\n${hook}'] \n`,
  `a:\n  - "x\n    y"\n${hook}`,
  // Block scalars: content that looks like keys, quotes and hook keys; indentation indicators; a key above the content.
  `script: |\n  "open\n  helm.sh/hook: x\n${hook}`,
  `script: |2\n   "open\n${hook}`,
  `script: >-\n    [a,\n  b: "c\n${hook}`,
  `- |\n  x\n${hook}`,
  `a:\n  |\n  "x\n${hook}`,
  `a:\n  - b: |\n      "x\n    c: "y\n${hook}`,
  `a: |\n\n  text\n\n${hook}`,
  // A line at column 0 that is not a key: plain continuation, a multi-line key, a sequence at the top.
  `a: x\ny\n${hook}`,
  `foo\n${hook}`,
  `- a\n${hook}`,
  `a:\n- x\n- "y"\n${hook}`,
  `"quoted": 1\n${hook}`,
  `? complex\n: 1\n${hook}`,
  // Anchors, aliases and merge keys across sections.
  `ev: &ev post-install\njob:\n  annotations:\n    helm.sh/hook: *ev\n`,
  `base: &b\n  helm.sh/hook: pre-install\njob:\n  annotations:\n    <<: *b\n`,
  `job:\n  annotations:\n    <<: {helm.sh/hook: pre-install}\n${padding}`,
  `job:\n  annotations:\n    helm.sh/hook: *nowhere\n${padding}`,
  // Escapes, comments, flow mappings in a section.
  `job:\n  annotations:\n    "helm.sh/ho\\x6fk": pre-install\n${padding}`,
  `job:\n  annotations: {"helm.sh/hook": pre-install, helm.sh/hook-weight: "2"}\n${padding}`,
  `job:\n  annotations: # the hooks\n    helm.sh/hook: pre-install # first\n    # helm.sh/hook-weight: "3"\n${padding}`,
  `# helm.sh/hook: pre-install\n${padding}${hook}# trailing\n`,
  `job:\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook: post-install\n${padding}`,
  // Line breaks, tabs, byte-order marks, directives and documents.
  `${padding}${hook}`.replace(/\n/g, '\r\n'),
  `${padding}job:\r  annotations:\r    helm.sh/hook: x\r`,
  `${padding}job:\n  annotations:\n\thelm.sh/hook: x\n`,
  `${padding}job:\n  annotations:\n    helm.sh/hook:\tx\n`,
  `\ufeff${padding}${hook}`,
  `%YAML 1.1\n---\n${padding}${hook}`,
  `${padding}---\n${hook}`,
  `${hook}...\n${padding}`,
  `${padding}...\n${hook}`,
  // A line that stands in no collection open at its column (review15 D6: found by a fuzzer; the whole parse reads no hook key).
  '# helm.sh/hook: x\n1: |\n    - x\n  - x\n    k: v\n"helm.sh/ho\\x6fk": pre-install # c\n',
  // Errors: in the hook's section, in another one, and nesting that the guard refuses.
  `${padding}job:\n  annotations:\n    helm.sh/hook: post-install\n   bad: indent\n`,
  `a:\n  b: 1\n c: 2\n${hook}`,
  `a: ${'['.repeat(200)}\n${hook}`,
  `# ${'['.repeat(1100)}\n${hook}`,
  `a: "${'['.repeat(1100)}"\n${hook}`,
];

describe('values files read by section', () => {
  for (const text of tricky) {
    it(`give the whole parse's entries: ${JSON.stringify(text.length > 90 ? `${text.slice(0, 90)}…` : text)}`, () => {
      const full = parseValuesFileInFull({ path: 'values.yaml', text });
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), full);
      const bySection = parseValuesFileBySection({ path: 'values.yaml', text });
      if (bySection) assert.deepEqual(bySection, full);
    });
  }

  it('are read by section when the file is plain (the reading does not always decline)', () => {
    for (const text of [`${padding}${hook}`, `${hook}${padding}`, `${padding}${hook}${padding}${hook}`, `job:\n  annotations:\n    "helm.sh/ho\\x6fk": pre-install\n${padding}`]) {
      const bySection = parseValuesFileBySection({ path: 'values.yaml', text });
      assert.ok(bySection, JSON.stringify(text));
      assert.ok(bySection.hookEntries.length > 0);
      assert.deepEqual(bySection, parseValuesFileInFull({ path: 'values.yaml', text }));
    }
  });

  it('are declined when something may be open over a key line, or read elsewhere', () => {
    for (const text of [`a: "x\n${hook}b: y"\n`, `a: [x,\n${hook}]\n`, `a: [b'c, 'd\n${hook}'] \n`, `script: |2\n   "open\n${hook}`, `a: x\ny\n${hook}`, `ev: &ev post-install\n${hook}`, `${padding}${hook}`.replace(/\n/g, '\r\n'), `${padding}---\n${hook}`, `# ${'['.repeat(1100)}\n${hook}`]) {
      assert.equal(valuesSections(text), undefined, JSON.stringify(text));
    }
  });

  it('split at each top-level key, comments before the first one in the first section', () => {
    const text = `# head\n${padding}${hook}`;
    const sections = valuesSections(text);
    assert.deepEqual(
      sections?.map((section) => [text.slice(section.span.start, section.span.end).split('\n')[0], section.keys]),
      [['# head', 1], ['resources: {}', 1], ['list: []', 1], ['job:', 1]],
    );
  });

  it('give the whole parse\'s entries on generated files', () => {
    const random = seededRandom(15);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const keys = ['helm.sh/hook', '"helm.sh/hook-weight"', "'helm.sh/hook-delete-policy'", 'helm.sh/hok', 'webhook', 'image', 'x'];
    const plain = ['post-install', '"1"', "'a''b'", '[]', '{}', '""', '|', '>-', 'x # c', '"a\\"b" # it\'s'];
    // Each rarely, so that most files are still read by section and compared.
    const hostile = ['"open', "'open", '[a,', '{a: 1,', '*ev', '&ev pre-install', 'a\tb', 'y"', '|2', '? k'];
    const value = (): string => (random() < 0.04 ? pick(hostile) : pick(plain));
    /** Lines of a mapping or sequence at `depth`, now and then one that breaks the structure. */
    const lines = (depth: number, kind: 'map' | 'seq'): string[] => {
      const out: string[] = [];
      const indent = '  '.repeat(depth);
      const count = 1 + Math.floor(random() * 4);
      for (let index = 0; index < count; index++) {
        const item = kind === 'seq' ? `${indent}- ` : indent;
        const roll = random();
        if (roll < 0.06) out.push(`${pick(['', ' ', indent, `${indent}  `, `${indent}- `])}${value()}`);
        else if (roll < 0.12) out.push(`${indent}# ${pick(keys)}: ${value()}`);
        else if (roll < 0.35 && depth < 3) {
          out.push(`${item}${pick(keys)}:`);
          const nested = random() < 0.5 ? 'seq' : 'map';
          out.push(...lines(kind === 'seq' ? depth + 2 : random() < 0.3 && nested === 'seq' ? depth : depth + 1, nested));
        } else if (roll < 0.42) {
          // A block scalar whose content looks like keys and open quotes.
          const content = `${indent}${pick(['    ', '     ', '      '])}`;
          out.push(`${item}${kind === 'map' ? `${pick(keys)}: ` : ''}${pick(['|', '>-', '|+'])}`, `${content}${pick(keys)}: ${value()}`, `${content}"x`, '', `${content}[y,`);
        }
        else if (kind === 'seq' && roll < 0.6) out.push(`${item}${value()}`);
        else out.push(`${item}${pick(keys)}: ${value()}`);
      }
      return out;
    };
    let read = 0;
    for (let file = 0; file < 1000; file++) {
      const top: string[] = [];
      for (let section = 0; section < 2 + Math.floor(random() * 4); section++) top.push(`${pick(['a', 'job', 'hooks', 'b'])}${section}:`, ...lines(random() < 0.2 ? 0 : 1, random() < 0.7 ? 'map' : 'seq'));
      const text = `${top.join(random() < 0.03 ? '\r\n' : pick(['\n', '\n', '\n\n']))}\n`;
      const full = parseValuesFileInFull({ path: 'values.yaml', text });
      const bySection = parseValuesFileBySection({ path: 'values.yaml', text });
      if (bySection) {
        read++;
        assert.deepEqual(bySection, full, JSON.stringify(text));
      }
      assert.deepEqual(parseValuesFile({ path: 'values.yaml', text }), full, JSON.stringify(text));
    }
    assert.ok(read > 150, `only ${read} of 1000 generated files were read by section`);
  });

  it('read adversarial lines of 100,000 characters in linear time', () => {
    const count = adversarialLength / 2;
    for (const line of [`a: ${'b '.repeat(count)}:`, `a: ${'b'.padEnd(adversarialLength, ' ')}c: d`, `a: "${'\\"'.repeat(count)}`, `a: '${"''".repeat(count)}`, `${'a'.repeat(adversarialLength)} : x`, `a: ${'- '.repeat(count)}`, `- ${'- '.repeat(count)}x`, `a: b${' '.repeat(adversarialLength)}#`]) {
      const text = `${hook}${line}\n`;
      assertFast('sections of an adversarial values file', () => valuesSections(text));
    }
    const many = `${hook}list:\n${'- x\n'.repeat(adversarialLength / 4)}`;
    assert.equal(assertFast('sections of 25,000 lines', () => valuesSections(many))?.length, 2);
  });

  it('give the whole parse\'s entries on every values file of the fixtures and the corpus', () => {
    const roots = [path.join(__dirname, '../../../test/fixtures'), corpusRoot()].filter((root): root is string => root !== undefined);
    const files = roots.flatMap(valuesFilesUnder);
    assert.ok(files.length > 20, `only ${files.length} values files found`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const bySection = parseValuesFileBySection({ path: file, text });
      if (bySection) assert.deepEqual(bySection, parseValuesFileInFull({ path: file, text }), file);
    }
  });
});

function valuesFilesUnder(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/values.*\.ya?ml$/.test(entry.name)) found.push(full);
    }
  };
  visit(root);
  return found;
}
