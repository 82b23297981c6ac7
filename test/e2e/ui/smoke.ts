/**
 * UI smoke test: what a user sees in the real workbench, driven through the DOM with playwright-core.
 * Opens a template, waits for the error squiggle, opens the quick-fix menu and applies the fix, opens
 * completion on a hook value, and shows the hover with the hook's place in the execution plan. Then opens the example
 * chart (examples/demo-chart, copied into the workspace) with the Explorer's plan view, and clicks a hook row, which
 * must open the hook's line. Last, on a chart with a ci/ values file, clicks the values-profile item in the status
 * bar and picks that profile from its list: the item and the plan view must follow; then opens a NOTES.txt, whose
 * template actions must be coloured apart from its text. Screenshots go to the folder the runner names
 * (test/e2e/screenshots/tmp).
 *
 * Selectors are VS Code 1.100's (code-server 4.100.3). Keystrokes sent right after the editor opens are
 * sometimes lost in the headless browser, so the two shortcuts that open widgets are retried (`pressUntil`);
 * the tests themselves are never retried.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

export interface UiSmokeSpec {
  /** Workspace-relative file to open (positions are computed from its text). */
  file: string;
  /** The text under the error squiggle that the preferred quick fix rewrites. */
  squiggleText: string;
  /** The quick-fix menu row to apply (substring of its label). */
  fixTitle: string;
  /** The text the fix writes in place of `squiggleText` (its first occurrence). */
  fixedText: string;
  /** Completion is opened right after the first occurrence of this text (in the fixed document). */
  completionAfter: string;
  /** A label the completion list must show there. */
  completionLabel: string;
}

export interface UiResult {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
}

export interface UiSmokeOptions {
  page: Page;
  baseUrl: string;
  /** Loaded as the extension under development (the workbench `payload`), as in the extension-host suite. */
  extensionPath: string;
  workspace: string;
  screenshotDir: string;
  spec?: UiSmokeSpec;
  record: (result: UiResult) => void;
}

/** The default target: the chart in test/e2e/workspace that exists for this test. */
export const defaultSpec: UiSmokeSpec = {
  file: 'ui/templates/smoke-job.yaml',
  squiggleText: 'pre-instal',
  fixTitle: 'Change to "pre-install"',
  fixedText: 'pre-install',
  completionAfter: 'pre-install,',
  completionLabel: 'post-install',
};

/** The plan view's part: the example chart, the file opened first, and the hook row clicked with the line it must open. */
const planChart = 'examples/demo-chart';
const planFile = 'smoke-test-pod.yaml';
const planRow = { label: 'ConfigMap release-name-demo-chart-setup-script', file: 'setup-hooks.yaml', line: '"helm.sh/hook": pre-install,pre-upgrade' };

