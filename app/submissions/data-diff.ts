import { formatDateTime } from "~/lib/format-date";
import { declaredProperties, dereference, escapePointerToken, isChoiceList, isObject, titleOf, type JsonSchema } from "~/forms/schema/json-schema";

/** One field that differs between two revisions, named and shown for people. */
export interface FieldChange {
  /** Where, in the data (JSON pointer). */
  pointer: string;
  /** The field's titles from the schema, outermost first; rows of a list as "riga N". */
  label: string[];
  change: "added" | "removed" | "changed";
  /** The value as people read it (choice titles, Italian dates, "Sì"/"No"); null when absent. */
  before: string | null;
  after: string | null;
}

/** Deeper than this the data is compared as one value (schemas may recurse through $ref). */
const MAX_DEPTH = 12;

/**
 * The fields that differ between two versions of a submission's data, in
 * the order of the schema (fields the schema does not declare follow, by
 * name). Objects are compared field by field and lists of objects row by
 * row; a list of plain values (a multiple choice) is one field.
 */
export function diffData(root: JsonSchema, before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  const walk = (schema: JsonSchema | undefined, a: unknown, b: unknown, pointer: string, label: string[], depth: number) => {
    if (isDeepEqual(a, b)) return;
    const declared = schema && dereference(root, schema);
    if (depth < MAX_DEPTH && isObjectOrAbsent(a) && isObjectOrAbsent(b)) {
      const fields = schema ? declaredProperties(root, schema) : new Map<string, JsonSchema>();
      const names = [...new Set([...fields.keys(), ...[...Object.keys(a ?? {}), ...Object.keys(b ?? {})].sort()])];
      for (const name of names) {
        const field = fields.get(name);
        const title = (field && titleOf(root, field)) ?? name;
        walk(field, a?.[name], b?.[name], `${pointer}/${escapePointerToken(name)}`, [...label, title], depth + 1);
      }
      return;
    }
    if (depth < MAX_DEPTH && areRowLists(a, b)) {
      const items = declared && isObject(declared.items) ? declared.items : undefined;
      const rowsB = b as unknown[] | undefined;
      const length = Math.max(a?.length ?? 0, rowsB?.length ?? 0);
      for (let i = 0; i < length; i++) walk(items, a?.[i], rowsB?.[i], `${pointer}/${i}`, [...label, `riga ${i + 1}`], depth + 1);
      return;
    }
    changes.push({
      pointer,
      label,
      change: a === undefined ? "added" : b === undefined ? "removed" : "changed",
      before: formatValue(root, schema, a),
      after: formatValue(root, schema, b),
    });
  };
  walk(root, before, after, "", [], 0);
  return changes;
}

/** One field of a submission's data as people read it: its titles (outermost first) and its value in words. */
export interface ReadableField {
  pointer: string;
  label: string[];
  value: string;
}

/**
 * Every field that holds a value, in the order of the schema (undeclared
 * fields after, by name), named by its titles and shown in words: the whole
 * data seen as a change from nothing (`diffData`), so a copy of the data and
 * a history diff name fields the same way.
 */
export function readableFields(root: JsonSchema, data: unknown): ReadableField[] {
  return diffData(root, undefined, data).map((c) => ({ pointer: c.pointer, label: c.label, value: c.after ?? "—" }));
}

/**
 * A value as people read it: the title of a choice instead of its code,
 * dates in Italian, "Sì"/"No", numbers with a decimal comma, lists joined
 * with commas. null when there is no value.
 */
export function formatValue(root: JsonSchema, schema: JsonSchema | undefined, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const declared = schema ? dereference(root, schema) : {};
  if (Array.isArray(value)) {
    const items = isObject(declared.items) ? declared.items : undefined;
    return value.map((v) => formatValue(root, items, v) ?? "—").join(", ");
  }
  for (const keyword of ["oneOf", "anyOf"]) {
    const branches = declared[keyword];
    if (isChoiceList(branches)) {
      const chosen = branches.find((b) => isDeepEqual(b.const, value));
      if (chosen && typeof chosen.title === "string") return chosen.title;
    }
  }
  if (typeof value === "boolean") return value ? "Sì" : "No";
  if (typeof value === "number") return new Intl.NumberFormat("it-IT").format(value);
  if (typeof value === "string") {
    const day = declared.format === "date" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (day) return `${day[3]}/${day[2]}/${day[1]}`;
    if (declared.format === "date-time" && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
    return value;
  }
  return JSON.stringify(value);
}

function isObjectOrAbsent(value: unknown): value is Record<string, unknown> | undefined {
  return value === undefined || isObject(value);
}

/** Two lists (or one absent) with rows that are objects or lists: compared row by row. */
function areRowLists(a: unknown, b: unknown): a is unknown[] | undefined {
  const isList = (v: unknown) => v === undefined || Array.isArray(v);
  if (!isList(a) || !isList(b)) return false;
  return [...((a as unknown[] | undefined) ?? []), ...((b as unknown[] | undefined) ?? [])].some((v) => typeof v === "object" && v !== null);
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => isDeepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && isDeepEqual(a[k], b[k]));
  }
  return false;
}
