/** Name-scope arithmetic on node and tensor names (`ops.prepend_name_scope` / `strip_name_scope`). */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `scope/name`, also after a `^` (control input) or `loc:@` (colocation) marker; `name` when no scope. */
export function prependNameScope(name: string, scope?: string): string {
  if (!scope) return name;
  return name.replace(/^(\^|loc:@|)(.*)$/, `$1${scope}/$2`);
}

/** `name` without a leading `scope/` (kept after a `^` or `loc:@` marker). */
export function stripNameScope(name: string, scope?: string): string {
  if (!scope) return name;
  const s = scope.endsWith('/') ? scope.slice(0, -1) : scope;
  return name.replace(new RegExp(`^(\\^|loc:@|)${escapeRegExp(s)}/(.*)$`), '$1$2');
}
