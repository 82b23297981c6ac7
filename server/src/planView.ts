/**
 * The execution plan the editor shows, as text ("Show Execution Plan") and as the plan view's
 * tree: the chart rendered as `helm template` renders it (the core's literal plan, with Helm's
 * error, when it does not render), computed once per chart state, and the `planChanged`
 * notification that tells the client to ask again after an edit or a change on disk.
 */
import type { Connection } from 'vscode-languageserver';
import { buildPlanTree, formatPlanText, type ExecutionPlan, type PlanTreeNode } from './analysis';
import type { EditorCharts } from './editorCharts';
import { planChangedNotification, type ExecutionPlanResult, type PlanChangedParams, type PlanTreeItem, type PlanTreeResult } from './protocol';
import type { ServerLog } from './serverLog';
import type { ChartSnapshot } from './snapshots';
import type { FileResolver } from './toLsp';
import type { DocumentPlace } from './workspace';

const notInChart = 'This file is not part of a Helm chart: there is no Chart.yaml above it and no templates/ folder around it.';

/** Milliseconds between the last change of a chart and telling the client its plan changed. */
const changeDelayMs = 50;

const nodeIcons: Record<PlanTreeNode['kind'], string> = {
  render: 'info',
  lifecycle: 'symbol-event',
  phase: 'list-ordered',
  release: 'package',
  hook: 'debug-stackframe-dot',
  group: 'list-unordered',
  dropped: 'error',
  off: 'circle-slash',
  note: 'note',
};

const markerIcons: Record<NonNullable<PlanTreeNode['marker']>, string> = {
  tie: 'arrow-swap',
  uncertain: 'question',
  repeat: 'sync',
  failed: 'warning',
};

export class PlanViews {
  /** The rendered plan of each chart state; a snapshot is replaced when its chart changes. */
  private readonly plans = new WeakMap<ChartSnapshot, ExecutionPlan>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly charts: EditorCharts,
    private readonly log: ServerLog,
  ) {}

  /** The plan as text for the document's chart. */
  text(uri: string): ExecutionPlanResult {
    const place = this.charts.placeOf(uri);
    if (!place) return { title: 'Hook execution plan', content: notInChart, languageId: planLanguageId };
    const plan = this.planOf(this.charts.snapshotOf(place));
    return { title: `Hook execution plan (${plan.chart})`, chart: place.chartKey, content: formatPlanText(plan), languageId: planLanguageId };
  }

  /** The plan view's rows for the document's chart. */
  tree(uri: string): PlanTreeResult {
    const place = this.charts.placeOf(uri);
    if (!place) return { title: '', message: notInChart, items: [] };
    const snapshot = this.charts.snapshotOf(place);
    const tree = buildPlanTree(this.planOf(snapshot));
    const resolve = this.charts.resolverFor(place, snapshot.files);
    return { chart: place.chartKey, title: tree.chart, items: tree.nodes.map((node) => toItem(node, resolve)) };
  }

  /** The rendered plan of the document's chart state (the one the plan view shows), for hover. */
  planAt(place: DocumentPlace): ExecutionPlan {
    return this.planOf(this.charts.snapshotOf(place));
  }

  /** A chart changed: the client hears so once the changes pause. */
  changed(chartKey: string): void {
    clearTimeout(this.timers.get(chartKey));
    const timer = setTimeout(() => {
      this.timers.delete(chartKey);
      const params: PlanChangedParams = { chart: chartKey };
      this.connection.sendNotification(planChangedNotification, params).catch((error) => this.log.failed('planChanged', error));
    }, changeDelayMs);
    this.timers.set(chartKey, timer);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * The snapshot's analysis renders it (the chart's render cache: its findings' render when they
   * rendered already, so one state renders once) and checks its ties under other release names
   * with the renders its rules use.
   */
  private planOf(snapshot: ChartSnapshot): ExecutionPlan {
    const kept = this.plans.get(snapshot);
    if (kept) return kept;
    const plan = snapshot.analysis.renderedPlan();
    this.plans.set(snapshot, plan);
    return plan;
  }
}

/**
 * The language of the plan's text: the extension's own, which defines no brackets, so VS Code's
 * bracket colouring does not paint the `1)` of each hook as an unmatched bracket.
 */
export const planLanguageId = 'helm-hooks-plan';

function toItem(node: PlanTreeNode, resolve: FileResolver): PlanTreeItem {
  const target = node.location ? resolve(node.location.file) : undefined;
  return {
    id: node.id,
    label: node.label,
    ...(node.description !== undefined ? { description: node.description } : {}),
    ...(node.tooltip !== undefined ? { tooltip: node.tooltip } : {}),
    icon: node.marker ? markerIcons[node.marker] : nodeIcons[node.kind],
    ...(target && node.location ? { location: { uri: target.uri, line: Math.max(0, node.location.line - 1) } } : {}),
    ...(node.expanded ? { expanded: true } : {}),
    ...(node.children ? { children: node.children.map((child) => toItem(child, resolve)) } : {}),
  };
}
