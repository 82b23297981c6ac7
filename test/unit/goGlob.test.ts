/**
 * goGlob.ts: Go's `filepath.Match` as `.helmignore` and `--show-only` use it. The quick answer for
 * literal patterns with a leading or trailing `*` (most `.helmignore` rules), and the early answer
 * for a path that does not start with a pattern's literal start (Helm's own `templates/.?*`), must be
 * the answer of the general step-table match for every pattern and path, `/` included.
 */
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileGlob, globMatch, globMatchSteps, goPathMatch } from '../../server/src/analysis/input/goGlob';

describe('goGlob', () => {
  it('matches as Go filepath.Match does', () => {
    const cases: [string, string, boolean][] = [
      ['*.swp', 'a.swp', true],
      ['*.swp', 'dir/a.swp', false],
      ['*.swp', '.swp', true],
      ['.git', '.git', true],
      ['.git', '.gitx', false],
      ['templates/*', 'templates/a.yaml', true],
      ['templates/*', 'templates/sub/a.yaml', false],
      ['templates/*', 'templates/', true],
      ['*', 'a/b', false],
      ['*', '', true],
      ['a*b', 'axyb', true],
      ['a*b', 'ax/b', false],
      ['*/x', 'a/x', true],
      ['*x*', 'axb', true],
      ['[a-c]*', 'b.txt', true],
      ['templates/.?*', 'templates/.helmignore', true],
      ['templates/.?*', 'templates/.x', true],
      ['templates/.?*', 'templates/.', false],
      ['templates/.?*', 'templates/a.yaml', false],
      ['templates/.?*', 'templates/sub/.x', false],
      ['templates/.?*', 'Chart.yaml', false],
      ['templates/.?*', 'templates', false],
    ];
    for (const [pattern, name, expected] of cases) assert.equal(goPathMatch(pattern, name), expected, `${pattern} on ${name}`);
  });

  it('answers literal patterns with a leading or trailing *, and any pattern with a literal start, as the step table does', () => {
    const part = fc.constantFrom('a', 'b', '.', '/', 'ab', 'a/');
    const pattern = fc.tuple(fc.boolean(), fc.array(fc.constantFrom('a', 'b', '.', '/', '?', '*', '[ab]'), { maxLength: 5 }), fc.boolean()).map(([lead, middle, trail]) => `${lead ? '*' : ''}${middle.join('')}${trail ? '*' : ''}`);
    const subject = fc.array(part, { maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(pattern, subject, (source, name) => {
        const tokens = compileGlob(source);
        if (tokens === undefined) return;
        assert.equal(globMatch(tokens, name), globMatchSteps(tokens, name), `${source} on ${name}`);
      }),
      { numRuns: 3000 },
    );
  });
});
