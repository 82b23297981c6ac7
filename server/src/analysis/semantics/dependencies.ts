/**
 * What each hook Pod, Job or CronJob needs from its own chart: the objects its pod spec
 * names (service account, ConfigMaps, Secrets, PersistentVolumeClaims) and the
 * RoleBindings/ClusterRoleBindings that bind its service account, resolved against the
 * objects the chart renders. A name matches only when it is certainly the same rendered
 * name (objectNames.ts), so templated names never produce a guessed dependency.
 */
import type { ChartModel, Resource } from '../model/chart';
import { conditionsAt, contradict } from './conditions';
import { hookKey } from '../helm/hooks';
import { objectName, resourceName, sameName, type ObjectName } from './objectNames';
import type { Span } from '../types';
import { normalizeTemplatedName } from '../yaml/documents';
import { actionsIn, printsText } from '../yaml/values';
import { indentationAt, startOfLine } from '../text/lineIndex';

export interface HookDependency {
  /** The hook whose pod needs the object. */
  readonly hook: Resource;
  /** The object it needs, as the chart renders it. */
  readonly target: Resource;
  /** Where the pod spec names it (`serviceAccountName`, `volumes`, `env`, `envFrom`, `imagePullSecrets`), or `RBAC` for a binding of its service account. */
  readonly via: string;
  /** The reference in the hook's file: the name in the pod spec (for RBAC, the `serviceAccountName`). */
  readonly span: Span;
  /** In the target's file: its name, or for a binding the subject that names the service account. */
  readonly targetSpan: Span;
}

const clusterScoped: ReadonlySet<string> = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'PodSecurityPolicy', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'IngressClass']);

/** Hook kinds that run a pod (the issue and spec §7 HOOK016 name these three). */
const podKinds: ReadonlySet<string> = new Set(['Pod', 'Job', 'CronJob']);

/** Every dependency of every hook of the chart. */
export function hookDependencies(chart: ChartModel): HookDependency[] {
  const result: HookDependency[] = [];
  const byKind = resourcesByKind(chart.resources);
  for (const hook of chart.hooks) {
    if (!hook.hook || hook.hook.dropped || !hook.doc.podSpec || !podKinds.has(hook.kind ?? '')) continue;
    result.push(...dependenciesOf(byKind, hook));
  }
  return result;
}

/**
 * `resources` grouped by kind, each group in chart order; bindings of either kind together
 * under `bindingKinds`. A hook then compares its references with objects of the kind they
 * name only, not with every resource of the chart (a file of 13,548 hook Jobs was quadratic).
 */
