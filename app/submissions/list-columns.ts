import { declaredProperties, dereference, isObject, schemaForDataPointer, valueAtPointer, type JsonSchema } from "~/forms/schema/json-schema";
import { presentInVersion, type MappedVersion, type VersionMapping } from "~/forms/mapping/mapping";
import { formatValue } from "./data-diff";
import { exportColumns, type ColumnSource, type ExportColumn } from "./export-columns";

/**
 * The data columns of the submissions list filtered by one form (issue 6):
 * old and new submissions side by side in the newest version's shape, as the
 * CSV export shows them (ADR 0012), but only the first few fields. Pure.
 */

/** Data fields shown at most: the metadata columns must still fit beside them on a laptop. */
export const MAX_LIST_FIELDS = 3;

/** One data column of the list: where the value is (JSON pointer) and its header (the export's title). */
export type ListColumn = ExportColumn;

/** What the list needs to show any submission of a form in its newest version's shape. */
export interface ListFields {
  /** The newest numbered version (published, possibly retired since — the export's shape too). */
  version: number;
  schema: JsonSchema;
  /** Every numbered version with its mapping: presentInVersion's chain. */
  chain: MappedVersion[];
  columns: ListColumn[];
}

/**
 * The list fields of a form from its numbered versions (oldest first, as
 * listFormVersions returns them); undefined when it has none, or when its
 * newest version has no field a cell can show.
 */
export function listFieldsOf(versions: readonly (ColumnSource & { version: number | null; mapping: VersionMapping | null })[]): ListFields | undefined {
  const chain = versions.map((v) => ({ version: v.version!, mapping: v.mapping }));
  const newest = versions.at(-1);
  if (!newest) return undefined;
  const columns = listColumns(newest);
  return columns.length ? { version: newest.version!, schema: newest.schema, chain, columns } : undefined;
}

/**
 * The first MAX_LIST_FIELDS fields of a version that a cell can show as text,
 * in the form's order (`ui:order`), with the export's titles ("Bambino › Età"). Groups
 * open into their fields as in the export; a list of rows (a repeatable
 * group) or an object the export keeps whole is skipped: in a table cell it
 * would be a JSON blob. A list of plain values (a multiple choice) stays,
 * shown as its option titles joined by commas.
 */
export function listColumns({ schema, uiSchema }: ColumnSource): ListColumn[] {
  return exportColumns([{ schema, uiSchema }])
    .filter((column) => {
      const field = schemaForDataPointer(schema, column.pointer);
      return field !== undefined && isShownAsText(schema, field, true);
    })
    .slice(0, MAX_LIST_FIELDS);
}

/**
 * The cells of one submission: its data (saved with `formVersion`) presented
 * in the newest version's shape through the declared mappings, each value as
 * people read it (option titles of the newest schema, "Sì"/"No", Italian
 * dates and numbers), "—" when empty. The stored data is not modified.
 */
export function listRowValues(fields: ListFields, submission: { formVersion: number; data: Record<string, unknown> }): string[] {
  const data = presentInVersion(submission.data, submission.formVersion, fields.version, fields.chain);
  return fields.columns.map(
    (column) => formatValue(fields.schema, schemaForDataPointer(fields.schema, column.pointer), valueAtPointer(data, column.pointer)) || "—"
  );
}

/** A single value, or (when `listAllowed`) a list of single values: not a group of fields. */
function isShownAsText(root: JsonSchema, schema: JsonSchema, listAllowed: boolean): boolean {
  const declared = dereference(root, schema);
  if (declared.type === "object" || declaredProperties(root, declared).size > 0) return false;
  if (declared.type === "array") return listAllowed && isObject(declared.items) && isShownAsText(root, declared.items, false);
  return true;
}
