/**
 * The status-bar item that shows the values profile the active editor's chart is viewed in, and
 * the quick pick that switches it. The server lists the profiles and the one shown; the client
 * only shows them and sends back the choice.
 */
import { StatusBarAlignment, window, type Disposable, type StatusBarItem, type TextEditor } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { selectValuesProfileRequest, valuesProfilesRequest, type SelectValuesProfileParams, type ValuesProfilesParams, type ValuesProfilesResult } from '../../server/src/protocol';

export const selectValuesProfileCommand = 'helmHooks.selectValuesProfile';

export class ValuesProfileStatus implements Disposable {
  private readonly item: StatusBarItem;
  /** What the item shows now, for the tests and to know which chart a change is about. */
  private shown?: ValuesProfilesResult;
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.item = window.createStatusBarItem('helmHooks.valuesProfile', StatusBarAlignment.Left, 10);
    this.item.name = 'Helm Hooks values profile';
    this.item.command = selectValuesProfileCommand;
    this.subscriptions.push(window.onDidChangeActiveTextEditor((editor) => void this.follow(editor)));
  }

  /** The profiles of the shown chart and the active one, as the item last showed them. */
  get current(): ValuesProfilesResult | undefined {
    return this.shown;
  }

  /** Shows the profile of the editor's chart; hidden when it is in no chart. */
  async follow(editor: TextEditor | undefined = window.activeTextEditor): Promise<void> {
    if (!editor) {
      this.show(undefined);
      return;
    }
    const params: ValuesProfilesParams = { uri: editor.document.uri.toString() };
    try {
      this.show(await this.client.sendRequest<ValuesProfilesResult>(valuesProfilesRequest, params));
    } catch {
      this.show(undefined);
    }
  }

  /** The server says a chart's profiles changed: refresh the item if it shows that chart. */
  profilesChanged(chart: string): void {
    if (this.shown?.chart === chart) void this.follow();
  }

  /** The quick pick of the active editor's chart; `name` (from a test or a keybinding) chooses without asking. */
  async select(name?: string): Promise<void> {
    const editor = window.activeTextEditor;
    if (!editor) return;
    const uri = editor.document.uri.toString();
    const listed = await this.client.sendRequest<ValuesProfilesResult>(valuesProfilesRequest, { uri } satisfies ValuesProfilesParams);
    if (!listed.chart) {
      void window.showInformationMessage('Helm Hooks: this file is not part of a Helm chart.');
      return;
    }
    let profile = name;
    if (profile === undefined) {
      const picked = await window.showQuickPick(
        listed.profiles.map((item) => ({ label: item.name, description: item.description, picked: item.name === listed.active })),
        { title: `Values profile of ${listed.chartName ?? 'the chart'}`, placeHolder: `Shown now: ${listed.active}` },
      );
      profile = picked?.label;
    }
    if (profile === undefined) return;
    const params: SelectValuesProfileParams = { uri, profile };
    this.show(await this.client.sendRequest<ValuesProfilesResult>(selectValuesProfileRequest, params));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }

  private show(result: ValuesProfilesResult | undefined): void {
    this.shown = result?.chart ? result : undefined;
    if (!this.shown) {
      this.item.hide();
      return;
    }
    this.item.text = `$(symbol-variable) ${this.shown.active}`;
    this.item.tooltip = `Helm Hooks: ${this.shown.chartName ?? 'this chart'} is checked with the values of "${this.shown.active}" (${this.shown.profiles.length} profiles). Click to switch.`;
    this.item.show();
  }
}
