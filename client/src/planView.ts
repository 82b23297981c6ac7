/**
 * The plan view (a tree in the Explorer) and the plan's text documents. Both show what the
 * server sends for the chart of the active editor, and ask again when the server says that
 * chart's plan changed. Nothing here knows Helm: rows, icons and locations come ready-made.
 */
import { EventEmitter, languages, Range, ThemeIcon, TreeItem, TreeItemCollapsibleState, Uri, ViewColumn, window, workspace, type Disposable, type Event, type TextDocumentContentProvider, type TextEditor, type TreeDataProvider, type TreeView } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { documentSelector, executionPlanRequest, planTreeRequest, type ExecutionPlanParams, type ExecutionPlanResult, type PlanTreeItem, type PlanTreeParams, type PlanTreeResult } from '../../server/src/protocol';

export const planViewId = 'helmHooks.planView';
export const openLocationCommand = 'helmHooks.openPlanLocation';
/** Scheme of the read-only documents that show text the server sends. */
export const viewScheme = 'helm-hooks-view';

const noChart = 'Open a file of a Helm chart to see the order Helm runs its hooks in.';

/** What the view shows, for tests through the extension's exports. */
export interface PlanViewApi {
  current(): PlanTreeResult | undefined;
  readonly onDidChange: Event<PlanTreeResult>;
  /** A row as VS Code shows it (its click command). */
  getTreeItem(item: PlanTreeItem): TreeItem;
}

export class PlanTree implements TreeDataProvider<PlanTreeItem>, PlanViewApi, Disposable {
  readonly view: TreeView<PlanTreeItem>;
  private result: PlanTreeResult | undefined;
  /** The document whose chart the view shows: the last active editor of a chart file. */
  private source: string | undefined;
  /** Counts requests, so an answer overtaken by a newer request is dropped. */
  private requests = 0;
  /** A refresh was wanted while the view was hidden. */
  private stale = false;
  private readonly treeChanged = new EventEmitter<PlanTreeItem | undefined>();
  private readonly shown = new EventEmitter<PlanTreeResult>();
  private readonly subscriptions: Disposable[] = [];
  readonly onDidChangeTreeData = this.treeChanged.event;
  readonly onDidChange = this.shown.event;

  constructor(private readonly client: LanguageClient) {
    this.view = window.createTreeView(planViewId, { treeDataProvider: this, showCollapseAll: true });
    this.view.message = noChart;
    this.subscriptions.push(
      this.view,
      window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      this.view.onDidChangeVisibility((event) => {
        if (event.visible && this.stale) void this.refresh();
      }),
    );
  }

  current(): PlanTreeResult | undefined {
    return this.result;
  }

  /** The server says a chart's plan changed. */
  planChanged(chart: string): void {
    if (this.source && (this.result?.chart === undefined || this.result.chart === chart)) void this.refresh();
  }

  getTreeItem(item: PlanTreeItem): TreeItem {
    const state = !item.children?.length ? TreeItemCollapsibleState.None : item.expanded ? TreeItemCollapsibleState.Expanded : TreeItemCollapsibleState.Collapsed;
    const tree = new TreeItem(item.label, state);
    tree.id = item.id;
    tree.description = item.description;
    tree.tooltip = item.tooltip;
    if (item.icon) tree.iconPath = new ThemeIcon(item.icon);
    if (item.location) tree.command = { command: openLocationCommand, title: 'Open', arguments: [item.location] };
    return tree;
  }

  getChildren(item?: PlanTreeItem): PlanTreeItem[] {
    return [...(item ? item.children ?? [] : this.result?.items ?? [])];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.treeChanged.dispose();
    this.shown.dispose();
  }

  /** Follows the active editor while it shows a file the server checks; other editors keep the chart shown. */
  follow(editor: TextEditor | undefined): void {
    if (!editor || languages.match([...documentSelector], editor.document) === 0) return;
    const uri = editor.document.uri.toString();
    if (uri === this.source) return;
    this.source = uri;
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    if (!this.source) return;
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    const request = ++this.requests;
    const params: PlanTreeParams = { uri: this.source };
    let result: PlanTreeResult;
    try {
      result = await this.client.sendRequest<PlanTreeResult>(planTreeRequest, params);
    } catch {
      return; // The server is restarting; its next planChanged or an editor change asks again.
    }
    if (request !== this.requests) return;
    this.result = result;
    this.view.description = result.title;
    this.view.message = result.message;
    this.treeChanged.fire(undefined);
    this.shown.fire(result);
  }
}

/** Opens a plan row's location: the document, with the cursor at the start of its line. */
export async function openLocation(location: { uri: string; line: number }): Promise<void> {
  const position = new Range(location.line, 0, location.line, 0);
  await window.showTextDocument(Uri.parse(location.uri), { selection: position, preview: true });
}

/**
 * The plan as text ("Show Execution Plan"), one read-only document per chart: shown again in
 * the editor that already shows it, and rewritten when the server says the plan changed.
 */
export class PlanTexts implements TextDocumentContentProvider {
  private readonly texts = new Map<string, { content: string; source: string; chart?: string }>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  async show(editor: TextEditor | undefined): Promise<void> {
    if (!editor) {
      void window.showInformationMessage(noChart);
      return;
    }
    // Asked from the plan's own text: show that chart's plan again.
    const source = this.texts.get(editor.document.uri.toString())?.source ?? editor.document.uri.toString();
    const result = await this.request(source);
    const uri = this.set(result, source);
    const document = await languages.setTextDocumentLanguage(await workspace.openTextDocument(uri), result.languageId);
    const shown = window.visibleTextEditors.find((visible) => visible.document.uri.toString() === uri.toString());
    await window.showTextDocument(document, { preview: true, viewColumn: shown?.viewColumn ?? ViewColumn.Beside, preserveFocus: shown !== undefined });
  }

  /** The server says a chart's plan changed: the open texts of that chart are asked for again. */
  async planChanged(chart: string): Promise<void> {
    const open = new Set(workspace.textDocuments.map((document) => document.uri.toString()));
    for (const [uri, text] of this.texts) {
      if (text.chart !== chart) continue;
      if (!open.has(uri)) {
        this.texts.delete(uri);
        continue;
      }
      try {
        this.set(await this.request(text.source), text.source);
      } catch {
        // The server is restarting; the next change asks again.
      }
    }
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.texts.get(uri.toString())?.content ?? '';
  }

  private request(source: string): Promise<ExecutionPlanResult> {
    const params: ExecutionPlanParams = { uri: source };
    return this.client.sendRequest<ExecutionPlanResult>(executionPlanRequest, params);
  }

  private set(result: ExecutionPlanResult, source: string): Uri {
    const uri = Uri.from({ scheme: viewScheme, path: `/${result.title.replace(/[\\/]/g, '-')}` });
    const key = uri.toString();
    if (this.texts.get(key)?.content !== result.content) {
      this.texts.set(key, { content: result.content, source, chart: result.chart });
      this.changed.fire(uri);
    }
    return uri;
  }
}
