/**
 * Hover fixtures under test/fixtures/hover: each `<case>.yaml` (or chart folder) holds a `<|>`
 * cursor; `<case>.md` beside it is the expected hover: the hovered text on the first line
 * (`span: …`), then the markdown. `(no hover)` expects nothing. Goldens are written only
 * with UPDATE_FIXTURES=1 — read them before committing.
 */
import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { getHover } from '../../server/src/analysis';
import { fixturesRoot } from './support/fixtures';
import { cursorFixtures, loadCursorFixture } from './support/cursorFixtures';
import { assertGolden } from './support/goldens';

const dir = path.join(fixturesRoot, 'hover');

describe('hover fixtures', () => {
  for (const fixturePath of cursorFixtures(dir, (name) => name.endsWith('.md'))) {
    it(path.basename(fixturePath), () => {
      const fixture = loadCursorFixture(fixturePath);
      const hover = getHover(fixture.chart, fixture.file, fixture.offset);
      if (hover) {
        assert.ok(hover.span.start <= fixture.offset && fixture.offset <= hover.span.end, 'the hover span holds the cursor');
        assert.deepEqual(JSON.parse(JSON.stringify(hover)), hover);
      }
      const actual = hover ? `span: ${fixture.text.slice(hover.span.start, hover.span.end)}\n\n${hover.markdown}\n` : '(no hover)\n';
      const golden = fixturePath.replace(/(\.ya?ml|\.tpl)?$/, '.md');
      assertGolden(golden, actual, 'the hover');
    });
  }
});

describe('hover on any input', () => {
  it('never throws, at every offset of a broken file', () => {
    const text = 'kind: Pod\nmetadata:\n  annotations:\n    "helm.sh/hook": "pre-install,{{ if }}\n    helm.sh/hook-weight: [1\n---\n: {{';
    for (let offset = -1; offset <= text.length + 1; offset++) getHover({ name: 'c', templates: [{ path: 'templates/a.yaml', text }] }, 'templates/a.yaml', offset);
  });
});
