/**
 * The source map joined end to end (render/documentOrigins.ts): for spans of rendered documents
 * of the fixture chart in test/fixtures/render/origins, the file and line an author must change.
 * The expected origins are data beside the chart (origins.json), one string per piece:
 * `KIND FILE:LINE "TEXT AT THAT RANGE"`, then ` via FILE:LINE NAME` per include/template/tpl call,
 * or `value FLAG ARGUMENT` for a value from the command line. The fixture's output is compared
 * with real Helm's when the binary is there, so the documents asked about are Helm's.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { documentOrigins, type DocumentOrigin } from '../../server/src/analysis/render/documentOrigins';
import { renderChart } from '../../server/src/analysis/render/chart';
import type { SortedDocument } from '../../server/src/analysis/render/manifests';
import { loadChart } from '../../server/src/node/chartLoader';
import { helmBinary, repoRoot, runHelm } from './support/renderHarness';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'render', 'origins');
const chartDir = path.join(fixture, 'chart');

interface Query {
  readonly document: string;
  /** The queried text: its first occurrence in the document, after `after` when given. */
  readonly find: string;
  readonly after?: string;
  readonly expect: readonly string[];
}

interface Case {
  readonly name: string;
  readonly valueFiles?: readonly string[];
  readonly set?: readonly string[];
  readonly queries: readonly Query[];
}

const cases = (JSON.parse(fs.readFileSync(path.join(fixture, 'origins.json'), 'utf8')) as { cases: Case[] }).cases;

/** Line (1-based) of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A piece as the expectations write it. */
export function describeOrigin(origin: DocumentOrigin, read: (file: string) => string | undefined): string {
  const where = (loc: { file: string; span: { start: number; end: number } }): string => {
    const text = read(loc.file);
    return text === undefined ? `${loc.file}:?` : `${loc.file}:${lineOf(text, loc.span.start)} ${JSON.stringify(text.slice(loc.span.start, loc.span.end))}`;
  };
  let out = origin.location ? `${origin.kind} ${where(origin.location)}` : `${origin.kind} ${origin.value?.source ?? '?'} ${origin.value?.argument ?? ''} [${origin.value?.path.join('.') ?? ''}]`;
  for (const site of origin.via) out += ` via ${where(site).replace(/ ".*$/s, '')} ${site.name}`;
  return out;
}

describe('rendered documents point at the line to change', () => {
  const read = (file: string): string | undefined => {
    // `-f` files are named as given, relative to the fixture folder; chart files by their path in the chart.
    const full = fs.existsSync(path.join(chartDir, file)) ? path.join(chartDir, file) : path.join(fixture, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  };
  for (const c of cases) {
    const valueFiles = (c.valueFiles ?? []).map((name) => ({ name, text: fs.readFileSync(path.join(fixture, name), 'utf8') }));
    const render = renderChart(loadChart(chartDir), { valueFiles, set: c.set ?? [] });
    const helm = helmBinary();
    if (helm) {
      it(`${c.name}: renders as Helm does`, () => {
        const args = [...(c.valueFiles ?? []).flatMap((file) => ['-f', path.join(fixture, file)]), ...(c.set ?? []).flatMap((value) => ['--set', value])];
        assert.equal(render.text, runHelm(helm, chartDir, args).stdout);
      });
    }
    for (const q of c.queries) {
      it(`${c.name}: ${q.document} ${JSON.stringify(q.find)}`, () => {
        assert.equal(render.error, undefined);
        const documents: SortedDocument[] = [...(render.sorted?.manifests ?? []), ...(render.sorted?.hooks ?? [])];
        const document = documents.find((d) => d.source === q.document);
        assert.ok(document, `no document from ${q.document}`);
        const from = q.after === undefined ? 0 : document.content.indexOf(q.after);
        assert.ok(from >= 0, `${JSON.stringify(q.after)} not in ${q.document}`);
        const start = document.content.indexOf(q.find, from);
        assert.ok(start >= 0, `${JSON.stringify(q.find)} not in ${q.document}`);
        const pieces = documentOrigins(render, document, { start, end: start + q.find.length });
        assert.deepEqual(pieces.map((piece) => describeOrigin(piece, read)), q.expect);
      });
    }
  }
});
