/**
 * Object names as the plan and the dependency rules compare them. A literal name is itself.
 * A templated name is its normalised template text, and two templated names are the same
 * only when that text is the same in the same chart and it does not depend on where it is
 * written (`$variables`, `.` rebound by `range`/`with`, random or time functions). Order is
 * known only as far as the rendered text is: up to the first template action that differs.
 */
import type { Resource } from '../model/chart';
import { compareBytes } from '../helm/hooks';
import type { TemplateFile } from '../model/model';
import type { Span } from '../types';
import { actionsIn, printsText } from '../yaml/values';

export interface ObjectName {
  /** Literal name, or normalised template text. */
  readonly text: string;
  readonly templated: boolean;
  /** Whether equal text means an equal rendered name wherever it is written in the chart. */
  readonly comparable: boolean;
  /** The chart that renders it: helpers such as `fullname` render differently in a subchart. */
  readonly chart: string;
}

/** Functions whose output differs between renders, so a name built with them is never "the same". */
export const changingFunctions: ReadonlySet<string> = new Set(['randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii', 'randInt', 'uuidv4', 'now', 'date', 'dateInZone', 'unixEpoch', 'htmlDate', 'htmlDateInZone', 'genPrivateKey', 'genCA', 'genSelfSignedCert', 'genSignedCert', 'lookup']);

/** Top-level fields that only exist on the root context, so `.Values…` means the same anywhere it renders. */
const rootFields = ['.Values', '.Release', '.Chart', '.Capabilities', '.Files', '.Template'];

/** The name of a resource (`metadata.name`), or undefined when it has none. */
export function resourceName(resource: Resource): ObjectName | undefined {
  if (resource.name === undefined || !resource.doc.name) return undefined;
  return objectName(resource.file, resource.doc.name.span, resource.name, resource.nameTemplated, resource.chart);
}

export function objectName(file: TemplateFile, span: Span, text: string, templated: boolean, chart: string): ObjectName {
  return { text, templated, comparable: !templated || isContextFree(file, span), chart };
}

/** Whether two names certainly render to the same text. Unknown counts as not the same. */
export function sameName(a: ObjectName, b: ObjectName): boolean {
  if (a.templated !== b.templated) return false;
  if (!a.templated) return a.text === b.text;
  return a.comparable && b.comparable && a.chart === b.chart && a.text === b.text;
}

export interface NameOrder {
  /** Byte-wise order of the text as written: negative, zero or positive. Always defined, so sorting is total. */
  readonly order: number;
  /** Whether the rendered names are certain to compare the same way. */
  readonly certain: boolean;
}

/**
 * Go's byte-wise comparison of two names as far as it can be known: literal characters are
 * compared; a difference that falls on a template action (or names whose actions cannot be
 * compared) leaves the order uncertain.
 */
export function compareNames(a: ObjectName, b: ObjectName): NameOrder {
  const order = compareBytes(a.text, b.text);
  if (!a.templated && !b.templated) return { order, certain: true };
  const shared = a.comparable && b.comparable && a.chart === b.chart;
  const left = segments(a.text);
  const right = segments(b.text);
  for (let index = 0; ; index++) {
    const x = left[index];
    const y = right[index];
    if (x === undefined || y === undefined) {
      // One name ended: it is a prefix of the other only if what follows prints something.
      if (x === undefined && y === undefined) return { order, certain: true };
      const rest = x ?? y;
      return { order, certain: !rest.action };
    }
    if (x.action || y.action) {
      if (x.action && y.action && shared && x.text === y.text) continue;
      return { order, certain: false };
    }
    if (x.text === y.text) continue;
    const length = Math.min(x.text.length, y.text.length);
    for (let at = 0; at < length; at++) if (x.text[at] !== y.text[at]) return { order, certain: true };
    // One literal run is a prefix of the other: the next segment of the shorter side decides.
    const shorter = x.text.length < y.text.length ? left : right;
    const next = shorter[index + 1];
    return { order, certain: next === undefined };
  }
}

/** Whether a `$variable` is the root context (`$`, `$.Values…`), which means the same wherever it is written. */
export function isRootVariable(text: string): boolean {
  return text === '$' || text.startsWith('$.');
}

/** A name shown to a person: literal names as they are, templated ones as their template text. */
export function displayName(name: ObjectName | undefined): string {
  return name ? name.text : '(no name)';
}

interface Segment {
  readonly text: string;
  readonly action: boolean;
}

/** Normalised template text split into literal runs and `{{ … }}` actions. */
function segments(text: string): Segment[] {
  const result: Segment[] = [];
  let cursor = 0;
  while (cursor < text.length) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) {
      result.push({ text: text.slice(cursor), action: false });
      break;
    }
    if (open > cursor) result.push({ text: text.slice(cursor, open), action: false });
    const close = text.indexOf('}}', open);
    const end = close < 0 ? text.length : close + 2;
    result.push({ text: text.slice(open, end), action: true });
    cursor = end;
  }
  return result;
}

/**
 * Whether the actions that print into `span` mean the same thing wherever they are written:
 * no `$variable` but the root `$`, no function whose output changes, and no use of `.` that
 * a surrounding `range`, `with` or `define` rebinds.
 */
function isContextFree(file: TemplateFile, span: Span): boolean {
  const actions = actionsIn(file.scan.actions, span.start, span.end).filter(printsText);
  const rebound = file.scan.blocks.some((block) => (block.kind === 'range' || block.kind === 'with' || block.kind === 'define' || block.kind === 'block') && block.span.start < span.start && block.span.end >= span.end);
  for (const action of actions) {
    for (const token of action.tokens) {
      if (token.kind === 'variable' && !isRootVariable(token.text)) return false;
      if (token.kind === 'identifier' && changingFunctions.has(token.text)) return false;
      if (token.kind === 'field' && rebound && !rootFields.some((field) => token.text === field || token.text.startsWith(`${field}.`))) return false;
    }
  }
  return true;
}
