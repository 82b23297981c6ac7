/**
 * The execution plan as a numbered timeline for people: what `helm-hooks plan` prints and the
 * editor's "Show Execution Plan" view shows. Plain text from plain data, no IO.
 */
import { isPhaseStep, lifecycles, type ExecutionPlan, type LeftBehind, type Lifecycle, type NotDeleted, type OffHook, type PhaseStep, type PlannedHook, type ReleaseNameOrder, type ReleaseStep } from './plan';

const lifecycleTitles: Record<Lifecycle, string> = {
  install: 'install (helm install)',
  upgrade: 'upgrade (helm upgrade; the hooks are the new chart version\'s)',
  rollback: 'rollback (helm rollback; Helm runs the hooks stored with the revision rolled back to)',
  uninstall: 'uninstall (helm uninstall; hook objects are not part of the release and stay)',
  test: 'test (helm test)',
};

const releaseActions: Record<Lifecycle, string> = {
  install: 'create the release\'s normal resources',
  upgrade: 'update the release\'s normal resources (create, patch, delete removed ones)',
  rollback: 'restore the release\'s normal resources of that revision',
  uninstall: 'delete the release\'s normal resources',
  test: '',
};

const placementNotes: Record<string, string> = {
  name: 'same weight: by name',
  kind: 'same weight and name: by kind',
  file: 'same weight, name and kind: by file',
  document: 'same weight, name and kind: by position in the file',
  repeat: 'runs again: the event is listed twice',
};

export function formatPlanText(plan: ExecutionPlan): string {
  const lines: string[] = [`Hook execution plan for chart "${plan.chart}"`, ...renderLines(plan), 'Helm runs a phase\'s hooks one at a time, by weight, then name (byte-wise), then kind, then file.'];
  for (const lifecycle of lifecycles) {
    lines.push('', lifecycleTitles[lifecycle]);
    plan.lifecycles[lifecycle].forEach((step, index) => {
      const number = `  ${index + 1}. `;
      if (isPhaseStep(step)) lines.push(...phaseLines(step, number));
      else lines.push(`${number}${releaseLine(step, lifecycle)}`, ...notDeletedLines(step, ' '.repeat(number.length)));
    });
  }
  if (plan.templatedEvents.length > 0) {
    lines.push('', 'Hooks with templated events (listed above only under their literal events; they may run in other phases too):');
    lines.push(...table(plan.templatedEvents.map((hook) => [hook.kind, hook.name, `${hook.file}:${hook.line}`]), '  '));
  }
  if (plan.dropped && plan.dropped.length > 0) {
    lines.push('', 'Dropped by Helm (an unknown or empty event: neither run as a hook nor installed):');
    lines.push(...table(plan.dropped.map((hook) => [hook.kind || '(no kind)', hook.name || '(no name)', `${hook.file}:${hook.line}`, `helm.sh/hook: ${JSON.stringify(hook.value)}`]), '  '));
  }
  if (plan.off && plan.off.length > 0) {
    lines.push('', 'Off in this profile (hooks these values do not render; the guards around their helm.sh/hook):');
    lines.push(...table(plan.off.map((hook) => [hook.kind || '(no kind)', hook.name || '(no name)', `${hook.file}:${hook.line}`, offText(hook)]), '  '));
  }
  if (plan.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of plan.notes) lines.push(`  ${note.file}:${note.line}: ${note.message}`);
  }
  return lines.join('\n') + '\n';
}

