/**
 * How the dependency rules name the objects a hook needs: kind and name as written, with the
 * file and line where the chart writes them. Their fixes' edits are in dependencyEdits.ts.
 */
import type { Resource } from '../../model/chart';
import type { HookDependency } from '../../semantics/dependencies';
import { createLineIndex } from '../../text/lineIndex';
import { resourceLabel } from './hookResources';

/** `Secret "db-password"` — the kind and name as written (template text for templated names). */
export function label(resource: Resource): string {
  return resourceLabel(resource, 'as-written');
}

/** `templates/secret.yaml:4` for an offset in the resource's file. */
export function where(resource: Resource, offset: number): string {
  return `${resource.file.path}:${createLineIndex(resource.file.text).positionAt(offset).line + 1}`;
}

/** `Secret "db-password" (templates/secret.yaml:4)`. */
export function located(resource: Resource, offset: number): string {
  return `${label(resource)} (${where(resource, offset)})`;
}

/** The object a hook needs, located where the hook's reference finds it; a binding also says why the hook needs it. */
export function neededObject(dependency: HookDependency): string {
  const object = located(dependency.target, dependency.targetSpan.start);
  return dependency.via === 'RBAC' ? `${object}, which binds this hook's service account,` : object;
}
