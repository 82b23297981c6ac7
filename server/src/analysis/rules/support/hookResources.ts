/**
 * Questions resource-level rules ask about a chart's resources: which hooks Helm will run,
 * how to name a resource in a message, and whether a template could print what a rule
 * finds missing (so the rule stays silent instead of guessing).
 */
import type { ChartModel, HookInfo, Resource } from '../../model/chart';
import type { Span } from '../../types';
import type { DocumentView } from '../../model/view';
import { shownText } from './helpers';

export type LiveHook = Resource & { readonly hook: HookInfo };

/** Hooks Helm runs: not dropped for an unknown or empty event (unknown-hook-event reports those). */
export function liveHooks(chart: ChartModel): LiveHook[] {
  return chart.hooks.filter((resource): resource is LiveHook => resource.hook !== undefined && !resource.hook.dropped);
}

/**
 * How a message names a resource: `Job "migrate"`, the name escaped and cut as messages show
 * text; a templated name as its template text (`Secret "{{ .Release.Name }}-db"`), the text the
 * dependency rules match on. Never the file: the editor and the CLI show where the finding is.
 */
export function resourceLabel(resource: Resource): string {
  const kind = resource.kind ?? 'Resource';
  return resource.name !== undefined && resource.name !== '' ? `${kind} "${shownText(resource.name)}"` : `unnamed ${kind}`;
}

/**
 * Whether `key` may reach the resource's annotations from values: the annotations map is
 * filled by a template action (toYaml, range, include, or `dict` arguments merged with
 * values) and a values file of the same chart sets that key somewhere.
 */
export function valuesMaySupply(resource: Resource, key: string): boolean {
  const templatedMap = resource.doc.metadata?.annotations?.templated === true || resource.hook?.entry.origin === 'template-argument';
  if (!templatedMap) return false;
  return resource.chartValues?.hookEntries.some((entry) => entry.key === key) === true;
}

/**
 * Whether a template action inside `region` may print mapping keys at `indent` spaces:
 * a printing action alone on its line (an include, toYaml) whose `nindent`/`indent` argument,
 * or else its own line's indentation, equals `indent`.
 */
export function mayPrintKeysAt(view: DocumentView, region: Span, indent: number): boolean {
  return view.piecesIn(region.start, region.end).some((piece) => piece.kind === 'templated' && !piece.inline && piece.printedIndent === indent);
}

/** The events Helm runs during `helm uninstall`, after which the release is gone. */
export const uninstallEvents: readonly string[] = ['pre-delete', 'post-delete'];

/**
 * Whether only `hook-succeeded` can clean the hook up once it ran: it runs on uninstall (and the
 * release is gone after that, so it never runs again to be deleted by before-hook-creation), and
 * deleting it after its other phases is harmless: it runs on uninstall only, or it is a Job or Pod.
 * CustomResourceDefinitions are never deleted by any policy (crd-as-hook) and are left out.
 */
export function cleanedOnlyOnSuccess(resource: LiveHook): boolean {
  const events = resource.hook.knownEvents;
  if (!events || !resource.kind || resource.kind === 'CustomResourceDefinition') return false;
  if (!events.some((event) => uninstallEvents.includes(event))) return false;
  return events.every((event) => uninstallEvents.includes(event)) || resource.kind === 'Job' || resource.kind === 'Pod';
}
