/**
 * Hover for hook annotations: what Helm really does with the key, with each event or policy
 * in a list, and with the weight as Helm parses it; for a hook, where it runs in each phase.
 */
import type { ChartModel } from '../model/chart';
import { chartFacts, type ChartFacts } from '../api/facts';
import { deletePolicyDoc, eventDoc, keyDocs, outputLogPolicyDoc } from '../helm/hookDocs';
import { canonicalEvent, deletePolicyKey, hookKey, hookKeys, nearestHookKey, outputLogPolicyKey, parseWeight, resourcePolicyKey, weightKey } from '../helm/hooks';
import { splitList } from '../helm/listValue';
import type { AnnotationEntry } from '../model/model';
import { codeSpan, escapeMarkdown } from '../text/markdown';
import { placementsIn } from '../semantics/placement';
import type { ExecutionPlan } from '../semantics/plan';
import type { TemplateAction } from '../template/scanner';
import type { Span } from '../types';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

/**
 * Hover at `offset` of `file`. Hover is a convenience: odd input gives nothing, never an error.
 * `rendered` is the rendered plan of this chart state, when the caller has it: a hook's place
 * then comes from Helm's order of its rendered names (`placementsIn`).
 */
export function hoverIn(facts: ChartFacts, file: string, offset: number, rendered?: ExecutionPlan): HoverResult | undefined {
  try {
    const chart = facts.model;
    const result = hover(chart, file, offset);
    if (!result || !result.showsPlacement) return result && { markdown: result.markdown, span: result.span };
    const found = placementsIn(facts, file, offset, rendered);
    if (found.length === 0) return { markdown: result.markdown, span: result.span };
    const order = ['**Where it runs** (Helm sorts each event\'s hooks by weight, then name, then kind):', ...found.map((placement) => `- ${placement.text}`)].join('\n');
    return { markdown: `${result.markdown}\n\n${order}`, span: result.span };
  } catch {
    return undefined;
  }
}

/** The same hover on a chart model the caller already built. */
export function getHoverInChart(chart: ChartModel, file: string, offset: number): HoverResult | undefined {
  return hoverIn(chartFacts(chart), file, offset);
}

type Placement = 'metadata' | 'pod-template' | 'values' | 'argument';

interface Located {
  readonly entry: AnnotationEntry;
  readonly text: string;
  readonly actions: readonly TemplateAction[];
  readonly placement: Placement;
  readonly isHookResource: boolean;
}

interface PartialHover extends HoverResult {
  /** The hover is about the hook itself (its hook key, events or weight), so its place in the plan belongs there. */
  readonly showsPlacement: boolean;
}

function hover(chart: ChartModel, file: string, offset: number): PartialHover | undefined {
  const found = locate(chart, file, offset);
  if (!found) return undefined;
  const { entry } = found;
  const onHook = found.isHookResource && (found.placement === 'metadata' || found.placement === 'argument') && (entry.key === hookKey || entry.key === weightKey);
  const result = within(entry.keySpan, offset) ? keyHover(found) : within(entry.value.span, offset) ? valueHover(found, offset) : undefined;
  return result && { ...result, showsPlacement: onHook };
}

function keyHover(found: Located): HoverResult | undefined {
  const { entry } = found;
  const span = entry.keySpan;
  if (entry.key === resourcePolicyKey && found.isHookResource) {
    return { span, markdown: `**${resourcePolicyKey}** does not apply to hooks: Helm reads it only for the release's normal objects. Hooks are never deleted by \`helm uninstall\` anyway; only their delete policy removes them.` };
  }
  if (!hookKeys.includes(entry.key)) {
    const meant = nearestHookKey(entry.key);
    if (!meant) return undefined;
    return { span, markdown: `Helm matches annotation keys exactly, so **${escapeMarkdown(entry.key)}** is ignored. Did you mean ${codeSpan(meant)}?` };
  }
  return { span, markdown: [`**${escapeMarkdown(entry.key)}**`, where(found), keyDocs[entry.key]].filter((part) => part !== '').join('\n\n') };
}

function valueHover(found: Located, offset: number): HoverResult | undefined {
  const { entry } = found;
  const note = where(found);
  if (entry.key === weightKey) return { span: entry.value.span, markdown: [weightText(entry), note].filter((part) => part !== '').join('\n\n') };
  if (entry.key !== hookKey && entry.key !== deletePolicyKey && entry.key !== outputLogPolicyKey) return undefined;
  const type = entry.value.type;
  if (type !== 'string' && type !== 'templated' && type !== 'null') {
    return { span: entry.value.span, markdown: `Annotation values must be strings; Kubernetes rejects this ${escapeMarkdown(type)} value when it builds the object.` };
  }
  const list = splitList(entry.value, found.text, found.actions);
  const token = list.tokens.find((candidate) => within(candidate.rawSpan, offset));
  if (!token) return undefined;
  // The trimmed token, unless it is empty or the cursor sits in the blanks around it (then the whole raw token).
  const span = token.span.end > token.span.start && within(token.span, offset) ? token.span : token.rawSpan;
  let text: string;
  if (token.partial) text = 'A template prints this part; Helm reads the rendered text the same way (split on commas, trimmed, lower-cased).';
  else if (entry.key === hookKey) text = eventText(token.normalized);
  else if (entry.key === deletePolicyKey) text = deletePolicyDoc(token.normalized) ?? unknownDeletePolicy(token.normalized);
  else text = outputLogPolicyDoc(token.normalized) ?? (token.normalized === '' ? 'An empty output-log policy prints nothing.' : `Helm does not know the output-log policy ${codeSpan(token.normalized)} and ignores it. Known: \`hook-succeeded\`, \`hook-failed\`.`);
  return { span, markdown: [text, note].filter((part) => part !== '').join('\n\n') };
}