/** How the hooks were read, when the plan says (the CLI's plans do; the editor's literal plan does not). */
function renderLines(plan: ExecutionPlan): string[] {
  const render = plan.render;
  if (!render) return [];
  if (render.mode === 'literal' && render.error === undefined) return ['Read from the templates as written, not rendered: `if` guards are not evaluated,', 'and hooks whose annotations come from values or helpers are not placed.'];
  const release = `release "${render.release}", namespace "${render.namespace}"${render.isUpgrade ? ', as an upgrade' : ''}`;
  if (render.mode === 'rendered') return [`Rendered as helm template renders it (${release}).`];
  if (render.error === undefined) return ['Read from the templates as written (not rendered).'];
  // Helm's message up to its first blank line (after it comes Helm's hint about --debug).
  const message = render.error.split('\n\n')[0].split('\n');
  return [`The chart could not be rendered (${release}); hooks are read from the templates as written.`, `Helm: ${message[0]}`, ...message.slice(1).map((line) => `      ${line}`)];
}

/**
 * A phase's hooks, two lines each so that lines stay short: the order (`n)`, weight, kind and
 * name, as columns), then where it is, its delete policy and why it comes after the previous one.
 */
function phaseLines(step: PhaseStep, number: string): string[] {
  if (step.hooks.length === 0) return [`${number}${step.phase}: no hooks`];
  const indent = ' '.repeat(number.length);
  const lines = [`${number}${step.phase}: ${step.hooks.length} hook${step.hooks.length === 1 ? '' : 's'}`];
  const [header, ...rows] = table([['#', 'weight', 'kind', 'name'], ...step.hooks.map((hook, index) => [`${index + 1})`, weightText(hook), hook.kind || '(no kind)', hook.name || '(no name)'])], indent, [true, true]);
  const detailIndent = ' '.repeat(indent.length + `${step.hooks.length})`.length + 2);
  lines.push(header);
  step.hooks.forEach((hook, index) => {
    lines.push(rows[index]);
    lines.push(`${detailIndent}${placeText(hook)} · delete policy: ${policyText(hook)}`);
    const note = noteText(hook);
    if (note) lines.push(`${detailIndent}${note}`);
  });
  lines.push(...leftBehindLines(step, indent));
  return lines;
}

function releaseLine(step: ReleaseStep, lifecycle: Lifecycle): string {
  return `${releaseActions[lifecycle]}: ${releaseSummary(step)}`;
}

/**
 * What a release step does, as `3 documents (2 ConfigMap, 1 Service)`: for uninstall, the documents less those
 * it certainly leaves in place (`notDeletedGroups` lists them, and those it may leave).
 */
export function releaseSummary(step: ReleaseStep): string {
  const left = new Map<string, number>();
  const certain = (step.notDeleted ?? []).filter((item) => item.as !== 'unknown');
  for (const item of certain) left.set(item.kind, (left.get(item.kind) ?? 0) + 1);
  const kinds = step.kinds
    .map((item) => ({ kind: item.kind, count: item.count - (left.get(item.kind) ?? 0) }))
    .filter((item) => item.count > 0)
    .map((item) => `${item.count} ${item.kind}`)
    .join(', ');
  const resources = step.resources - certain.length;
  return `${resources} document${resources === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}`;
}

const notDeletedTexts: Record<NotDeleted['as'], string> = {
  keep: 'kept by helm.sh/resource-policy "keep" (Helm names them)',
  other: 'not deleted and not named by Helm (it deletes only resources without helm.sh/resource-policy)',
  unknown: 'may be left in place (helm.sh/resource-policy is templated or conditional here: Helm deletes only resources without it, and names those with "keep")',
};

/** The resources uninstall leaves in place, grouped as Helm treats them: a title and one `Kind name` line each. */
export function notDeletedGroups(step: ReleaseStep): { readonly title: string; readonly items: readonly string[] }[] {
  const items = step.notDeleted ?? [];
  return (Object.keys(notDeletedTexts) as NotDeleted['as'][])
    .map((as) => ({ as, group: items.filter((item) => item.as === as) }))
    .filter(({ group }) => group.length > 0)
    .map(({ as, group }) => ({ title: notDeletedTexts[as], items: group.map((item) => `${item.kind} ${item.name || '(no name)'}${as === 'keep' ? '' : ` (${JSON.stringify(item.policy)})`}`) }));
}

