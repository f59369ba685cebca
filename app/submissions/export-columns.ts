import { declaredProperties, dereference, escapePointerToken, isObject, orderedKeys, titleOf, type JsonSchema } from "~/forms/schema/json-schema";

/** One data column of an export: where the value is (JSON pointer) and what the header says. */
export interface ExportColumn {
  pointer: string;
  title: string;
}

/** Nested objects deeper than this become one JSON column (also stops `$ref` cycles). */
const MAX_DEPTH = 8;

/** A version's schema and uiSchema: the uiSchema's `ui:order` gives the order of its fields. */
export interface ColumnSource {
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
}

/**
 * The data columns of a form's export: every field of every version,
 * flattened by JSON pointer (objects open into their fields; arrays stay one
 * column, since their length varies by submission). Versions come newest
 * first: the newest version gives the order (the form's own, `ui:order`) and
 * the titles, and the fields that only older versions had follow, so old
 * submissions keep their data. Titles are the path of field titles
 * ("Bambino › Età"); a title used twice gets its pointer added, so that
 * every header is unique.
 */
export function exportColumns(versionsNewestFirst: readonly ColumnSource[]): ExportColumn[] {
  const columns = new Map<string, string>();
  for (const { schema: root, uiSchema } of versionsNewestFirst) {
    const walk = (schema: JsonSchema, ui: Record<string, unknown>, pointer: string, titles: string[], depth: number) => {
      const fields = declaredProperties(root, schema);
      const declared = dereference(root, schema);
      const isObjectField = fields.size > 0 && (declared.type === undefined || declared.type === "object");
      if (!isObjectField || depth >= MAX_DEPTH) {
        if (pointer && !columns.has(pointer)) columns.set(pointer, titles.join(" › "));
        return;
      }
      for (const name of orderedKeys([...fields.keys()], ui["ui:order"])) {
        const field = fields.get(name)!;
        const fieldUi = isObject(ui[name]) ? (ui[name] as Record<string, unknown>) : {};
        walk(field, fieldUi, `${pointer}/${escapePointerToken(name)}`, [...titles, titleOf(root, field) ?? name], depth + 1);
      }
    };
    walk(root, uiSchema, "", [], 0);
  }
  const uses = new Map<string, number>();
  for (const title of columns.values()) uses.set(title, (uses.get(title) ?? 0) + 1);
  return [...columns].map(([pointer, title]) => ({ pointer, title: uses.get(title)! > 1 ? `${title} (${pointer})` : title }));
}
