/**
 * Questions resource-level rules ask about a chart's resources: which hooks Helm will run,
 * how to name a resource in a message, and whether a template could print what a rule
 * finds missing (so the rule stays silent instead of guessing).
 */
import type { ChartModel, HookInfo, Resource } from '../chart';
import type { TemplateFile } from '../model';
import { maskedAsInline } from '../template/mask';
import type { TemplateAction } from '../template/scanner';
import type { Span } from '../types';
import { actionsIn, indentationAt, printsText } from '../yaml/values';
import { shownText } from './helpers';

export type LiveHook = Resource & { readonly hook: HookInfo };

/** Hooks Helm runs: not dropped for an unknown or empty event (unknown-hook-event reports those). */
export function liveHooks(chart: ChartModel): LiveHook[] {
  return chart.hooks.filter((resource): resource is LiveHook => resource.hook !== undefined && !resource.hook.dropped);
}

/** `Job "migrate"`, or `Job in templates/job.yaml` when the name is templated or missing. */
export function resourceLabel(resource: Resource): string {
  const kind = resource.kind ?? 'Resource';
  if (resource.name !== undefined && !resource.nameTemplated && resource.name !== '') return `${kind} "${shownText(resource.name)}"`;
  return `${kind} in ${resource.file.path}`;
}

/**
 * Whether `key` may reach the resource's annotations from values: the annotations map is
 * filled by a template action (toYaml, range, include, or `dict` arguments merged with
 * values) and a values file of the same chart sets that key somewhere.
 */
export function valuesMaySupply(chart: ChartModel, resource: Resource, key: string): boolean {
  const templatedMap = resource.doc.metadata?.annotations?.templated === true || resource.hook?.entry.origin === 'template-argument';
  if (!templatedMap) return false;
  const prefix = chartPrefix(resource.file.path);
  return chart.valuesFiles.some((values) => chartPrefix(values.path) === prefix && values.hookEntries.some((entry) => entry.key === key));
}

/**
 * Whether a template action inside `region` may print mapping keys at `indent` spaces:
 * a printing action alone on its line (an include, toYaml) whose `nindent`/`indent` argument,
 * or else its own line's indentation, equals `indent`.
 */
export function mayPrintKeysAt(file: TemplateFile, region: Span, indent: number): boolean {
  for (const action of actionsIn(file.scan.actions, region.start, region.end)) {
    if (!printsText(action) || maskedAsInline(file.masked, action)) continue;
    if (printedIndent(file.text, action) === indent) return true;
  }
  return false;
}

function printedIndent(text: string, action: TemplateAction): number {
  const tokens = action.tokens;
  for (let index = 0; index + 1 < tokens.length; index++) {
    if (tokens[index].kind === 'identifier' && (tokens[index].text === 'nindent' || tokens[index].text === 'indent') && tokens[index + 1].kind === 'number') {
      return Number(tokens[index + 1].text);
    }
  }
  return indentationAt(text, action.span.start).length;
}

/** `charts/sub/` for a subchart file, `` for the top chart. */
function chartPrefix(path: string): string {
  const match = /^((?:charts\/[^/]+\/)*)/.exec(path);
  return match ? match[1] : '';
}
