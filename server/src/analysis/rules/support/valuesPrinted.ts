/**
 * A hook annotation whose whole value is one action printing a value of the chart's own
 * values.yaml (`helm.sh/hook: {{ .Values.hookEvents }}`, optionally `| quote`), and the entry
 * of values.yaml it prints. Anything less certain gives undefined: another function in the
 * pipeline, `.` rebound by `range` or `with`, a subchart (whose values a parent may override),
 * a key values.yaml does not set.
 */
import type { Resource } from '../../model/chart';
import type { AnnotationEntry, ValuesFile } from '../../model/model';
import { conditionsAt } from '../../semantics/conditions';
import { valuesEntryAt } from '../../yaml/valuesFile';

export interface PrintedValue {
  /** `.Values.a.b` as written in the action. */
  readonly expression: string;
  readonly values: ValuesFile;
  /** The values.yaml entry the action prints. */
  readonly entry: AnnotationEntry;
}

/** Functions after which the printed text is still the value's own text. */
const textKeeping = new Set(['quote', 'squote', 'toString']);

export function printedValue(resource: Resource, annotation: AnnotationEntry): PrintedValue | undefined {
  const value = annotation.value;
  const values = resource.chartValues;
  if (annotation.origin !== 'yaml' || value.type !== 'templated' || !values || resource.file.path.startsWith('charts/')) return undefined;
  const span = value.style === 'double' || value.style === 'single' ? value.contentSpan : value.span;
  const pieces = resource.view.piecesIn(span.start, span.end);
  if (pieces.length !== 1 || pieces[0].kind !== 'templated' || pieces[0].span.start !== span.start || pieces[0].span.end !== span.end) return undefined;
  const words = resource.view.pipelineAt(span)?.words;
  if (!words || !(words.length === 1 || (words.length === 3 && words[1].kind === 'pipe' && words[2].kind === 'identifier' && textKeeping.has(words[2].text)))) return undefined;
  const [first] = words;
  const rooted = first.kind === 'variable' && first.text.startsWith('$.Values.');
  if (!rooted && !(first.kind === 'field' && first.text.startsWith('.Values.'))) return undefined;
  // `.` is the root only when every block around the value is an `if` (`range` and `with` rebind it).
  if (!rooted && conditionsAt(resource.file, span.start).length !== resource.view.conditionsAt(span.start).length) return undefined;
  const path = first.text.slice(first.text.indexOf('.Values.') + '.Values.'.length).split('.');
  if (path.some((key) => key === '')) return undefined;
  const entry = valuesEntryAt(values, path);
  return entry ? { expression: first.text, values, entry } : undefined;
}
