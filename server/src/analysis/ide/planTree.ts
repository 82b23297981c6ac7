/**
 * The execution plan as a tree for the editor's plan view: lifecycle → step (hook phase or the
 * release's own objects) → hook, each node a label, a short description and a plain-text
 * tooltip, with the file and line it stands for. Plain data from plain data: the language
 * server turns files into URIs and node kinds into icons, the client only shows it.
 *
 * Node ids stay the same while the chart is edited (a hook is its document id and its place
 * among the hook's own occurrences in the phase), so the view keeps what was expanded.
 */
import { isPhaseStep, lifecycles, type ExecutionPlan, type LeftBehind, type Lifecycle, type PhaseStep, type PlannedHook, type ReleaseStep } from '../semantics/plan';
import { nameFromText, notDeletedGroups, offText, releaseNameOrderText, releaseSummary } from '../semantics/planText';

export type PlanTreeNodeKind = 'render' | 'lifecycle' | 'phase' | 'release' | 'hook' | 'group' | 'dropped' | 'off' | 'note';

/**
 * What a hook's place says beyond its weight: `tie` — same weight as the hook before it, so
 * Helm's tie-break (name, kind, file, document) placed it (its description says when the
 * release name decides that tie); `uncertain` — templated weights or
 * names leave its order against the hook before it unknown; `repeat` — its event is listed
 * twice, so it runs again; `failed` — the chart could not be rendered (on the render node).
 */
export type PlanTreeMarker = 'tie' | 'uncertain' | 'repeat' | 'failed';

export interface PlanTreeNode {
  readonly id: string;
  readonly kind: PlanTreeNodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly marker?: PlanTreeMarker;
  /** The chart-relative file and 1-based line the node stands for. */
  readonly location?: { readonly file: string; readonly line: number };
  /** Shown open at first. */
  readonly expanded?: boolean;
  readonly children?: readonly PlanTreeNode[];
}

export interface PlanTree {
  readonly chart: string;
  readonly nodes: readonly PlanTreeNode[];
}

const commands: Record<Lifecycle, string> = {
  install: 'helm install',
  upgrade: 'helm upgrade',
  rollback: 'helm rollback',
  uninstall: 'helm uninstall',
  test: 'helm test',
};

const releaseLabels: Record<Lifecycle, string> = {
  install: 'create the release\'s resources',
  upgrade: 'update the release\'s resources',
  rollback: 'restore the release\'s resources',
  uninstall: 'delete the release\'s resources',
  test: '',
};

const tieTexts: Partial<Record<PlannedHook['placedBy'], string>> = {
  name: 'tie: by name',
  kind: 'tie: by kind',
  file: 'tie: by file',
  document: 'tie: by place in file',
  repeat: 'runs again (event listed twice)',
};

const untilTexts: Record<LeftBehind['until'], string> = {
  'next-run': 'stays until it runs again',
  never: 'stays: nothing deletes it',
  unknown: 'stays? templated policy',
};

