/**
 * Whether a resource's templated name changes between releases (`.Release.Revision`, `now`,
 * random functions), stays fixed, or cannot be told (an unknown helper, a variable, `tpl`).
 * Follows `include`/`template` into the chart's `define` bodies and `$variables` into their
 * assignments earlier in the same file.
 */
import type { ChartModel, Resource } from '../model/chart';
import { changingFunctions, isRootVariable } from './objectNames';
import type { TemplateAction, TemplateToken } from '../template/scanner';
import { actionsIn, printsText } from '../yaml/values';

export type NameStability = 'fixed' | 'changes' | 'unknown';

/** How each resource's templated name behaves across releases; the chart's helpers are collected once. */
export function nameStability(chart: ChartModel): (resource: Resource) => NameStability {
  const defines = defineBodies(chart);
  return (resource) => nameChanges(resource, defines);
}

/** Every `define` body of the chart and its subcharts, by template name. */
function defineBodies(chart: ChartModel): Map<string, TemplateAction[]> {
  const bodies = new Map<string, TemplateAction[]>();
  for (const file of chart.files) {
    for (const block of file.scan.blocks) {
      if (block.kind !== 'define' || !block.name || block.end < 0) continue;
      bodies.set(block.name, file.scan.actions.slice(block.open + 1, block.end));
    }
  }
  return bodies;
}

/** Whether a templated name changes between releases, stays fixed, or cannot be told (unknown helper, variable, `tpl`). */
function nameChanges(resource: Resource, defines: Map<string, TemplateAction[]>): NameStability {
  const span = resource.doc.name!.span;
  const all = resource.file.scan.actions;
  const actions = actionsIn(all, span.start, span.end).filter(printsText);
  // A variable in the manifest is resolved from its assignments earlier in the same file.
  const assignments = (variable: string): TemplateAction[] => all.filter((action) => action.span.end <= span.start && action.kind === 'assignment' && action.tokens[0]?.text === variable);
  return classify(actions, defines, new Set(), assignments);
}

/**
 * `assignments` resolves a `$variable` of the manifest itself; inside a helper's body the
 * assignments are part of the body and already classified, so there it is undefined.
 */
function classify(actions: readonly TemplateAction[], defines: Map<string, TemplateAction[]>, visiting: Set<string>, assignments?: (variable: string) => TemplateAction[]): NameStability {
  let result: NameStability = 'fixed';
  for (const action of actions) {
    const tokens = action.tokens;
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index];
      if (token.kind === 'identifier' && changingFunctions.has(token.text)) return 'changes';
      if ((token.kind === 'field' || token.kind === 'variable') && /(^|\.)Release\.Revision\b/.test(token.text)) return 'changes';
      if (token.kind === 'identifier' && token.text === 'tpl') result = 'unknown';
      const reference = referenceAt(tokens, index, defines, assignments);
      if (reference === 'unnamed') result = 'unknown';
      // A variable or helper already being classified adds nothing new (a cycle).
      if (typeof reference !== 'object' || visiting.has(reference.key)) continue;
      if (!reference.actions) {
        result = 'unknown';
        continue;
      }
      visiting.add(reference.key);
      const inner = classify(reference.actions, defines, visiting, reference.assignments);
      visiting.delete(reference.key);
      if (inner === 'changes') return 'changes';
      if (inner === 'unknown') result = 'unknown';
    }
  }
  return result;
}

interface Reference {
  /** The variable (`$name`) or the helper's name. */
  readonly key: string;
  /** What it prints: the variable's assigned expressions, or the helper's body; undefined when not found. */
  readonly actions?: readonly TemplateAction[];
  readonly assignments?: (variable: string) => TemplateAction[];
}

/**
 * What `classify` must look into at `tokens[index]`: a `$variable` of the manifest, or the
 * helper an `include`/`template` names; `unnamed` when the helper's name is not a string.
 */
function referenceAt(tokens: readonly TemplateToken[], index: number, defines: Map<string, TemplateAction[]>, assignments?: (variable: string) => TemplateAction[]): Reference | 'unnamed' | undefined {
  const token = tokens[index];
  if (token.kind === 'variable' && assignments && !isRootVariable(token.text)) {
    const variable = token.text.split('.')[0];
    const sources = assignments(variable);
    // The assignment's expression: its tokens after the variable.
    return { key: variable, actions: sources.length > 0 ? sources.map((source) => ({ ...source, tokens: source.tokens.slice(1) })) : undefined, assignments };
  }
  if (token.kind !== 'identifier' || (token.text !== 'include' && token.text !== 'template')) return undefined;
  const nameToken = tokens[index + 1];
  const helper = nameToken && (nameToken.kind === 'string' || nameToken.kind === 'rawString') ? nameToken.value : undefined;
  return helper === undefined ? 'unnamed' : { key: helper, actions: defines.get(helper) };
}
