import { declaredProperties, dereference, escapePointerToken, titleOf, type JsonSchema } from "~/forms/json-schema";

/** One data column of an export: where the value is (JSON pointer) and what the header says. */
export interface ExportColumn {
  pointer: string;
  title: string;
}

/** Nested objects deeper than this become one JSON column (also stops `$ref` cycles). */
const MAX_DEPTH = 8;

/**
 * The data columns of a form's export: every field of every version,
 * flattened by JSON pointer (objects open into their fields; arrays stay one
 * column, since their length varies by submission). Versions come newest
 * first: the newest version gives the order and the titles, and the fields
 * that only older versions had follow, so old submissions keep their data.
 * Titles are the path of field titles ("Bambino › Età"); a title used twice
 * gets its pointer added, so that every header is unique.
 */
export function exportColumns(schemasNewestFirst: readonly JsonSchema[]): ExportColumn[] {
  const columns = new Map<string, string>();
  for (const root of schemasNewestFirst) {
    const walk = (schema: JsonSchema, pointer: string, titles: string[], depth: number) => {
      const fields = declaredProperties(root, schema);
      const declared = dereference(root, schema);
      const isObject = fields.size > 0 && (declared.type === undefined || declared.type === "object");
      if (!isObject || depth >= MAX_DEPTH) {
        if (pointer && !columns.has(pointer)) columns.set(pointer, titles.join(" › "));
        return;
      }
      for (const [name, field] of fields) {
        walk(field, `${pointer}/${escapePointerToken(name)}`, [...titles, titleOf(root, field) ?? name], depth + 1);
      }
    };
    walk(root, "", [], 0);
  }
  const uses = new Map<string, number>();
  for (const title of columns.values()) uses.set(title, (uses.get(title) ?? 0) + 1);
  return [...columns].map(([pointer, title]) => ({ pointer, title: uses.get(title)! > 1 ? `${title} (${pointer})` : title }));
}
