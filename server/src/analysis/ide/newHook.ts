/**
 * "New hook" completions: on an empty line at column 0 of a template under templates/, where a
 * new document may start, a migration Job for each event set chart authors use for migrations.
 * The snippet names objects with the chart's own helpers (`<x>.fullname`, `<x>.labels`,
 * `<x>.serviceAccountName`) when the chart calls them with its context, and leaves out what
 * the chart lacks; its weight puts the Job after the hooks the chart already runs in those phases.
 */
import type { ChartFacts } from '../api/facts';
import type { TemplateFile } from '../model/model';
import type { Span } from '../types';

export interface NewHookEntry {
  readonly label: string;
  /** VS Code snippet syntax (`${1:default}`); the Go template text in it has no `$` or `}` to escape. */
  readonly snippet: string;
  readonly replaceSpan: Span;
  /** One line: when the event set fits and why the weight. */
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
}

interface EventSet {
  readonly events: readonly string[];
  readonly note: string;
  /** The chart's ServiceAccount exists when the Job first runs (not before pre-install: it is created after those hooks). */
  readonly serviceAccountExists: boolean;
}

const migrationEventSets: readonly EventSet[] = [
  {
    events: ['pre-install', 'pre-upgrade'],
    note: 'migrates before any resource of the release is created or changed; the database must live outside this release',
    serviceAccountExists: false,
  },
  {
    events: ['post-install', 'pre-upgrade'],
    note: 'on install migrates once the release (and a database it deploys) is created, on upgrade before the new version rolls out',
    serviceAccountExists: true,
  },
  {
    events: ['post-install', 'post-upgrade'],
    note: 'migrates after the release is applied, on install and upgrade; the new version must run on the old schema until the Job ends',
    serviceAccountExists: true,
  },
];

/** The chart's helpers a new hook can call with the chart's context, by role. */
export interface ChartHelpers {
  readonly fullname?: string;
  readonly labels?: string;
  readonly serviceAccountName?: string;
}

/** New-hook items at `offset` of `file`, or none when the cursor is not where a new document may start. */
export function newHookCompletions(facts: ChartFacts, file: TemplateFile, offset: number): NewHookEntry[] {
  const place = newDocumentAt(file, offset);
  if (!place) return [];
  const helpers = helpersOfChart(facts, file);
  return migrationEventSets.map((set) => {
    const weight = weightAfter(facts, set.events);
    const body = migrationJob(helpers, set, weight.value);
    const events = set.events.join(',');
    return {
      label: `New hook: migration Job (${events})`,
      snippet: place.lead + body,
      replaceSpan: place.replaceSpan,
      detail: `${events}: ${set.note}`,
      documentation: documentationOf(helpers, set, weight.reason),
    };
  });
}

/** Where a new document may start at `offset` of a chart's template (not a partial): the text to put first and the span replaced. */
export function newDocumentAt(file: TemplateFile, offset: number): { lead: string; replaceSpan: Span } | undefined {
  if (chartPrefixOf(file.path) === undefined || file.isPartial || !/\.(ya?ml|tpl)$/.test(file.path)) return undefined;
  return insertionAt(file.masked, offset);
}

/** The helpers of the chart (or subchart) that `file` belongs to. */
export function helpersOfChart(facts: ChartFacts, file: TemplateFile): ChartHelpers {
  const prefix = chartPrefixOf(file.path) ?? '';
  const chartName = prefix === '' ? facts.model.name : prefix.slice(prefix.lastIndexOf('/', prefix.length - 2) + 1, -1);
  return chartHelpers(facts.model.files.filter((candidate) => chartPrefixOf(candidate.path) === prefix), chartName);
}

/** `templates/` of the root chart gives ''; `charts/sub/templates/` gives `charts/sub/`; anything else undefined. */
function chartPrefixOf(path: string): string | undefined {
  const match = /^((?:charts\/[^/]+\/)*)templates\//.exec(path);
  return match ? match[1] : undefined;
}

/**
 * Where a whole document can go: a line that holds at most a word typed from column 0 up to
 * the cursor (editors ask for completions as the first letter is typed), with only a `---`
 * separator (or nothing) above it in its document, and nothing or a separator below. At the
 * end of a file after other documents, the snippet starts with its own separator.
 */
function insertionAt(masked: string, offset: number): { lead: string; replaceSpan: Span } | undefined {
  if (offset < 0 || offset > masked.length) return undefined;
  const lineStart = masked.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = masked.indexOf('\n', offset);
  // A word typed so far: letters, and the hyphens of snippet prefixes (`helm-hook-…`), never a `---` separator.
  if (!/^([A-Za-z][A-Za-z-]*)?$/.test(masked.slice(lineStart, offset)) || masked.slice(offset, lineEnd < 0 ? masked.length : lineEnd).trim() !== '') return undefined;
  const before = masked.slice(0, lineStart).trimEnd();
  const after = masked.slice(offset).trim();
  const replaceSpan = { start: lineStart, end: offset };
  if (before === '' || /(^|\n)---[ \t]*$/.test(before)) return after === '' || /^---(\s|$)/.test(after) ? { lead: '', replaceSpan } : undefined;
  return after === '' ? { lead: '---\n', replaceSpan } : undefined;
}

