/**
 * `next`, with every part that is deeply equal to the same part of `prev`
 * replaced by `prev`'s own object: a value that did not change keeps its
 * identity. rjsf rebuilds the whole form data (and error schema) on every
 * keystroke; with unchanged rows and sections kept identical, its memoized
 * fields (`memo` on rows and properties, `useMemo` on retrieved schemas) skip
 * everything but the path that changed. Plain JSON-like data only (objects,
 * arrays, primitives), which is what form data and error schemas are.
 */
export function shareUnchanged<T>(prev: unknown, next: T): T {
  if (prev === next) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    let same = prev.length === next.length;
    const shared = next.map((item: unknown, i) => {
      const kept = shareUnchanged(prev[i], item);
      if (kept !== prev[i]) same = false;
      return kept;
    });
    return (same ? prev : shared) as T;
  }
  if (!isPlainObject(next) || !isPlainObject(prev)) return next;
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(prev).length;
  const shared: Record<string, unknown> = {};
  for (const key of keys) {
    const kept = shareUnchanged(prev[key], next[key]);
    // A key absent from prev and undefined in next is still a change of shape.
    if (kept !== prev[key] || !(key in prev)) same = false;
    shared[key] = kept;
  }
  return (same ? prev : shared) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