function eventText(token: string): string {
  if (token === '') return '**Empty event**: Helm treats an empty token as an unknown event and **skips the whole resource** — it is neither run as a hook nor installed.';
  const event = canonicalEvent(token);
  if (!event) return `Helm does not know the event ${codeSpan(token)}, so it **skips the whole resource** — it is neither run as a hook nor installed; Helm only logs \`skipping unknown hook\`.`;
  return eventDoc(token === 'test-success' ? token : event) ?? '';
}

function unknownDeletePolicy(token: string): string {
  if (token === '') return 'An empty delete policy still counts as set: it **replaces the default `before-hook-creation`**, so nothing deletes this hook.';
  return `Helm does not know the delete policy ${codeSpan(token)}: it matches nothing, and because a policy is set it **replaces the default \`before-hook-creation\`**.`;
}

function weightText(entry: AnnotationEntry): string {
  const value = entry.value;
  const atoi = 'Helm parses the weight with `strconv.Atoi`';
  switch (value.type) {
    case 'templated':
      return `A template prints this weight. ${atoi} after rendering: an optional sign and digits, nothing else; anything else becomes **0**.`;
    case 'null':
      return `An empty weight: ${atoi}, which fails, so the weight is **0**.`;
    case 'int':
    case 'float':
    case 'bool': {
      const quoteIt = `Kubernetes rejects a non-string annotation value when the hook runs — quote it: ${codeSpan(`"${value.source}"`)}.`;
      // Helm turns the YAML number or bool back into text, as Go formats it, before strconv.Atoi.
      const helmText = value.value ?? value.source;
      const weight = parseWeight(helmText) ?? 0;
      const what = value.type === 'bool' ? 'a boolean' : 'a number';
      const reads = helmText === value.source ? `YAML reads ${codeSpan(value.source)} as ${what}` : `YAML reads ${codeSpan(value.source)} as ${what}, which Helm turns back into the text ${codeSpan(helmText)}`;
      const parse = parseWeight(helmText) === undefined ? `${atoi}, which fails on it, so the weight is **0**` : `Helm's own parse gives weight **${weight}**`;
      const quotedWeight = parseWeight(value.source) ?? 0;
      const quoted = quotedWeight === weight ? '' : ` (quoted, the text ${codeSpan(value.source)} is weight **${quotedWeight}**)`;
      return `${reads}. ${parse}, but ${quoteIt.replace(/\.$/, '')}${quoted}.`;
    }
    case 'string': {
      const text = value.value ?? '';
      const parsed = parseWeight(text);
      if (parsed === undefined) return `${atoi}, which fails on ${codeSpan(JSON.stringify(text))} (it allows only a sign and digits, no spaces), so Helm uses weight **0** — silently.`;
      return `Helm reads this weight as **${parsed}**. Lower weights run first within each event; equal weights are ordered by \`metadata.name\`.`;
    }
    default:
      return `A ${escapeMarkdown(value.type)} is not a valid annotation value; Helm's parse fails and the weight would be **0**.`;
  }
}

/** A line about where the annotation sits, when that changes what Helm does with it. */
function where(found: Located): string {
  if (found.placement === 'pod-template') return '⚠ This is the **pod template\'s** metadata: Helm reads hook annotations only from the resource\'s top-level `metadata.annotations`, so this one is ignored.';
  if (found.placement === 'values') return 'Set in values: it acts only when a template prints it into a resource\'s top-level `metadata.annotations`.';
  if (!found.isHookResource && found.entry.key !== hookKey) return 'This resource has no `helm.sh/hook`, so it is not a hook and this annotation does nothing.';
  return '';
}

function locate(chart: ChartModel, file: string, offset: number): Located | undefined {
  const candidates: Located[] = [];
  for (const resource of chart.resources) {
    if (resource.file.path !== file) continue;
    const base = { text: resource.file.text, actions: resource.file.scan.actions, isHookResource: resource.hook !== undefined };
    for (const entry of resource.annotations) candidates.push({ ...base, entry, placement: entry.origin === 'yaml' ? 'metadata' : 'argument' });
    for (const entry of resource.doc.podSpec?.templateMetadata?.annotations?.entries ?? []) candidates.push({ ...base, entry, placement: 'pod-template' });
  }
  for (const template of chart.files) {
    if (template.path !== file) continue;
    for (const entry of template.looseArgumentAnnotations) candidates.push({ entry, text: template.text, actions: template.scan.actions, placement: 'argument', isHookResource: true });
  }
  for (const values of chart.valuesFiles) {
    if (values.path !== file) continue;
    for (const entry of values.hookEntries) candidates.push({ entry, text: values.text, actions: [], placement: 'values', isHookResource: true });
  }
  return candidates.find((candidate) => within(candidate.entry.keySpan, offset) || within(candidate.entry.value.span, offset));
}

function within(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