/**
 * The helpers of one chart, from its `define` names: `<x>.fullname` with a single-word `<x>`
 * (the chart's name first, else the only one), and `<x>.labels` / `<x>.serviceAccountName` of
 * the same `<x>`. A helper counts only when the chart calls it with its context (`.` or `$`):
 * some charts' helpers take a dict instead, and calling those with `.` fails to render.
 */
export function chartHelpers(files: readonly TemplateFile[], chartName: string): ChartHelpers {
  const defined = new Set<string>();
  const calledWithContext = new Set<string>();
  for (const file of files) {
    for (const block of file.scan.blocks) if (block.kind === 'define' && block.name) defined.add(block.name);
    for (const action of file.scan.actions) {
      const tokens = action.tokens;
      for (let index = 0; index + 2 < tokens.length; index++) {
        const [call, name, argument] = [tokens[index], tokens[index + 1], tokens[index + 2]];
        if (call.kind !== 'identifier' || (call.text !== 'include' && call.text !== 'template')) continue;
        if ((name.kind !== 'string' && name.kind !== 'rawString') || name.value === undefined) continue;
        if (argument.text === '.' || argument.text === '$') calledWithContext.add(name.value);
      }
    }
  }
  const usable = (name: string): boolean => defined.has(name) && calledWithContext.has(name);
  const owners = [...defined].map((name) => /^([^.]+)\.fullname$/.exec(name)?.[1]).filter((owner): owner is string => owner !== undefined && usable(`${owner}.fullname`));
  const owner = owners.includes(chartName) ? chartName : owners.length === 1 ? owners[0] : undefined;
  if (owner === undefined) return {};
  const role = (suffix: string): string | undefined => (usable(`${owner}.${suffix}`) ? `${owner}.${suffix}` : undefined);
  return { fullname: `${owner}.fullname`, labels: role('labels'), serviceAccountName: role('serviceAccountName') };
}

/** One more than the highest literal weight of the chart's hooks in any of `events`, else 0. */
function weightAfter(facts: ChartFacts, events: readonly string[]): { value: number; reason: string } {
  const weights = facts.model.hooks
    .filter((hook) => hook.hook && !hook.hook.dropped && hook.hook.weight !== undefined && hook.hook.knownEvents?.some((event) => events.includes(event)))
    .map((hook) => hook.hook!.weight!);
  const phases = events.join(' or ');
  if (weights.length === 0) return { value: 0, reason: `weight 0: the chart runs no other hook in ${phases}` };
  const highest = Math.max(...weights);
  const hooks = weights.length === 1 ? `the hook the chart already runs in ${phases} (weight ${highest})` : `the ${weights.length} hooks the chart already runs in ${phases} (highest weight ${highest})`;
  return { value: highest + 1, reason: `weight ${highest + 1}: after ${hooks}, which may create what the migration reads` };
}

function migrationJob(helpers: ChartHelpers, set: EventSet, weight: number): string {
  const name = helpers.fullname
    ? `{{ printf "%s-\${1:migrate}" (include "${helpers.fullname}" .) | trunc 63 | trimSuffix "-" }}`
    : `{{ .Release.Name }}-\${1:migrate}`;
  const lines = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', `  name: ${name}`];
  if (helpers.labels) lines.push('  labels:', `    {{- include "${helpers.labels}" . | nindent 4 }}`);
  lines.push(
    '  annotations:',
    `    "helm.sh/hook": ${set.events.join(',')}`,
    `    "helm.sh/hook-weight": "${weight}"`,
    '    "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded',
    'spec:',
    '  backoffLimit: ${2:3}',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
  );
  if (helpers.serviceAccountName && set.serviceAccountExists) lines.push(`      serviceAccountName: {{ include "${helpers.serviceAccountName}" . }}`);
  lines.push('      containers:', '        - name: ${1:migrate}', '          image: ${3:IMAGE}', '          command: [${4:"./migrate"}]$0', '');
  return lines.join('\n');
}

function documentationOf(helpers: ChartHelpers, set: EventSet, weightReason: string): string {
  const notes = [`A migration Job run on \`${set.events.join(',')}\`: ${set.note}.`, `${capitalised(weightReason)}.`];
  notes.push(helpers.fullname ? `Named with the chart's \`${helpers.fullname}\`.` : 'The chart has no `fullname` helper it calls with its context, so the name starts with the release name.');
  if (!helpers.labels) notes.push('No labels: the chart has no `labels` helper it calls with its context.');
  if (!helpers.serviceAccountName) notes.push('No `serviceAccountName`: the chart has no `serviceAccountName` helper it calls with its context.');
  else if (!set.serviceAccountExists) notes.push(`No \`serviceAccountName\`: on install the chart's ServiceAccount is created only after pre-install hooks, so a pod naming it could not start.`);
  return notes.join('\n\n');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
