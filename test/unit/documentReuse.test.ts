/**
 * Reading a file again after an edit takes over the documents the edit left alone (yaml/reuse.ts).
 * What it gives must be exactly what reading the edited text afresh gives, for every fixture
 * template and a set of edits: inside a document, across a `---`, in template actions, at the ends.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parseTemplateFile } from '../../server/src/analysis/yaml/documents';
import { corpusRoot } from '../support/corpus';
import { withPlainScan } from '../support/plainScan';

const fixtures = path.join(__dirname, '../../../test/fixtures');

function templatesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templatesUnder(full);
    return /[\\/]templates[\\/]/.test(full) && /\.(ya?ml|tpl)$/.test(entry.name) ? [full] : [];
  });
}

/** Edits as an editor makes them: one character typed or deleted, a line or a separator added, an action opened. */
function edits(text: string): string[] {
  const middle = Math.floor(text.length / 2);
  const lineAfterMiddle = text.indexOf('\n', middle) + 1;
  return [
    `x${text}`,
    `${text.slice(0, middle)}7${text.slice(middle)}`,
    `${text.slice(0, middle)}${text.slice(middle + 1)}`,
    `${text.slice(0, lineAfterMiddle)}---\n${text.slice(lineAfterMiddle)}`,
    `${text.slice(0, lineAfterMiddle)}  {{ .Values.x\n${text.slice(lineAfterMiddle)}`,
    `${text.slice(0, lineAfterMiddle)}{{/* open\n${text.slice(lineAfterMiddle)}`,
    `${text}\n---\nkind: Job\n`,
    text.slice(0, Math.max(0, text.length - 2)),
  ];
}

const hookJob = (index: number): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-${index}\n  annotations:\n    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "${index % 3}"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: a\n`;

describe('documents taken over after an edit', () => {
  it('are what reading the edited text afresh gives, for every fixture template and edit', () => {
    // Files of several documents (the only ones where anything is taken over), and the corpus's when it is there.
    const corpus = corpusRoot();
    const files = [...templatesUnder(fixtures), ...(corpus ? templatesUnder(corpus) : [])].filter((file) => /\n---/.test(fs.readFileSync(file, 'utf8')));
    assert.ok(files.length > 30, `only ${files.length} fixture templates of several documents found`);
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const previous = parseTemplateFile({ path: 'templates/t.yaml', text });
      for (const edited of edits(text)) {
        const again = parseTemplateFile({ path: 'templates/t.yaml', text: edited }, previous);
        assert.deepStrictEqual(withPlainScan(again), withPlainScan(parseTemplateFile({ path: 'templates/t.yaml', text: edited })), `${file} after an edit`);
        compared++;
      }
    }
    assert.ok(compared > 240);
  });

  it('keeps the documents before an edit as they were and moves those after it', () => {
    const text = `${[0, 1, 2, 3].map(hookJob).join('---\n')}---   \n${hookJob(1)}`;
    const previous = parseTemplateFile({ path: 'templates/hooks.yaml', text });
    const at = text.indexOf('"2"') + 1;
    const edited = `${text.slice(0, at)}12${text.slice(at + 1)}`;
    const again = parseTemplateFile({ path: 'templates/hooks.yaml', text: edited }, previous);
    assert.deepStrictEqual(withPlainScan(again), withPlainScan(parseTemplateFile({ path: 'templates/hooks.yaml', text: edited })));
    // Documents 0 and 1 are the same objects; 2 was edited; 3 and 4 are copies one character later.
    assert.equal(again.documents[0], previous.documents[0]);
    assert.equal(again.documents[1], previous.documents[1]);
    assert.notEqual(again.documents[2], previous.documents[2]);
    assert.equal(again.documents[3].metadata?.keySpan.start, previous.documents[3].metadata!.keySpan.start + 1);
    assert.equal(again.documents[4].name?.source, '{{ .Release.Name }}-1');
  });

  it('records only the latest move of a document: each keystroke\'s copy forgets the one before (no chain of every edit kept alive)', () => {
    const text = [0, 1, 2, 3].map(hookJob).join('---\n');
    const moves = new WeakMap();
    const first = parseTemplateFile({ path: 'templates/hooks.yaml', text });
    const second = parseTemplateFile({ path: 'templates/hooks.yaml', text: `x${text}` }, first, moves);
    const third = parseTemplateFile({ path: 'templates/hooks.yaml', text: `yx${text}` }, second, moves);
    // Documents 1-3 are moved copies twice over; the third state's copies point one step back, and nothing points further.
    for (const index of [1, 2, 3]) {
      assert.equal(moves.get(third.documents[index])?.from, second.documents[index]);
      assert.equal(moves.has(second.documents[index]), false, `document ${index} of the second state still records its move`);
    }
  });

  it('reads afresh a document that starts on its --- line or that an action crosses into', () => {
    const text = `--- kind: Job\nmetadata:\n  name: a\n---\nkind: Job\nmetadata:\n  name: {{ .Values.a\n---\n}}\n  annotations:\n    "helm.sh/hook": test\n`;
    const previous = parseTemplateFile({ path: 'templates/a.yaml', text });
    const edited = `kind: Pod\n---${text.slice(3)}`;
    assert.deepStrictEqual(withPlainScan(parseTemplateFile({ path: 'templates/a.yaml', text: edited }, previous)), withPlainScan(parseTemplateFile({ path: 'templates/a.yaml', text: edited })));
  });
});
