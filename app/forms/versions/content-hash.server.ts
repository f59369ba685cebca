import { createHash } from "node:crypto";

/**
 * SHA-256 of a version's content (schema + uiSchema) as compact JSON.
 * Whitespace does not count, so reformatting a file publishes nothing new;
 * key order does count, because rjsf shows fields in the order of `properties`.
 */
export function formContentHash(content: { schema: unknown; uiSchema: unknown }): string {
  return createHash("sha256").update(JSON.stringify({ schema: content.schema, uiSchema: content.uiSchema })).digest("hex");
}
