/**
 * How the dependency rules name the objects a hook needs: kind and name as written (template
 * text for templated names). The file and line are the finding's related location, never part
 * of a message. Their fixes' edits are in dependencyEdits.ts.
 */
import type { HookDependency } from '../../semantics/dependencies';
import type { Resource } from '../../model/chart';
import { resourceLabel } from './hookResources';

/** `Secret "db-password"` — the kind and name as written (template text for templated names). */
export function label(resource: Resource): string {
  return resourceLabel(resource);
}

/** Why the hook needs the object, for the related location: a binding of its service account says so. */
export function neededBecause(dependency: HookDependency): string {
  return dependency.via === 'RBAC' ? ", which binds this hook's service account," : '';
}
