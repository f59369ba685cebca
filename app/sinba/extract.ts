import { pointerTokens } from "~/forms/schema/json-schema";
import { collectAtPointer } from "~/forms/mapping/mapping";
import { isListItem, isValidItemValue, SINBA_ATTRIBUTES, SINBA_ITEMS, SINBA_LISTS, type SinbaAttribute, type SinbaItemName, type SinbaList } from "./codes";

/**
 * One SINBA record from the forms of one case, through the declared mapping
 * (`app/sinba/data/mapping.json`, ADR 0015). Pure: the caller reads the forms' latest
 * submitted data, already presented in each form's newest shape (ADR 0012).
 */

/** Where one item may come from: a form's field, maybe transformed, its options turned into INPS codes. */
export interface SinbaSource {
  form: string;
  /** JSON pointer into the data in the form's newest shape; `*` for every element of a list. */
  field: string;
  transform?: "mese" | "anno" | "fascia-eta" | "contiene";
  /** The value `contiene` looks for. */
  value?: string | number | boolean;
  /** Only the list elements whose `field` (same `*`s) equals `equals`. */
  where?: { field: string; equals: string | number | boolean };
  /** Form value → INPS code; without it the value itself is the code. */
  codes?: Record<string, string>;
}

/** The mapping document: the forms it reads (with their Italian names) and each item's sources, in order of preference. */
export interface SinbaMapping {
  forms: Record<string, string>;
  benefitCodesConfirmed: boolean;
  items: Partial<Record<SinbaItemName, SinbaSource[]>>;
}

/** A value found in a form that the mapping gives no INPS code for (the worker may need to fill another field). */
export interface UncodedValue {
  item: SinbaItemName;
  source: SinbaSource;
  value: unknown;
}

export interface ExtractedRecord {
  attributes: Partial<Record<SinbaAttribute, string>>;
  lists: Record<SinbaList, string[]>;
  /** Required items with no usable value: the case cannot be sent. */
  missing: SinbaItemName[];
  uncoded: UncodedValue[];
}

/** slug → the data of the case's newest submitted submission of that form, in the form's newest shape. */
export type CaseForms = ReadonlyMap<string, Record<string, unknown>>;

export interface ExtractContext {
  /** The day ages are computed at (YYYY-MM-DD): the end of the period, or the closing day if earlier. */
  referenceDay: string;
}

/** Every item of a mapping, required ones included even when the mapping forgets them (they are then missing). */
function itemNames(mapping: SinbaMapping): SinbaItemName[] {
  return (Object.keys(SINBA_ITEMS) as SinbaItemName[]).filter((name) => SINBA_ITEMS[name].required || mapping.items[name]);
}

export function extractSinbaRecord(mapping: SinbaMapping, forms: CaseForms, context: ExtractContext): ExtractedRecord {
  const record: ExtractedRecord = { attributes: {}, lists: { CodicePrestazione: [], ComposizioneFamiglia: [] }, missing: [], uncoded: [] };
  for (const name of itemNames(mapping)) {
    const format = SINBA_ITEMS[name].format;
    const codes: string[] = [];
    const uncoded: UncodedValue[] = [];
    for (const source of mapping.items[name] ?? []) {
      const data = forms.get(source.form);
      if (!data) continue;
      for (const value of sourceValues(source, data, context)) {
        const code = source.codes ? source.codes[String(value)] : String(value);
        if (code !== undefined && isValidItemValue(format, code)) codes.push(code);
        else uncoded.push({ item: name, source, value });
      }
      // A single value comes from the first source that gives one; a list from the first source with any entry.
      if (codes.length) break;
    }
    if (isListItem(name)) record.lists[name] = [...new Set(codes)];
    else if (codes.length) record.attributes[name as SinbaAttribute] = codes[0]!;
    // A value without a code matters only when no source gave the item.
    if (!codes.length) record.uncoded.push(...uncoded);
    if (!codes.length && SINBA_ITEMS[name].required) record.missing.push(name);
  }
  return record;
}

/** The non-empty values a source finds in one form's data, transformed. */
function sourceValues(source: SinbaSource, data: Record<string, unknown>, context: ExtractContext): unknown[] {
  let found = collectAtPointer(data, pointerTokens(source.field));
  if (source.where) {
    const { field, equals } = source.where;
    const matching = collectAtPointer(data, pointerTokens(field))
      .filter((w) => w.value === equals)
      .map((w) => w.indexes.join("/"));
    found = found.filter((f) => matching.includes(f.indexes.join("/")));
  }
  const values = found.map((f) => f.value).filter((v) => v !== undefined && v !== null && v !== "");
  switch (source.transform) {
    case undefined:
      return values;
    case "contiene":
      return values.filter(Array.isArray).map((list) => (list.includes(source.value) ? "si" : "no"));
    case "mese":
      return values.map((v) => isoDay(v)?.replace(/^(\d{4})-(\d{2})-\d{2}$/, "$2/$1") ?? v);
    case "anno":
      return values.map((v) => isoDay(v)?.slice(0, 4) ?? v);
    case "fascia-eta":
      return values.map((v) => ageBand(v, context.referenceDay) ?? v);
  }
}

function isoDay(value: unknown): string | undefined {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** Full years between two ISO days. */
export function ageOn(birthDay: string, day: string): number {
  const [by, bm, bd] = birthDay.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** SINBA's age band (0-3 → "1" … 15-18 → "6"); undefined for a date that is not a minor's birth date on that day. */
export function ageBand(birth: unknown, referenceDay: string): string | undefined {
  const day = isoDay(birth);
  if (!day) return undefined;
  const age = ageOn(day, referenceDay);
  return age >= 0 && age < 18 ? String(Math.floor(age / 3) + 1) : undefined;
}

/** The attribute names in the schema's order, then the list names: the flow writes them in this order. */
export const ATTRIBUTE_ORDER = Object.keys(SINBA_ATTRIBUTES) as SinbaAttribute[];
export const LIST_ORDER = Object.keys(SINBA_LISTS) as SinbaList[];
