/**
 * Rule job-not-hook-immutable: a Job that is a normal resource of the release and has a fixed
 * name. Its pod template is immutable, so an upgrade that changes it fails.
 */
import type { ChartModel, Resource } from '../chart';
import { conditionsAt } from '../conditions';
import { isReleaseResource } from '../dependencies';
import { changingFunctions, isRootVariable } from '../objectNames';
import type { TemplateAction, TemplateToken } from '../template/scanner';
import { actionsIn, printsText } from '../yaml/values';
import type { Rule } from './rule';

/** The example: a Job with a fixed name; the fix is in its annotations. */
function migrateJob(...annotations: string[]): string {
  return [
    'kind: Job',
    'metadata:',
    '  name: db-migrate',
    ...annotations,
    'spec:',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
  ].join('\n');
}

export const jobNotHookImmutable: Rule = {
  id: 'job-not-hook-immutable',
  defaultSeverity: 'information',
  judges: 'resource',
  summary: 'Normal Job with a fixed name: upgrades fail once its pod template changes',
  rationale: [
    "A Job's `spec.template` is immutable. A Job that is a normal resource of the release is patched by `helm upgrade`, and any change to its pod template",
    '(a new image tag, a changed value) fails with `cannot patch … field is immutable` (apache/airflow#27561, apache/pulsar-helm-chart#67).',
    'Make it a hook with the `before-hook-creation` delete policy, so Helm deletes and recreates it, or put something that changes on every release in its name, such as `.Release.Revision`.',
  ].join(' '),
  example: {
    bad: migrateJob(),
    good: migrateJob('  annotations:', '    "helm.sh/hook": pre-upgrade', '    "helm.sh/hook-delete-policy": before-hook-creation'),
  },
  check(context) {
    const defines = defineBodies(context.chart);
    for (const resource of context.chart.resources) {
      if (resource.kind !== 'Job' || !resource.doc.name || !isReleaseResource(context.chart, resource) || installOnly(resource)) continue;
      const name = resource.doc.name;
      if (name.type === 'null' || name.type === 'map' || name.type === 'seq') continue;
      if (name.type === 'templated' && nameChanges(resource, defines) !== 'fixed') continue;
      context.report({
        file: resource.file.path,
        span: name.span,
        message: `Job "${resource.name}" is a normal resource with a fixed name, so "helm upgrade" fails with "field is immutable" once its pod template changes.`,
      });
    }
  },
};

type NameKind = 'fixed' | 'changes' | 'unknown';

/** Rendered only by `helm install` (`if .Release.IsInstall`, `if not .Release.IsUpgrade`): an upgrade removes it instead of patching it. */
function installOnly(resource: Resource): boolean {
  const isField = (text: string, name: string): boolean => text === `.Release.${name}` || text === `$.Release.${name}`;
  const requires = (text: string, name: string): boolean => isField(text, name) || (text.startsWith('and ') && text.split(/[\s()]+/).some((word) => isField(word, name)));
  return conditionsAt(resource.file, resource.doc.name!.span.start).some((condition) => (condition.negated ? isField(condition.text, 'IsUpgrade') : requires(condition.text, 'IsInstall')));
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
function nameChanges(resource: Resource, defines: Map<string, TemplateAction[]>): NameKind {
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
function classify(actions: readonly TemplateAction[], defines: Map<string, TemplateAction[]>, visiting: Set<string>, assignments?: (variable: string) => TemplateAction[]): NameKind {
  let result: NameKind = 'fixed';
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