export function buildPlanTree(plan: ExecutionPlan): PlanTree {
  const nodes: PlanTreeNode[] = [renderNode(plan)];
  for (const lifecycle of lifecycles) nodes.push(lifecycleNode(plan, lifecycle));
  if (plan.templatedEvents.length > 0) {
    nodes.push({
      id: 'templated-events',
      kind: 'group',
      label: 'templated events',
      description: `${plan.templatedEvents.length} hook${plan.templatedEvents.length === 1 ? '' : 's'} may run in other phases too`,
      children: plan.templatedEvents.map((hook) => ({ id: `templated-events/${hook.id}`, kind: 'hook', label: `${hook.kind || '(no kind)'} ${hook.name || '(no name)'}`, description: place(hook), location: { file: hook.file, line: hook.line } })),
    });
  }
  if (plan.dropped && plan.dropped.length > 0) {
    nodes.push({
      id: 'dropped',
      kind: 'group',
      label: 'dropped by Helm',
      description: 'unknown or empty event: neither run nor installed',
      expanded: true,
      children: plan.dropped.map((hook, index) => ({
        id: `dropped/${hook.file}#${index}`,
        kind: 'dropped',
        label: `${hook.kind || '(no kind)'} ${hook.name || '(no name)'}`,
        description: `helm.sh/hook: ${JSON.stringify(hook.value)}`,
        location: { file: hook.file, line: hook.line },
      })),
    });
  }
  if (plan.off && plan.off.length > 0) {
    nodes.push({
      id: 'off',
      kind: 'group',
      label: 'off in this profile',
      description: `${plan.off.length} hook${plan.off.length === 1 ? '' : 's'} these values do not render`,
      children: plan.off.map((hook, index) => ({
        id: `off/${hook.file}#${index}`,
        kind: 'off',
        label: `${hook.kind || '(no kind)'} ${hook.name || '(no name)'}`,
        description: offText(hook),
        tooltip: `Off in this profile: renders as a hook only when ${hook.conditions.map((guard) => `\`${guard}\``).join(' and ')} holds.${hook.rendersAsResource ? ' With these values the document renders as a normal resource of the release.' : ''}\n${hook.file}:${hook.line}`,
        location: { file: hook.file, line: hook.line },
      })),
    });
  }
  if (plan.notes.length > 0) {
    nodes.push({
      id: 'notes',
      kind: 'group',
      label: 'notes',
      children: plan.notes.map((note, index) => ({ id: `notes/${index}`, kind: 'note', label: note.message, tooltip: `${note.file}:${note.line}: ${note.message}`, location: { file: note.file, line: note.line } })),
    });
  }
  return { chart: plan.chart, nodes };
}

function renderNode(plan: ExecutionPlan): PlanTreeNode {
  const render = plan.render;
  const release = render?.release !== undefined ? `release "${render.release}", namespace "${render.namespace}"${render.isUpgrade ? ', as an upgrade' : ''}` : '';
  if (render?.mode === 'rendered') return { id: 'render', kind: 'render', label: 'rendered', description: release, tooltip: `The hooks as helm template renders them (${release}), in the order Helm runs them.` };
  if (render?.error !== undefined) {
    // Helm's message up to its first blank line (after it comes Helm's hint about --debug).
    const message = render.error.split('\n\n')[0];
    return { id: 'render', kind: 'render', marker: 'failed', label: 'not rendered', description: message.split('\n')[0], tooltip: `The chart could not be rendered; the hooks are read from the templates as written.\nHelm: ${message}` };
  }
  return { id: 'render', kind: 'render', label: 'as written', description: 'not rendered', tooltip: 'Read from the templates as written: `if` guards are not evaluated, and hooks whose annotations come from values or helpers are not placed.' };
}

function lifecycleNode(plan: ExecutionPlan, lifecycle: Lifecycle): PlanTreeNode {
  const steps = plan.lifecycles[lifecycle];
  const hookCount = steps.reduce((sum, step) => sum + (isPhaseStep(step) ? step.hooks.length : 0), 0);
  return {
    id: lifecycle,
    kind: 'lifecycle',
    label: lifecycle,
    description: `${commands[lifecycle]} · ${hookCount === 0 ? 'no hooks' : `${hookCount} hook${hookCount === 1 ? '' : 's'}`}`,
    expanded: lifecycle === 'install',
    children: steps.map((step) => (isPhaseStep(step) ? phaseNode(lifecycle, step) : releaseNode(lifecycle, step))),
  };
}

function phaseNode(lifecycle: Lifecycle, step: PhaseStep): PlanTreeNode {
  const count = step.hooks.length;
  const left = step.leftBehind.length;
  const occurrences = new Map<string, number>();
  const computedNames = computedNamesByWeight(step.hooks);
  const children = step.hooks.map((hook) => {
    const seen = occurrences.get(hook.id) ?? 0;
    occurrences.set(hook.id, seen + 1);
    return hookNode(`${lifecycle}/${step.phase}/${hook.id}/${seen}`, hook, step.leftBehind.find((item) => item.id === hook.id), computedNames.get(String(hook.weight)));
  });
  return {
    id: `${lifecycle}/${step.phase}`,
    kind: 'phase',
    label: step.phase,
    description: count === 0 ? 'no hooks' : `${count} hook${count === 1 ? '' : 's'}${left > 0 ? ` · ${left} left behind` : ''}`,
    expanded: count > 0,
    ...(count > 0 ? { children } : {}),
  };
}

function releaseNode(lifecycle: Lifecycle, step: ReleaseStep): PlanTreeNode {
  const id = `${lifecycle}/${step.release}`;
  // Uninstall's resources that helm.sh/resource-policy leaves in place, one group per way Helm treats them.
  const children = notDeletedGroups(step).map((group, index): PlanTreeNode => ({
    id: `${id}/not-deleted/${index}`,
    kind: 'group',
    label: group.title,
    children: group.items.map((item, at) => ({ id: `${id}/not-deleted/${index}/${at}`, kind: 'note', label: item })),
  }));
  return {
    id,
    kind: 'release',
    label: releaseLabels[lifecycle],
    description: releaseSummary(step),
    ...(children.length > 0 ? { children } : {}),
  };
}

/**
 * Per weight of a phase shared by several hooks, what makes their order unknown when one of them
 * has a name from `lookup` or a random function: Helm orders equal weights by name, and that
 * name differs between `helm template` and the install (or between renders).
 */
function computedNamesByWeight(hooks: readonly PlannedHook[]): Map<string, string> {
  const byWeight = new Map<string, PlannedHook[]>();
  for (const hook of hooks) byWeight.set(String(hook.weight), [...(byWeight.get(String(hook.weight)) ?? []), hook]);
  const result = new Map<string, string>();
  for (const [weight, group] of byWeight) {
    const from = group.flatMap((hook) => hook.nameFrom ?? []);
    if (new Set(group.map((hook) => hook.id)).size < 2 || from.length === 0) continue;
    result.set(weight, from.includes('lookup') ? 'order unknown: a name at this weight comes from lookup' : 'order unknown: a name at this weight is random');
  }
  return result;
}

function hookNode(id: string, hook: PlannedHook, leftBehind: LeftBehind | undefined, computedName?: string): PlanTreeNode {
  const certain = hook.orderCertain && !computedName;
  const marker = !certain ? 'uncertain' : hook.placedBy === 'repeat' ? 'repeat' : tieTexts[hook.placedBy] ? 'tie' : undefined;
  const byReleaseName = hook.orderCertain && !computedName ? hook.orderDependsOnReleaseName : undefined;
  const order = !hook.orderCertain ? 'order unknown: templated' : computedName ?? (byReleaseName ? `${tieTexts[hook.placedBy] ?? 'tie'}, release name decides` : tieTexts[hook.placedBy]);
  const weight = hook.templated.weight ? `${hook.weight}` : String(hook.weight);
  const policy = hook.deletePolicyDefault ? 'before-hook-creation (default)' : hook.deletePolicies.join(',') || '(empty)';
  const stays = leftBehind ? untilTexts[leftBehind.until] : 'deleted on success';
  const tooltip = [
    `${hook.kind || '(no kind)'} ${hook.name || '(no name)'}`,
    `weight: ${weight}${hook.templated.weight ? ' (templated)' : ''}`,
    `delete policy: ${policy}${hook.templated.deletePolicies ? ' (templated)' : ''}`,
    `after success: ${stays}`,
    `events: ${hook.events.join(', ')}${hook.templated.events ? ' (templated)' : hook.eventsConditional ? ' (depend on values)' : ''}`,
    ...(order ? [`order: ${order}`] : []),
    ...(byReleaseName ? [`other order: ${releaseNameOrderText(byReleaseName)}`] : []),
    ...(hook.templated.name ? ['name: templated, shown as written'] : []),
    ...(hook.nameFrom ? [nameFromText(hook.nameFrom)] : []),
    place(hook),
  ];
  return {
    id,
    kind: 'hook',
    label: `${weight}  ${hook.kind || '(no kind)'} ${hook.name || '(no name)'}`,
    description: [order, policy, stays].filter((part) => part).join(' · '),
    tooltip: tooltip.join('\n'),
    ...(marker ? { marker } : {}),
    location: { file: hook.file, line: hook.line },
  };
}

function place(hook: PlannedHook): string {
  return `${hook.file}:${hook.line}${hook.origin ? ` (annotation: ${hook.origin.file}:${hook.origin.line})` : ''}`;
}
