/**
 * Whether the order of a tie (hooks of one phase with equal weights, which Helm sorts by rendered
 * name, then kind) is the same whatever the release is named. A chart is rendered with the user's
 * release name; a rule (or the plan, for its neighbours of one weight) that asks about a tie
 * gets, from the api, the same chart rendered with other release names (on the first question of
 * an analysis only, shared by the rules and the plan, so charts without ties never render twice),
 * and the hooks of each render are matched to the user's by template and document index (the
 * instances of a `range` by position). A tie whose two hooks swap places under another name
 * depends on the release name; one that keeps its order under every name is fixed.
 */
import type { ChartModel, Resource } from '../model/chart';
import { isPhaseStep, orderBetween, toEntry, type ExecutionPlan, type PlacementReason, type PlannedHook, type PlanStep } from './plan';

/**
 * The other release names a chart is rendered with. Release names are DNS-1123 subdomains of at
 * most 53 bytes (`[a-z0-9]` first and last, `[-a-z0-9.]` between); Helm compares rendered names
 * byte-wise, so two names whose order the release name can change differ first where one of them
 * prints a byte of the release name (or a byte the release name's length moved there). That byte
 * is compared with a byte of the other name: a letter, digit, `-` or `.`. "0" is the smallest
 * release name (every other starts with a byte at least "0", and those that start with "0" are
 * longer): its byte is below every letter and digit, and the name's end comes where the other
 * name still goes on. A run of "z" is above every byte but "z", and where the other name has "z"
 * too (zookeeper, zipkin) the next byte is again "z". With the user's own name between them, a
 * comparison that the release name can flip is flipped by one of the two. Not explored: names
 * that hold "0…" or eight "z" literally where the other prints the release name, templates that
 * test the release name, and names so long (the limit is 53) that a `fullname` helper's 63-byte
 * cut makes two hooks' names equal (kind then decides): that cut is a collision waiting to
 * happen, not the order the author chose, and a tie's message is about the order. In those cases
 * the finding stays what the user's own render shows.
 */
export const otherReleaseNames: readonly string[] = ['0', 'zzzzzzzz'];

/** A chart rendered with another release name (undefined when it does not render with it). */
export interface OtherRender {
  readonly releaseName: string;
  readonly chart?: ChartModel;
}

/** Two hooks' order under one other release name. */
export interface OrderUnderName {
  readonly releaseName: string;
  /** Negative when the first hook asked about runs first, positive when the second does. */
  readonly order: number;
  /** The two hooks' rendered names under that release name, in the order they were asked about. */
  readonly names: readonly [string, string];
}

export interface ReleaseNameOrders {
  /** The release name the chart was rendered with. */
  readonly releaseName: string;
  /** The order of two hooks of the user's render under each other release name that renders them both. */
  ordersOf(a: Resource, b: Resource): readonly OrderUnderName[];
}

interface IndexedRender {
  readonly releaseName: string;
  /** The render's hooks by template and document index. */
  readonly hooks: ReadonlyMap<string, Resource>;
}

/** The orders of the user's render (`releaseName`) and of `others`, rendered on the first question. */
export function releaseNameOrders(releaseName: string, others: () => readonly OtherRender[]): ReleaseNameOrders {
  let indexed: IndexedRender[] | undefined;
  const renders = (): IndexedRender[] => (indexed ??= others().map((other) => ({ releaseName: other.releaseName, hooks: hooksByPlace(other.chart) })));
  return {
    releaseName,
    ordersOf(a, b) {
      const result: OrderUnderName[] = [];
      for (const render of renders()) {
        const x = render.hooks.get(placeOf(a));
        const y = render.hooks.get(placeOf(b));
        // A hook that another name does not render (or renders as another kind) has no order to compare there.
        if (!x || !y || x.kind !== a.kind || y.kind !== b.kind) continue;
        result.push({ releaseName: render.releaseName, order: Math.sign(orderBetween(toEntry(x), toEntry(y)).order), names: [x.name ?? '', y.name ?? ''] });
      }
      return result;
    },
  };
}

