/**
 * Completion fixtures under test/fixtures/completion: each `<case>.yaml` (or chart folder)
 * holds a `<|>` cursor; `<case>.json` beside it lists the expected labels in order, and may
 * name one label to apply: the text after applying it must equal `<case>.applied.yaml`
 * (written only with UPDATE_FIXTURES=1 — read it before committing).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { getCompletions, type CompletionEntry } from '../../server/src/analysis';
import { fixturesRoot } from './support/fixtures';
import { cursorFixtures, loadCursorFixture } from './support/cursorFixtures';
import { assertGolden } from './support/goldens';

interface Expectation {
  readonly labels: readonly string[];
  readonly apply?: string;
  /** Text each listed item's documentation must contain, by label. */
  readonly documentation?: Readonly<Record<string, string>>;
}

const dir = path.join(fixturesRoot, 'completion');
const expectationPath = (fixture: string): string => fixture.replace(/\.(ya?ml|tpl)$/, '') + '.json';

describe('completion fixtures', () => {
  for (const fixturePath of cursorFixtures(dir, (name) => /\.applied\.|\.json$/.test(name))) {
    it(path.basename(fixturePath), () => {
      const fixture = loadCursorFixture(fixturePath);
      const expected = JSON.parse(fs.readFileSync(expectationPath(fixturePath), 'utf8')) as Expectation;
      const items = sorted(getCompletions(fixture.chart, fixture.file, fixture.offset).items);
      assert.deepEqual(items.map((item) => item.label), expected.labels);
      for (const item of items) {
        assert.ok(item.documentation.length > 20, `${item.label} has documentation`);
        assert.ok(item.replaceSpan.start <= fixture.offset && fixture.offset <= item.replaceSpan.end, `${item.label}: the replaced span holds the cursor`);
        // Invariant 2: plain data only.
        assert.deepEqual(JSON.parse(JSON.stringify(item)), item);
      }
      for (const [label, text] of Object.entries(expected.documentation ?? {})) {
        assert.ok(items.find((item) => item.label === label)?.documentation.includes(text), `documentation of ${label} should contain "${text}"`);
      }
      if (expected.apply) {
        const item = items.find((candidate) => candidate.label === expected.apply);
        assert.ok(item, `no item ${expected.apply}`);
        const applied = fixture.text.slice(0, item.replaceSpan.start) + item.insertText + fixture.text.slice(item.replaceSpan.end);
        const golden = fixturePath.replace(/(\.ya?ml|\.tpl)?$/, '.applied.yaml');
        assertGolden(golden, applied, `the text after applying ${expected.apply}`);
      }
    });
  }
});

describe('completion on any input', () => {
  it('never throws and answers nothing outside annotations, at every offset of a broken file', () => {
    const text = 'kind: Job\nmetadata:\n  name: {{ .x \n  annotations:\n    "helm.sh/hook": "pre-install,{{ if }}\n---\n: [\n"helm.sh/hook-weight": ';
    for (let offset = -1; offset <= text.length + 1; offset++) {
      const result = getCompletions({ name: 'c', templates: [{ path: 'templates/a.yaml', text }] }, 'templates/a.yaml', offset);
      assert.ok(Array.isArray(result.items));
    }
    assert.deepEqual(getCompletions({ name: 'c', templates: [{ path: 'templates/a.yaml', text: 'kind: Job\nspec:\n  x' }] }, 'templates/a.yaml', 22).items, []);
  });

  it('answers nothing for a file the chart does not have', () => {
    assert.deepEqual(getCompletions({ name: 'c', templates: [] }, 'templates/missing.yaml', 0).items, []);
  });
});

function sorted(items: readonly CompletionEntry[]): CompletionEntry[] {
  return [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
}
