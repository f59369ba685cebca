/**
 * Rows grouped by a key, each group in the rows' order; rows whose key is
 * null are left out. Pushes into each group rather than copying it, so
 * grouping a year of an Ambito's cases stays linear.
 */
export function groupBy<T, K>(rows: Iterable<T>, keyOf: (row: T) => K | null): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