function notDeletedLines(step: ReleaseStep, indent: string): string[] {
  return notDeletedGroups(step).flatMap((group) => [`${indent}${group.title}:`, ...group.items.map((item) => `${indent}  ${item}`)]);
}

/** The hook's template line, and where its hook annotation is written when that is elsewhere. */
function placeText(hook: PlannedHook): string {
  return `${hook.file}:${hook.line}${hook.origin ? ` (annotation: ${hook.origin.file}:${hook.origin.line})` : ''}`;
}

function weightText(hook: PlannedHook): string {
  return hook.templated.weight ? `${hook.weight} (templated)` : String(hook.weight);
}

function policyText(hook: PlannedHook): string {
  if (hook.deletePolicyDefault) return 'before-hook-creation (default)';
  const text = hook.deletePolicies.join(',') || '(empty: nothing deletes it)';
  return hook.templated.deletePolicies ? `${text} (templated)` : text;
}

/** The guards of a hook that is off, and what renders instead when the document does. */
export function offText(hook: OffHook): string {
  return `${hook.conditions.join(' and ')}${hook.rendersAsResource ? ' (renders as a normal resource)' : ''}`;
}

/** What a name computed with `lookup` or a random function means for the plan. */
export function nameFromText(functions: readonly string[]): string {
  const random = functions.filter((name) => name !== 'lookup');
  const parts: string[] = [];
  if (functions.includes('lookup')) parts.push('name from lookup: it depends on what the cluster holds (helm template sees nothing)');
  if (random.length > 0) parts.push(`name from ${random.join(', ')}: random, a new one each render, so its place among hooks of its weight is not fixed`);
  return parts.join('; ');
}

/** The other order of a tie, in one clause: `with release name "0" it runs before the one above ("0-db" < "migrate")`. */
export function releaseNameOrderText(other: ReleaseNameOrder): string {
  const [first, second] = other.order;
  const names = first === second ? `both named "${first}"` : `"${first}" < "${second}"`;
  return `with release name "${other.releaseName}" it runs before the one above (${names})`;
}

function noteText(hook: PlannedHook): string {
  const notes: string[] = [];
  if (hook.nameFrom) notes.push(nameFromText(hook.nameFrom));
  if (!hook.orderCertain) notes.push('order vs previous depends on templated values');
  else if (hook.orderDependsOnReleaseName) notes.push(`${placementNotes[hook.placedBy] ?? 'same weight'}, which the release name decides: ${releaseNameOrderText(hook.orderDependsOnReleaseName)}`);
  else if (placementNotes[hook.placedBy]) notes.push(placementNotes[hook.placedBy]);
  if (hook.templated.events) notes.push('events templated');
  else if (hook.eventsConditional) notes.push('events depend on values');
  return notes.length > 0 ? `← ${notes.join('; ')}` : '';
}

const untilTexts: Record<LeftBehind['until'], string> = {
  'next-run': 'until they run again (before-hook-creation)',
  never: 'never deleted by Helm',
  unknown: 'templated delete policy',
};

function leftBehindLines(step: PhaseStep, indent: string): string[] {
  if (step.leftBehind.length === 0) return [`${indent}left behind after success: nothing (hook-succeeded deletes every hook)`];
  return (Object.keys(untilTexts) as LeftBehind['until'][])
    .map((until) => ({ until, items: step.leftBehind.filter((item) => item.until === until) }))
    .filter((group) => group.items.length > 0)
    .flatMap((group) => [`${indent}left behind after success, ${untilTexts[group.until]}:`, ...group.items.map((item) => `${indent}  ${item.kind} ${item.name}`)]);
}

/** Rows padded into columns; `rightAligned[i]` right-aligns column i. Trailing spaces are trimmed. */
function table(rows: readonly string[][], indent: string, rightAligned: readonly boolean[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => (indent + row.map((cell, index) => (rightAligned[index] ? cell.padStart(widths[index]) : cell.padEnd(widths[index]))).join('  ')).trimEnd());
}