export async function runUiSmoke(options: UiSmokeOptions): Promise<void> {
  const { page, screenshotDir } = options;
  const spec = options.spec ?? defaultSpec;
  // The example chart is in the workspace before the workbench lists it (the bundle runs from .e2e/out/ui/).
  const demo = path.join(options.workspace, path.basename(planChart));
  if (!fs.existsSync(demo)) fs.cpSync(path.resolve(__dirname, '../../..', planChart), demo, { recursive: true });
  const text = fs.readFileSync(path.join(options.workspace, spec.file), 'utf8');
  const shot = async (name: string) => {
    // Widgets fade in; a screenshot taken mid-animation shows them half transparent.
    await page.waitForFunction('document.getAnimations().every((a) => a.playState !== "running")', undefined, { timeout: 5_000 }).catch(() => undefined);
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  };
  const step = async (title: string, body: () => Promise<void>) => {
    try {
      await body();
      options.record({ title, state: 'passed' });
    } catch (error) {
      options.record({ title, state: 'failed', error: String((error as Error)?.message ?? error) });
      await shot(`failed-${title.replace(/\W+/g, '-')}`).catch(() => undefined);
      throw error;
    }
  };

  await page.setViewportSize({ width: 900, height: 420 });
  await step('workbench opens the workspace', async () => {
    const payload = [['extensionDevelopmentPath', `vscode-remote://${new URL(options.baseUrl).host}${options.extensionPath}`]];
    await page.goto(`${options.baseUrl}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 30_000 });
  });

  await step(`template ${path.basename(spec.file)} opens in the Helm language mode`, async () => {
    await pressUntil(page, 'Control+P', page.locator('.quick-input-widget input'));
    await page.keyboard.type(path.basename(spec.file));
    // Enter before the row is listed opens nothing.
    await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${path.basename(spec.file)}"]`).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await expectAttribute(page.locator('#status\\.editor\\.mode'), 'aria-label', /Helm/);
    // Screenshots show the editor alone: smaller files for the README.
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  });

  await step('error squiggle under the unknown event', async () => {
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await expectAttribute(page.locator('#status\\.problems'), 'aria-label', /Errors: [1-9]/);
    await shot('1-squiggle');
  });

  const fixed = text.replace(spec.squiggleText, spec.fixedText);
  await step('quick-fix menu lists the fix and applying it removes the squiggle', async () => {
    const at = text.indexOf(spec.squiggleText);
    await goTo(page, text, at + 1);
    const row = page.locator('.action-widget .monaco-list-row', { hasText: spec.fixTitle }).first();
    await pressUntil(page, 'Control+Period', row);
    // A click lands on the context view's pointer block, so the row is chosen with the keyboard.
    await focusRow(page, page.locator('.action-widget .monaco-list-row.action.focused'), spec.fixTitle);
    await shot('2-quick-fix-menu');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 20_000 });
    const fixedLine = lineAt(fixed, at).trim();
    const shown = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    if (!shown.includes(fixedLine)) throw new Error(`editor does not show '${fixedLine}':\n${shown}`);
  });

  await step(`completion on a hook value offers ${spec.completionLabel}`, async () => {
    const at = fixed.indexOf(spec.completionAfter);
    if (at < 0) throw new Error(`'${spec.completionAfter}' is not in the fixed ${spec.file}`);
    await goTo(page, fixed, at + spec.completionAfter.length);
    const rows = page.locator('.suggest-widget.visible .monaco-list-row');
    await pressUntil(page, 'Control+Space', rows.first());
    // A side bar wide enough for the rows' descriptions: its edge dragged to the right.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + 620, sidebar.y + sidebar.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    const labels: string[] = [];
    for (const row of await rows.all()) labels.push((await row.getAttribute('aria-label')) ?? '');
    if (!labels.some((l) => l.startsWith(spec.completionLabel))) throw new Error(`completion shows ${JSON.stringify(labels)}`);
    await shot('3-completion');
    await page.keyboard.press('Escape');
    await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
  });

  await step('hover on the fixed event shows where the hook runs', async () => {
    await goTo(page, fixed, fixed.indexOf(spec.fixedText) + 1);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Where it runs' });
    await pressUntil(page, ['Control+K', 'Control+I'], hover);
    // The pointer resting on the hover keeps it from fading out for the screenshot.
    await hover.hover();
    await shot('4-hover');
    await page.keyboard.press('Escape');
  });

  const planView = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Helm Hook Plan' }) });
  const planRows = planView.locator('.monaco-list-row');
  await step('the plan view shows the example chart\'s phases', async () => {
    await page.setViewportSize({ width: 1200, height: 640 });
    await quickOpen(page, planFile);
    await pressUntil(page, 'F1', page.locator('.quick-input-widget input'));
    await page.keyboard.type('Focus on Helm Hook Plan View');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Helm Hook Plan' }).first().waitFor();
    await page.keyboard.press('Enter');
    await planRows.filter({ hasText: planRow.label }).first().waitFor({ timeout: 30_000 });
    // Only the plan in the side bar: the folder tree above it is collapsed.
    const folders = page.locator('.pane-header[aria-expanded="true"]', { hasNotText: 'Helm Hook Plan' });
    for (const header of await folders.all()) await header.click();
    // A side bar wide enough for the rows' descriptions: its edge dragged to the right.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + 620, sidebar.y + sidebar.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    const labels: string[] = [];
    for (const row of await planRows.all()) labels.push(await row.locator('.label-name').first().innerText());
    for (const phase of ['install', 'pre-install', 'post-install', 'upgrade', 'rollback', 'uninstall', 'test']) if (!labels.includes(phase)) throw new Error(`the plan view shows no ${phase}: ${JSON.stringify(labels)}`);
    await page.mouse.move(0, 0);
    await shot('5-plan-view');
  });

  await step('a click on a hook row opens its line', async () => {
    await planRows.filter({ hasText: planRow.label }).first().click();
    await expectAttribute(page.locator('.tabs-container .tab.active'), 'aria-label', new RegExp(planRow.file.replace('.', '\\.')));
    // The status bar names the cursor's line: the first line of the file that reads `planRow.line`.
    const lines = fs.readFileSync(path.join(demo, 'templates', planRow.file), 'utf8').split('\n');
    const expected = lines.findIndex((line) => line.trim() === planRow.line) + 1;
    if (expected === 0) throw new Error(`${planRow.file} has no line '${planRow.line}'`);
    await expectAttribute(page.locator('#status\\.editor\\.selection'), 'aria-label', new RegExp(`^Ln ${expected}, Col 1\\b`));
  });

  // The e2e chart `profiles` (test/e2e/workspace/charts/profiles) turns its migration Job on only in ci/migrate-values.yaml.
  const profileItem = page.locator('.statusbar-item', { has: page.locator('.codicon-symbol-variable') });
  await step('the status bar shows the values profile; its quick pick switches the plan to another', async () => {
    await page.setViewportSize({ width: 1000, height: 460 });
    await quickOpen(page, profilesFile);
    await expectText(profileItem, /^\s*default\s*$/);
    await planView.locator('.pane-header', { hasText: 'profiles' }).waitFor({ timeout: 30_000 });
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: migrateProfile });
    for (let i = 1; !(await row.first().isVisible()); i++) {
      await profileItem.click();
      await row.first().waitFor({ timeout: 5_000 }).catch((error: Error) => {
        if (i >= 4) throw error;
      });
    }
    await page.mouse.move(0, 0);
    await shot('6-values-profile');
    await focusRow(page, page.locator('.quick-input-list .monaco-list-row.focused'), migrateProfile);
    await page.keyboard.press('Enter');
    await expectText(profileItem, new RegExp(`^\\s*${migrateProfile.replace(/[./]/g, '\\$&')}\\s*$`));
    await planRows.filter({ hasText: 'Job release-name-migrate' }).first().waitFor({ timeout: 30_000 });
  });

  // The e2e chart `notes`: its NOTES.txt begins "Thanks for installing {{ .Chart.Name }}.".
  await step('NOTES.txt opens in the Helm NOTES mode, its actions coloured apart from its text', async () => {
    await quickOpen(page, 'NOTES.txt');
    await expectAttribute(page.locator('#status\\.editor\\.mode'), 'aria-label', /NOTES/);
    const line = page.locator('.monaco-editor .view-line', { hasText: 'Thanks for installing' }).first();
    // Each token is a span whose class names its colour; the grammar's tokens may arrive after the text.
    const colourOf = async (text: string) => line.locator('span > span', { hasText: text }).first().getAttribute('class');
    const deadline = Date.now() + 20_000;
    let colours: (string | null)[] = [];
    while (Date.now() < deadline) {
      colours = [await colourOf('Thanks'), await colourOf('Chart')];
      if (colours[0] && colours[1] && colours[0] !== colours[1]) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the text and the action of NOTES.txt have the same colour: ${JSON.stringify(colours)}`);
  });
}

/** A file of the `profiles` chart (its only file of that name in the workspace) and the profile the step picks. */
const profilesFile = 'settings-hook.yaml';
const migrateProfile = 'ci/migrate-values.yaml';

/** Waits until the locator's text matches. */
async function expectText(locator: Locator, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let text: string | null = null;
  while (Date.now() < deadline) {
    text = await locator.first().innerText({ timeout: timeoutMs }).catch(() => null);
    if (text !== null && pattern.test(text)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${locator} shows ${JSON.stringify(text)}, not ${pattern}`);
}

/** Opens a workspace file by name with Quick Open (Ctrl+P). */
async function quickOpen(page: Page, name: string): Promise<void> {
  await pressUntil(page, 'Control+P', page.locator('.quick-input-widget input'));
  await page.keyboard.type(name);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Moves the caret with Go to Line (Ctrl+G `line:column`), computed from the text. */
async function goTo(page: Page, text: string, offset: number): Promise<void> {
  const before = text.slice(0, offset).split('\n');
  const target = `${before.length}:${before[before.length - 1].length + 1}`;
  await pressUntil(page, 'Control+G', page.locator('.quick-input-widget input'));
  await page.keyboard.type(target);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Moves the list focus down until the focused row's label contains `label`. */
async function focusRow(page: Page, focused: Locator, label: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const current = (await focused.getAttribute('aria-label', { timeout: 5_000 })) ?? '';
    if (current.includes(label)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no quick-fix row contains ${label}`);
}

/** Presses a shortcut until `shows` is visible (a keystroke can be lost while the workbench is busy). */
async function pressUntil(page: Page, keys: string | string[], shows: Locator, tries = 4): Promise<void> {
  for (let i = 1; ; i++) {
    for (const key of Array.isArray(keys) ? keys : [keys]) await page.keyboard.press(key);
    try {
      await shows.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (error) {
      if (i >= tries) throw new Error(`${keys} did not show ${shows}: ${(error as Error).message}`);
      console.log(`      (retrying ${keys}: the keystroke was lost)`);
    }
  }
}

async function expectAttribute(locator: Locator, name: string, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value: string | null = null;
  while (Date.now() < deadline) {
    value = await locator.getAttribute(name, { timeout: timeoutMs }).catch(() => null);
    if (value !== null && pattern.test(value)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${locator} ${name}=${JSON.stringify(value)} does not match ${pattern}`);
}
