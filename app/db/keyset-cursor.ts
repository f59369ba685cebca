/**
 * Opaque keyset cursors for lists paged "newest first" by integer id:
 * base64url of {"before": id}. Opaque so that the ordering can change later
 * without breaking the loops of API clients.
 */

/** The cursor that continues after the row with this id. */
export function encodeKeysetCursor(id: number): string {
  return Buffer.from(JSON.stringify({ before: id })).toString("base64url");
}

/** The id a cursor continues after, or undefined when it is not one of ours. */
export function decodeKeysetCursor(cursor: string): number | undefined {
  try {
    const { before } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { before?: unknown };
    if (Number.isSafeInteger(before)) return before as number;
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
