import { escapePointerToken } from "~/forms/schema/json-schema";
import type { FieldError } from "~/lib/errors";

/**
 * How deep a JSON body may nest (objects and arrays, the body itself being
 * level 1). Every reader of stored data walks it recursively (the form page,
 * the history's field diff, the export's columns, React's rendering): 64
 * levels is far more than any form can declare (lint allows 40 levels of
 * schema, about 20 of data) and far less than any of them can handle.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The first value of a parsed JSON document that cannot be stored as it was
 * sent, with its JSON pointer and an Italian message; undefined when there is
 * none. Refused rather than altered (STACK.md pitfall 17):
 * - a NUL character in a string or key (PostgreSQL refuses it in text and jsonb);
 * - a lone UTF-16 surrogate (`"\ud800"`: not a character; PostgreSQL refuses
 *   it, and any re-encoding would turn it into U+FFFD);
 * - a number JavaScript could not read exactly: `1e309` became Infinity (and
 *   would be saved as null), an integer beyond ±(2^53 − 1) has already lost
 *   digits (every number of that size is an integer to JavaScript, 1e20 too);
 * - nesting deeper than `maxDepth`.
 * Iterative, so that hostile nesting cannot overflow the stack.
 */
export function findUnstorableJson(document: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | undefined {
  // Only containers go on the stack; leaves are checked where they are met (bodies of 1 MiB hold ~100,000 of them).
  type Container = { value: object; depth: number; parent: Container | undefined; key: string | number };
  const stack: Container[] = [];
  const check = (value: unknown, depth: number, parent: Container | undefined, key: string | number): FieldError | undefined => {
    const at = () => pointerOf(parent, key);
    if (typeof value === "string") {
      const problem = textProblem(value);
      return problem ? { path: at(), message: problem } : undefined;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return { path: at(), message: "numero fuori dall'intervallo che si può salvare: scriverlo con meno cifre" };
      if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        return { path: at(), message: "numero troppo grande per essere salvato esattamente (al massimo 9007199254740991 in valore assoluto): scriverlo come testo" };
      }
      return undefined;
    }
    if (typeof value === "object" && value !== null) {
      if (depth > maxDepth) return { path: at(), message: `dati annidati oltre ${maxDepth} livelli: semplificare la struttura` };
      stack.push({ value, depth, parent, key });
    }
    return undefined;
  };
  const top = check(document, 1, undefined, "");
  if (top) return top;
  while (stack.length) {
    const container = stack.pop()!;
    const { value, depth } = container;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], depth + 1, container, i);
        if (problem) return problem;
      }
    } else {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const keyProblem = textProblem(key);
        if (keyProblem) return { path: pointerOf(container, key), message: `nome di campo non valido: ${keyProblem}` };
        const problem = check((value as Record<string, unknown>)[key], depth + 1, container, key);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored as it is (NUL, lone surrogate), or undefined. */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "il testo contiene un carattere nullo (U+0000), che non si può salvare: toglierlo";
  if (SURROGATE.test(text) && LONE_SURROGATE.test(text)) return "il testo contiene un carattere non valido (un surrogato UTF-16 isolato): correggere il testo";
  return undefined;
}

function pointerOf(parent: { parent: typeof parent; key: string | number } | undefined, key: string | number): string {
  if (!parent) return "";
  const tokens = [escapePointerToken(String(key))];
  for (let n = parent; n?.parent; n = n.parent) tokens.push(escapePointerToken(String(n.key)));
  return `/${tokens.reverse().join("/")}`;
}
