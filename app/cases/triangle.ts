import { declaredProperties, dereference, isChoiceList, isObject, orderedKeys, titleOf, type JsonSchema } from "~/forms/schema/json-schema";

/**
 * The P.I.P.P.I. triangle of a case ("Il Mondo del Bambino", DOMAIN §2): each
 * sub-dimension's rating at every time point side by side, grouped by the
 * three sides, with the direction of change and the narratives. Pure.
 *
 * Nothing here names a side, a sub-dimension or a level: they are read from
 * the form version the data is presented in (ADR 0012 lines older data up
 * first). A side is an object of the root whose members are sub-dimensions; a
 * sub-dimension is an object with a rating — a number field with a list of
 * choices (the scale) — and free-text fields (the narratives). The scale's
 * choices are taken in the order the form lists them, from the worst level
 * to the best (as the form's own description of the scale says); the page
 * states it, naming the first and last level, so a reader can check.
 */

/** One level of the scale: its stored value, its title in the form, its position from the worst (0). */
export interface ScaleLevel {
  value: unknown;
  label: string;
  rank: number;
}

export interface TimePointLabel {
  /** The stored code ("T0"). */
  value: string;
  /** The option's title in the form ("T0 – Avvio del percorso"). */
  label: string;
}

export interface SubDimensionLabels {
  key: string;
  title: string;
  /** The key of the rating field inside the sub-dimension. */
  ratingKey: string;
  /** Free-text fields, in the form's order: what was observed, the voice of the child… */
  narratives: { key: string; title: string }[];
}

export interface SideLabels {
  key: string;
  title: string;
  subDimensions: SubDimensionLabels[];
}

/** What the triangle reads from one form version: the time points, the scale, the sides. */
export interface TriangleLabels {
  timePoints: TimePointLabel[];
  /** Worst first. */
  scale: ScaleLevel[];
  sides: SideLabels[];
}

export type ChangeDirection = "migliorato" | "peggiorato" | "invariato" | "non-confrontabile";

/** The change from the first rated time point to the last rated one. */
export interface Change {
  direction: ChangeDirection;
  /** The time points compared, when two were rated. */
  from?: string;
  to?: string;
}

/** A rating as shown: a level of the scale, or a value the scale does not hold (kept, never compared). */
export type Rating = ScaleLevel | { value: unknown; label: string; rank: null };

export interface TriangleSubDimension {
  key: string;
  title: string;
  /** One per time point of the triangle, in order; null when not rated (or the time point not filled). */
  ratings: (Rating | null)[];
  change: Change;
  /** Per time point with some text: the narratives filled, with their titles. */
  narratives: { timePoint: string; texts: { title: string; text: string }[] }[];
}

export interface TriangleSide {
  key: string;
  title: string;
  subDimensions: TriangleSubDimension[];
  /** Mean of the side's ratings per time point (one decimal), null when none is rated or the scale is not numeric. */
  averages: (number | null)[];
  change: Change;
}

export interface Triangle {
  timePoints: TimePointLabel[];
  scale: ScaleLevel[];
  sides: TriangleSide[];
  /** Time points with data, in order. */
  filled: string[];
}

/** The data of one time point, already in the shape the labels were read from; null when not filled. */
export interface TimePointData {
  timePoint: string;
  data: Record<string, unknown> | null;
}

/**
 * The time points, scale and sides a form version declares. `timePointField`
 * is the root field holding the time point (the case path names it).
 */
export function triangleLabels(schema: JsonSchema, uiSchema: Record<string, unknown>, timePointField: string): TriangleLabels {
  const root = declaredProperties(schema, schema);
  const timePointSchema = root.get(timePointField);
  const timePoints = timePointSchema ? choices(schema, timePointSchema).map((c) => ({ value: String(c.value), label: c.label })) : [];
  let scale: ScaleLevel[] = [];
  const sides: SideLabels[] = [];
  for (const sideKey of orderedKeys([...root.keys()], uiSchema["ui:order"])) {
    const side = root.get(sideKey)!;
    const members = declaredProperties(schema, side);
    const sideUi = isObject(uiSchema[sideKey]) ? uiSchema[sideKey] : {};
    const subDimensions: SubDimensionLabels[] = [];
    for (const subKey of orderedKeys([...members.keys()], sideUi["ui:order"])) {
      const sub = members.get(subKey)!;
      const fields = declaredProperties(schema, sub);
      const rating = [...fields].find(([, field]) => isRatingField(schema, field));
      if (!rating) continue;
      if (!scale.length) scale = choices(schema, rating[1]).map((c, rank) => ({ ...c, rank }));
      const subUi = isObject(sideUi[subKey]) ? sideUi[subKey] : {};
      const narratives = orderedKeys([...fields.keys()], subUi["ui:order"])
        .filter((k) => isFreeText(schema, fields.get(k)!))
        .map((k) => ({ key: k, title: titleOf(schema, fields.get(k)!) ?? k }));
      subDimensions.push({ key: subKey, title: titleOf(schema, sub) ?? subKey, ratingKey: rating[0], narratives });
    }
    if (subDimensions.length) sides.push({ key: sideKey, title: titleOf(schema, side) ?? sideKey, subDimensions });
  }
  return { timePoints, scale, sides };
}