/**
 * The first other release name under which `a` and `b` (hooks of the user's render) run in the
 * other order than under the user's; undefined when they keep their order under every name
 * rendered, or when the chart was not rendered (`orders` undefined).
 */
export function swappedUnder(orders: ReleaseNameOrders | undefined, a: Resource, b: Resource): OrderUnderName | undefined {
  if (!orders || !a.hook || !b.hook) return undefined;
  // Names written out in full (template text, values) are the same under every release name: nothing to render.
  if (nameAsWritten(a) && nameAsWritten(b)) return undefined;
  const own = Math.sign(orderBetween(toEntry(a), toEntry(b)).order);
  return orders.ordersOf(a, b).find((other) => other.order !== own);
}

/** What placed a hook after a hook of the same weight: the tie-breaks a release name can change. */
export const tieBreaks: ReadonlySet<PlacementReason> = new Set(['name', 'kind', 'file', 'document']);

/**
 * The rendered plan `plan` with each hook that another release name swaps with the hook before it
 * marked (`orderDependsOnReleaseName`). `hooks` are the hooks of the same render (the rendered
 * model, matched by template and document index), `orders` its ties under the other names: asked
 * only about neighbours of one weight, through `swappedUnder`, so nothing renders again unless
 * a tie's names hold computed text, and the other renders are the ones the rules ask about.
 */
export function withReleaseNameOrders(plan: ExecutionPlan, hooks: readonly Resource[], orders: ReleaseNameOrders | undefined): ExecutionPlan {
  if (!orders || plan.render?.mode !== 'rendered') return plan;
  const byPlace = new Map(hooks.map((resource) => [placeOf(resource), resource]));
  // The model's hook of a planned one, when it is the same document (kind and name agree).
  const resourceOf = (hook: PlannedHook): Resource | undefined => {
    const resource = byPlace.get(hook.id);
    return resource && resource.kind === hook.kind && (resource.name ?? '') === hook.name ? resource : undefined;
  };
  let changed = false;
  const marked = (step: PlanStep): PlanStep => {
    if (!isPhaseStep(step)) return step;
    const result = step.hooks.map((hook, index): PlannedHook => {
      // A name from lookup or a random function leaves the tie's order unknown whatever the release is named.
      if (index === 0 || !hook.orderCertain || !tieBreaks.has(hook.placedBy) || hook.nameFrom || step.hooks[index - 1].nameFrom) return hook;
      const previous = resourceOf(step.hooks[index - 1]);
      const resource = resourceOf(hook);
      const swapped = previous && resource ? swappedUnder(orders, previous, resource) : undefined;
      if (!swapped) return hook;
      changed = true;
      return { ...hook, orderDependsOnReleaseName: { releaseName: swapped.releaseName, order: [swapped.names[1], swapped.names[0]] } };
    });
    return { ...step, hooks: result };
  };
  const lifecycles = Object.fromEntries(Object.entries(plan.lifecycles).map(([lifecycle, steps]) => [lifecycle, steps.map(marked)])) as unknown as ExecutionPlan['lifecycles'];
  return changed ? { ...plan, lifecycles } : plan;
}

/**
 * Whether every byte of a rendered hook's name was written in the chart (template text, or a value
 * printed as its values file holds it): no action computed any of it, so no release name changes it.
 */
function nameAsWritten(resource: Resource): boolean {
  const span = resource.doc.name?.span;
  if (!span || span.end <= span.start) return false;
  for (let offset = span.start; offset < span.end; offset++) if (resource.view.originOf(offset).kind !== 'written') return false;
  return true;
}

/** Template and document index: the same document of the same template in every render. */
function placeOf(resource: Resource): string {
  return `${resource.file.path}#${resource.doc.index}`;
}

function hooksByPlace(chart: ChartModel | undefined): Map<string, Resource> {
  const hooks = new Map<string, Resource>();
  for (const resource of chart?.hooks ?? []) if (resource.hook && !resource.hook.dropped) hooks.set(placeOf(resource), resource);
  return hooks;
}