export function resourcesByKind(resources: readonly Resource[]): ReadonlyMap<string, readonly Resource[]> {
  const groups = new Map<string, Resource[]>();
  const add = (key: string, resource: Resource): void => {
    const group = groups.get(key);
    if (group) group.push(resource);
    else groups.set(key, [resource]);
  };
  for (const resource of resources) {
    if (resource.kind === undefined) continue;
    add(resource.kind, resource);
    if (resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding') add(bindingKinds, resource);
  }
  return groups;
}

/** The key of `resourcesByKind` under which RoleBindings and ClusterRoleBindings are listed together (no kind has a space). */
const bindingKinds = 'RoleBinding ClusterRoleBinding';

/** Whether the object is certainly a normal resource of the release: no `helm.sh/hook`, written or printed from values. */
export function isReleaseResource(chart: ChartModel, resource: Resource): boolean {
  return !resource.hook && !mayBeHookFromValues(chart, resource);
}

/**
 * Whether a normal resource may still be a hook once rendered: a template action prints its
 * annotations, and `helm.sh/hook` could come from there (values that set it, a helper in a
 * partial that writes it, or the resource already carries a hook-only key such as a weight).
 */
function mayBeHookFromValues(chart: ChartModel, resource: Resource): boolean {
  const hookFromData =
    chart.valuesFiles.some((values) => values.hookEntries.some((entry) => entry.key === hookKey)) ||
    chart.files.some((file) => file.isPartial && file.text.includes(hookKey)) ||
    resource.annotations.some((entry) => entry.key.startsWith(`${hookKey}-`));
  if (!hookFromData) return false;
  const metadata = resource.doc.metadata;
  if (!metadata) return resource.doc.hasTemplateActions;
  if (metadata.annotations) return metadata.annotations.templated;
  // No literal `annotations:` key: an action at metadata's own indentation may print one.
  const keyIndent = indentationAt(resource.file.text, metadata.keySpan.start).length;
  return actionsIn(resource.file.scan.actions, metadata.keySpan.end, resource.doc.span.end).some((action) => {
    if (!printsText(action)) return false;
    const lineStart = startOfLine(resource.file.text, action.span.start);
    const before = resource.file.text.slice(lineStart, action.span.start);
    return before.trim() === '' && before.length > keyIndent && withinBlock(resource, metadata.keySpan.start, lineStart);
  });
}

/** Whether two objects live in the same namespace, as far as that is certain. */
export function sameNamespace(a: Resource, b: Resource): boolean {
  if (clusterScoped.has(a.kind ?? '') || clusterScoped.has(b.kind ?? '')) return true;
  const namespaceA = namespaceOf(a);
  const namespaceB = namespaceOf(b);
  if (namespaceA === undefined || namespaceB === undefined) return namespaceA === namespaceB;
  return sameName(namespaceA, namespaceB);
}

function dependenciesOf(byKind: ReadonlyMap<string, readonly Resource[]>, hook: Resource): HookDependency[] {
  const result: HookDependency[] = [];
  const add = (target: Resource, via: string, span: Span, targetSpan: Span): void => {
    if (result.some((dependency) => dependency.target === target)) return;
    result.push({ hook, target, via, span, targetSpan });
  };
  for (const reference of hook.doc.podSpec!.references) {
    // Worked out on the first object of the kind there is to compare with: most references have none (a chart of many hook Jobs and no ServiceAccount).
    let wantedName: ObjectName | undefined;
    const wanted = (): ObjectName => (wantedName ??= objectName(hook.file, reference.span, reference.name, reference.templated, hook.chart));
    let conditions: ReturnType<typeof conditionsAt> | undefined;
    // An object that only renders when the reference does not is never the one it names.
    const together = (resource: Resource, offset: number): boolean => !contradict((conditions ??= conditionsAt(hook.file, reference.span.start)), conditionsAt(resource.file, offset));
    const candidates = (byKind.get(reference.kind) ?? []).filter((resource) => {
      if (resource === hook || resource.hook?.dropped) return false;
      const name = resourceName(resource);
      return name !== undefined && sameName(wanted(), name) && sameNamespace(hook, resource) && together(resource, resource.doc.name!.span.start);
    });
    const targets = preferHooks(candidates);
    for (const target of targets) add(target, reference.via, reference.span, target.doc.name!.span);
    if (reference.kind !== 'ServiceAccount') continue;
    // Without the account's token the pod never calls the API, so what RBAC grants it does not matter.
    if (!mountsToken(hook, targets)) continue;
    const bindings: { binding: Resource; span: Span }[] = [];
    for (const resource of byKind.get(bindingKinds) ?? []) {
      if (resource.hook?.dropped) continue;
      if (resource.kind === 'RoleBinding' && !sameNamespace(hook, resource)) continue;
      for (const subject of resource.doc.boundServiceAccounts) {
        const bound = objectName(resource.file, subject.span, subject.name, subject.name.includes('{{'), resource.chart);
        if (sameName(wanted(), bound) && together(resource, subject.span.start)) bindings.push({ binding: resource, span: subject.span });
      }
    }
    const chosen = preferHooks(bindings.map((item) => item.binding));
    for (const item of bindings) if (chosen.includes(item.binding)) add(item.binding, 'RBAC', reference.span, item.span);
  }
  return result;
}

/**
 * Whether the pod mounts its service account's token: the pod's own literal setting wins, then
 * the account's (`automountServiceAccountToken` on a ServiceAccount the reference certainly
 * names); Kubernetes mounts it by default.
 */
function mountsToken(hook: Resource, accounts: readonly Resource[]): boolean {
  const own = hook.doc.podSpec?.automountServiceAccountToken;
  if (own !== undefined) return own;
  return !(accounts.length > 0 && accounts.every((account) => account.doc.automountServiceAccountToken === false));
}

/** When a hook and a normal object share a name, the hook is the one meant (the other is a collision, reported on its own). */
function preferHooks(candidates: readonly Resource[]): Resource[] {
  const hooks = candidates.filter((resource) => resource.hook);
  return hooks.length > 0 ? hooks : [...candidates];
}

const releaseNamespace = ['{{ .Release.Namespace }}', '{{ $.Release.Namespace }}'];

/** The namespace as a name; undefined means the release's namespace. */
function namespaceOf(resource: Resource): ObjectName | undefined {
  const value = resource.doc.namespace;
  if (!value || value.type === 'null') return undefined;
  const templated = value.type === 'templated';
  const text = templated ? normalizeTemplatedName(value.source) : value.value ?? '';
  if (templated && releaseNamespace.includes(text)) return undefined;
  return objectName(resource.file, value.span, text, templated, resource.chart);
}

/** Whether `lineStart` is still inside the block opened by the key at `keyStart` (no shallower literal line between). */
function withinBlock(resource: Resource, keyStart: number, lineStart: number): boolean {
  const text = resource.file.text;
  const keyIndent = indentationAt(text, keyStart).length;
  let cursor = text.indexOf('\n', keyStart) + 1;
  while (cursor > 0 && cursor < lineStart) {
    const end = text.indexOf('\n', cursor);
    const line = text.slice(cursor, end < 0 ? text.length : end);
    const content = line.trim();
    if (content !== '' && !content.startsWith('#') && !content.startsWith('{{') && line.length - line.trimStart().length <= keyIndent) return false;
    if (end < 0) break;
    cursor = end + 1;
  }
  return true;
}
