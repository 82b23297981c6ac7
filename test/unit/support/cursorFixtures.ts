/**
 * Fixtures with a cursor, for completion and hover tests. A fixture is a template
 * (`<case>.yaml`, read as `templates/<case>.yaml`), a values file (`values*.yaml` cases are read as
 * the chart's values.yaml) or a chart folder (`<case>/` with Chart.yaml, templates/…). Exactly one
 * file holds the cursor marker `<|>`, which is removed before the text reaches the core.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ChartInput, SourceFile } from '../../../server/src/analysis';

export const cursorMarker = '<|>';

export interface CursorFixture {
  readonly name: string;
  readonly chart: ChartInput;
  /** Chart-relative path of the file with the cursor. */
  readonly file: string;
  readonly offset: number;
  /** The text of that file, marker removed. */
  readonly text: string;
}

/** Every fixture in `dir`: files ending in .yaml/.tpl (not goldens) and chart folders. */
export function cursorFixtures(dir: string, isGolden: (name: string) => boolean): string[] {
  return fs
    .readdirSync(dir)
    .filter((entry) => !isGolden(entry) && (fs.statSync(path.join(dir, entry)).isDirectory() || /\.(ya?ml|tpl)$/.test(entry)))
    .sort()
    .map((entry) => path.join(dir, entry));
}

export function loadCursorFixture(fixturePath: string): CursorFixture {
  const name = path.basename(fixturePath);
  let cursor: { file: string; offset: number; text: string } | undefined;
  const read = (relative: string, raw: string): SourceFile => {
    const offset = raw.indexOf(cursorMarker);
    if (offset < 0) return { path: relative, text: raw };
    if (cursor) throw new Error(`${fixturePath}: more than one ${cursorMarker}`);
    const text = raw.slice(0, offset) + raw.slice(offset + cursorMarker.length);
    cursor = { file: relative, offset, text };
    return { path: relative, text };
  };
  let chart: ChartInput;
  if (fs.statSync(fixturePath).isFile()) {
    const raw = fs.readFileSync(fixturePath, 'utf8');
    chart = /^values/.test(name) ? { name: 'fixture', values: read('values.yaml', raw), templates: [] } : { name: 'fixture', templates: [read(`templates/${name}`, raw)] };
  } else {
    chart = readChart(fixturePath, '', read);
  }
  if (!cursor) throw new Error(`${fixturePath}: no ${cursorMarker}`);
  return { name, chart, ...cursor };
}

function readChart(root: string, prefix: string, read: (relative: string, raw: string) => SourceFile): ChartInput {
  const templates: SourceFile[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else templates.push(read(prefix + child, fs.readFileSync(path.join(root, child), 'utf8')));
    }
  };
  if (fs.existsSync(path.join(root, 'templates'))) walk('templates');
  const valuesPath = path.join(root, 'values.yaml');
  const values = fs.existsSync(valuesPath) ? read(`${prefix}values.yaml`, fs.readFileSync(valuesPath, 'utf8')) : undefined;
  const subcharts: ChartInput[] = [];
  const chartsDir = path.join(root, 'charts');
  if (fs.existsSync(chartsDir)) for (const sub of fs.readdirSync(chartsDir).sort()) subcharts.push(readChart(path.join(chartsDir, sub), `${prefix}charts/${sub}/`, read));
  const chartYaml = path.join(root, 'Chart.yaml');
  const name = fs.existsSync(chartYaml) ? /^name:\s*(\S+)/m.exec(fs.readFileSync(chartYaml, 'utf8'))?.[1] : undefined;
  return { name: name ?? path.basename(root), prefix, templates, values, subcharts };
}