/**
 * The triangle from the labels and the data of each time point (in any
 * order; time points the labels do not list are ignored).
 */
export function buildTriangle(labels: TriangleLabels, points: readonly TimePointData[]): Triangle {
  const dataOf = new Map(points.filter((p) => p.data).map((p) => [p.timePoint, p.data!]));
  const order = labels.timePoints.map((t) => t.value);
  const numeric = labels.scale.length > 0 && labels.scale.every((l) => typeof l.value === "number");
  // A level by its value as JSON: values are consts of any type, compared as JSON.
  const levels = new Map(labels.scale.map((l) => [JSON.stringify(l.value), l]));
  const sides = labels.sides.map((side): TriangleSide => {
    const subDimensions = side.subDimensions.map((sub): TriangleSubDimension => {
      const at = order.map((tp) => member(member(dataOf.get(tp), side.key), sub.key));
      const ratings = at.map((values) => rating(levels, values?.[sub.ratingKey]));
      return {
        key: sub.key,
        title: sub.title,
        ratings,
        change: changeOf(order, ratings.map((r) => r?.rank ?? null)),
        narratives: order.flatMap((timePoint, i) => {
          const texts = sub.narratives.flatMap((n) => {
            const text = at[i]?.[n.key];
            return typeof text === "string" && text.trim() ? [{ title: n.title, text }] : [];
          });
          return texts.length ? [{ timePoint, texts }] : [];
        }),
      };
    });
    const averages = order.map((_, i) => (numeric ? mean(subDimensions.flatMap((s) => (s.ratings[i]?.rank != null ? [s.ratings[i]!.value as number] : []))) : null));
    return { key: side.key, title: side.title, subDimensions, averages, change: changeOf(order, averages) };
  });
  return { timePoints: labels.timePoints, scale: labels.scale, sides, filled: order.filter((tp) => dataOf.has(tp)) };
}

/**
 * The direction from the first time point with a value to the last one:
 * higher (later in the scale) is better. Fewer than two values: not comparable.
 */
export function changeOf(order: readonly string[], values: readonly (number | null)[]): Change {
  const rated = values.flatMap((v, i) => (v === null ? [] : [{ v, tp: order[i]! }]));
  if (rated.length < 2) return { direction: "non-confrontabile" };
  const first = rated[0]!;
  const last = rated.at(-1)!;
  const direction = last.v > first.v ? "migliorato" : last.v < first.v ? "peggiorato" : "invariato";
  return { direction, from: first.tp, to: last.tp };
}

/** Words for a direction, as the page and the PDF say it. */
export const CHANGE_LABELS: Record<ChangeDirection, string> = {
  migliorato: "migliorato",
  peggiorato: "peggiorato",
  invariato: "invariato",
  "non-confrontabile": "non confrontabile",
};

/** The arrow beside the words (decoration: the words carry the meaning). */
export const CHANGE_ARROWS: Record<ChangeDirection, string> = {
  migliorato: "↑",
  peggiorato: "↓",
  invariato: "→",
  "non-confrontabile": "–",
};

/** "migliorato da T0 a T2", "non confrontabile" (rated at fewer than two time points). */
export function changeText(change: Change): string {
  if (change.direction === "non-confrontabile") return CHANGE_LABELS[change.direction];
  return `${CHANGE_LABELS[change.direction]} da ${change.from} a ${change.to}`;
}

/** A side's mean in Italian ("3,5"), or "—". */
export function formatAverage(value: number | null): string {
  return value === null ? "—" : value.toLocaleString("it-IT", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * Where a value of the scale sits between its levels (0 = worst, scale.length - 1
 * = best), for a mean that falls between two levels; null outside the scale.
 */
export function scalePosition(scale: readonly ScaleLevel[], value: number): number | null {
  for (let i = 0; i < scale.length; i++) {
    const here = scale[i]!.value as number;
    if (value === here) return i;
    const next = scale[i + 1]?.value as number | undefined;
    if (next !== undefined && (value - here) * (value - next) < 0) return i + (value - here) / (next - here);
  }
  return null;
}

function rating(levels: ReadonlyMap<string, ScaleLevel>, value: unknown): Rating | null {
  if (value === undefined || value === null || value === "") return null;
  return levels.get(JSON.stringify(value)) ?? { value, label: String(value), rank: null };
}

function mean(values: number[]): number | null {
  if (!values.length) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

function member(node: unknown, key: string): Record<string, unknown> | undefined {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : undefined;
}

/** The choices of a field (oneOf/anyOf of consts) with their titles, in the form's order. */
export function choices(root: JsonSchema, field: JsonSchema): { value: unknown; label: string }[] {
  const declared = dereference(root, field);
  const list = declared.oneOf ?? declared.anyOf;
  return isChoiceList(list) ? list.map((c) => ({ value: c.const, label: typeof c.title === "string" ? c.title : String(c.const) })) : [];
}

function isRatingField(root: JsonSchema, field: JsonSchema): boolean {
  const declared = dereference(root, field);
  return (declared.type === "integer" || declared.type === "number") && choices(root, field).length > 1;
}

function isFreeText(root: JsonSchema, field: JsonSchema): boolean {
  const declared = dereference(root, field);
  return declared.type === "string" && !choices(root, field).length && declared.format === undefined;
}
