import type { FieldError } from "~/lib/errors";
import { escapePointerToken, isObject, pointerTokens, type JsonSchema } from "~/forms/schema/json-schema";

/**
 * Translations of a consent form version (issue 15, ADR 0023). A translation
 * is a flat map from the JSON pointer of each string the family reads in the
 * Italian schema — the title, the consent text (root `description`), each
 * question's title and description, each option's title — to its translation.
 * Applied to a copy of the schema it gives the same questions, values and
 * rules with translated words, so the family page, its checks and the
 * receipt work unchanged; the stored answers are the same values whatever the
 * language.
 */
export type TranslationStrings = Record<string, string>;

/** Marks a string a translator has not done yet; such a string counts as missing. */
export const PLACEHOLDER_MARK = "[da completare]";

/** Every string of a schema the family reads, by JSON pointer, in reading order (root, then fields depth-first). */
export function translatableStrings(schema: JsonSchema): TranslationStrings {
  const out: TranslationStrings = {};
  const text = (node: JsonSchema, pointer: string, key: "title" | "description") => {
    if (typeof node[key] === "string" && node[key] !== "") out[`${pointer}/${key}`] = node[key];
  };
  const options = (node: JsonSchema, pointer: string) => {
    for (const keyword of ["oneOf", "anyOf"] as const) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      list.forEach((option, i) => {
        if (isObject(option) && "const" in option && typeof option.title === "string" && option.title !== "") out[`${pointer}/${keyword}/${i}/title`] = option.title;
      });
    }
    // An enum's values are shown as they are: their words are translated, the values stay.
    if (Array.isArray(node.enum)) node.enum.forEach((v, i) => typeof v === "string" && (out[`${pointer}/enum/${i}`] = v));
  };
  const field = (node: JsonSchema, pointer: string) => {
    text(node, pointer, "title");
    text(node, pointer, "description");
    options(node, pointer);
    if (isObject(node.items)) options(node.items, `${pointer}/items`);
    if (isObject(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (isObject(child)) field(child, `${pointer}/properties/${escapePointerToken(key)}`);
      }
    }
  };
  field(schema, "");
  return out;
}

/** A problem of a translation: the pointer of the Italian string it concerns and what is wrong, in Italian. */
export type TranslationProblem = FieldError;

/**
 * Checks a translation against the Italian schema: every string translated
 * (not empty, not marked «[da completare]»), no string the schema does not
 * have (an extra or renumbered option, a field that is not there), only
 * strings. Problems in the schema's reading order, then the extra ones.
 */
export function lintTranslation(schema: JsonSchema, strings: unknown): TranslationProblem[] {
  if (!isObject(strings)) return [{ path: "", message: "la traduzione deve essere un oggetto JSON: puntatore del testo italiano → testo tradotto" }];
  const italian = translatableStrings(schema);
  const problems: TranslationProblem[] = [];
  for (const [pointer, original] of Object.entries(italian)) {
    const translated = strings[pointer];
    if (translated === undefined) problems.push({ path: pointer, message: `manca la traduzione di «${shorten(original)}»` });
    else if (typeof translated !== "string") problems.push({ path: pointer, message: "la traduzione deve essere un testo" });
    else if (translated.trim() === "" || translated.includes(PLACEHOLDER_MARK)) {
      problems.push({ path: pointer, message: `la traduzione di «${shorten(original)}» è ancora da completare` });
    }
  }
  for (const pointer of Object.keys(strings)) {
    if (!(pointer in italian)) problems.push({ path: pointer, message: "il modulo italiano non ha questo testo: va tolto (campo o opzione inesistente)" });
  }
  return problems;
}

/** A copy of the schema with the translated strings put in place (pointers it does not have are ignored). */
export function translateSchema(schema: JsonSchema, strings: TranslationStrings): JsonSchema {
  const copy = structuredClone(schema);
  for (const [pointer, translated] of Object.entries(strings)) {
    const tokens = pointerTokens(pointer);
    const last = tokens.pop();
    let node: unknown = copy;
    for (const token of tokens) node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (last === undefined) continue;
    if (Array.isArray(node) && typeof node[Number(last)] === "string") node[Number(last)] = translated;
    else if (isObject(node) && typeof node[last] === "string") node[last] = translated;
  }
  // An enum's shown words change but its values must not: keep the Italian values as option values.
  return restoreEnumValues(schema, copy);
}

/**
 * Enums are the one place where the shown word is the value: the translated
 * schema turns each translated enum into `oneOf` of {const: Italian value,
 * title: translation}, so the posted and stored values stay the Italian ones.
 */
function restoreEnumValues(original: JsonSchema, translated: JsonSchema): JsonSchema {
  const walk = (o: unknown, t: unknown) => {
    if (!isObject(o) || !isObject(t)) return;
    if (Array.isArray(o.enum) && Array.isArray(t.enum) && o.enum.some((v, i) => v !== (t.enum as unknown[])[i])) {
      t.oneOf = o.enum.map((v, i) => ({ const: v, title: String((t.enum as unknown[])[i]) }));
      delete t.enum;
    }
    walk(o.items, t.items);
    if (isObject(o.properties) && isObject(t.properties)) for (const key of Object.keys(o.properties)) walk(o.properties[key], t.properties[key]);
  };
  walk(original, translated);
  return translated;
}

/** The translation strings out of what an admin pasted or a file holds: the bare map, or a document with `strings`. */
export function translationStringsOf(document: unknown): unknown {
  return isObject(document) && isObject(document.strings) ? document.strings : document;
}

/** A template for translators: every Italian string by pointer, each marked as still to do. */
export function translationTemplate(schema: JsonSchema): TranslationStrings {
  return Object.fromEntries(Object.entries(translatableStrings(schema)).map(([pointer, text]) => [pointer, `${PLACEHOLDER_MARK} ${text}`]));
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** Where a translated string goes, in the Italian form's words («Opzione «Madre» della domanda «Rapporto con il/la minore»»). */
export function describeTranslationPointer(schema: JsonSchema, pointer: string): string {
  if (pointer === "/title") return "Titolo del modulo";
  if (pointer === "/description") return "Testo del consenso";
  const tokens = pointerTokens(pointer);
  let node: unknown = schema;
  let question = "";
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isObject(node)) break;
    if (token === "properties" && isObject(node.properties) && isObject(node.properties[tokens[i + 1] ?? ""])) {
      node = node.properties[tokens[++i]!];
      question = isObject(node) && typeof node.title === "string" ? node.title : tokens[i]!;
      continue;
    }
    const rest = tokens.slice(i);
    const option = (list: unknown, index: string) => (Array.isArray(list) ? list[Number(index)] : undefined);
    if (rest.length === 1 && (token === "title" || token === "description")) {
      return `${token === "title" ? "Domanda" : "Spiegazione della domanda"} «${question}»`;
    }
    const items = token === "items" && isObject(node.items) ? node.items : node;
    const r = token === "items" ? rest.slice(1) : rest;
    if ((r[0] === "oneOf" || r[0] === "anyOf") && r[2] === "title" && r.length === 3) {
      const o = option(items[r[0]], r[1]!);
      if (isObject(o) && typeof o.title === "string") return `Opzione «${o.title}» della domanda «${question}»`;
    }
    if (r[0] === "enum" && r.length === 2 && typeof option(items.enum, r[1]!) === "string") return `Opzione «${String(option(items.enum, r[1]!))}» della domanda «${question}»`;
    break;
  }
  return `Testo che il modulo italiano non ha (${pointer})`;
}
