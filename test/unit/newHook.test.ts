/**
 * "New hook" completions. Fixtures under test/fixtures/new-hook are chart folders with a `<|>`
 * cursor; `<case>.snippets.txt` beside each is the expected list of new-hook items (label,
 * detail, documentation, snippet), "(none)" where none is offered (written only with
 * UPDATE_FIXTURES=1 — read it before committing). Then each snippet, expanded to its defaults,
 * is added to a scratch copy of the example chart and of a corpus chart and rendered by the
 * real `helm template`.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyzeChart, getCompletions, type CompletionEntry } from '../../server/src/analysis';
import { loadChart } from '../../server/src/node/chartLoader';
import { fixturesRoot } from './support/fixtures';
import { cursorFixtures, loadCursorFixture } from './support/cursorFixtures';
import { assertGolden } from './support/goldens';
import { helmBinary, renderableCopy, runHelm } from './support/renderHarness';
import { corpusAbsence, corpusRoot } from '../support/corpus';

const dir = path.join(fixturesRoot, 'new-hook');

function newHookItems(items: readonly CompletionEntry[]): CompletionEntry[] {
  return items.filter((item) => item.label.startsWith('New hook:')).sort((a, b) => (a.sortText < b.sortText ? -1 : 1));
}

describe('new-hook completion fixtures', () => {
  for (const fixturePath of cursorFixtures(dir, (name) => name.endsWith('.snippets.txt'))) {
    it(path.basename(fixturePath), () => {
      const fixture = loadCursorFixture(fixturePath);
      const items = newHookItems(getCompletions(fixture.chart, fixture.file, fixture.offset).items);
      for (const item of items) {
        assert.equal(item.insertTextFormat, 'snippet');
        assert.equal(item.replaceSpan.end, fixture.offset, 'replaces the word typed before the cursor');
        assert.deepEqual(JSON.parse(JSON.stringify(item)), item);
      }
      const shown = items.map((item) => [`# ${item.label} (replaces ${item.replaceSpan.start}-${item.replaceSpan.end})`, `# ${item.detail}`, item.documentation, '--- snippet ---', item.insertText].join('\n'));
      assertGolden(`${fixturePath}.snippets.txt`, (shown.length > 0 ? shown.join('\n=====\n') : '(none)') + '\n', 'the new-hook items');
    });
  }
});

/** The snippet's text with every placeholder at its default, as the editor inserts it when the user only tabs through. */
export function expandSnippet(snippet: string): string {
  let text = snippet;
  let previous: string;
  do {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  } while (text !== previous);
  return text.replace(/\$\d+/g, '');
}

describe('new-hook snippets render with the real helm', () => {
  it('expands placeholders to their defaults', () => {
    assert.equal(expandSnippet('a ${1:b} "${2:c}" ${1:b}$0'), 'a b "c" b');
  });

  const corpus = corpusRoot();
  const charts = [
    { name: 'examples/demo-chart', dir: path.resolve('examples/demo-chart'), fullname: 'demo.fullname' },
    { name: 'corpus ingress-nginx', dir: corpus && path.join(corpus, 'ingress-nginx'), fullname: 'ingress-nginx.fullname', labels: 'ingress-nginx.labels', serviceAccount: 'ingress-nginx.serviceAccountName' },
  ];
  for (const chart of charts) {
    it(`${chart.name}: every new-hook item renders and adds its hook`, (t) => {
      const helm = helmBinary();
      if (!helm) return t.skip('no helm binary: set HELM_BIN or run npm run setup:helm');
      if (!chart.dir) return t.skip(corpusAbsence());
      if (!fs.existsSync(chart.dir)) return t.skip(`${chart.dir} is absent`);
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'new-hook-'));
      try {
        const copy = path.join(scratch, 'chart');
        fs.cpSync(chart.dir, copy, { recursive: true });
        const chartDir = renderableCopy(copy, path.join(scratch, 'renderable'));
        const file = 'templates/zz-new-hook.yaml';
        fs.writeFileSync(path.join(chartDir, file), '');
        const items = newHookItems(getCompletions(loadChart(chartDir), file, 0).items);
        assert.equal(items.length, 3);
        for (const item of items) {
          assert.ok(item.insertText.includes(`include "${chart.fullname}" .`), `${item.label} names the Job with ${chart.fullname}`);
          assert.equal(item.insertText.includes('.labels"'), chart.labels !== undefined, `${item.label}: labels line only when the chart has the helper`);
          const serviceAccount = chart.serviceAccount !== undefined && !item.label.includes('(pre-install');
          assert.equal(item.insertText.includes(`serviceAccountName: {{ include "${chart.serviceAccount}" . }}`), serviceAccount, `${item.label}: serviceAccountName only after install, when the chart has the helper`);
          const expanded = expandSnippet(item.insertText);
          fs.writeFileSync(path.join(chartDir, file), expanded);
          const run = runHelm(helm, chartDir, []);
          assert.equal(run.error, undefined, `${item.label}: helm template failed`);
          const rendered = run.stdout.split(/^---\n/m).find((document) => document.includes('/templates/zz-new-hook.yaml'));
          assert.ok(rendered, `${item.label}: the new hook is in the output`);
          const events = /New hook: migration Job \((.*)\)/.exec(item.label)![1];
          assert.match(rendered, new RegExp(`"helm.sh/hook": ${events}\\n`));
          assert.match(rendered, /name: release-name-[a-z-]*migrate\n/);
          // The tool's own checks find nothing to fix in what it just wrote.
          const findings = analyzeChart(loadChart(chartDir)).findings.filter((finding) => finding.file === file);
          assert.deepEqual(findings.map((finding) => `${finding.rule}: ${finding.message}`), [], item.label);
        }
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
});
