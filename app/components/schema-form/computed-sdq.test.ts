import { readFileSync } from "node:fs";
import type { FormProps, FormState } from "@rjsf/core";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../tests/support/seeded-random";
import { rjsfFormDefaults } from "~/forms/validation/ajv-options";
import { applyComputedValues, findComputedFields } from "~/forms/schema/computed";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { SchedarioForm } from "./schema-form";
import { templates, widgets } from "./theme";

/**
 * The SDQ's scores (schemas/sdq) computed by the server and by the form in the
 * browser agree, for 1,000 random answer sets (fixed seed), and agree with the
 * published scoring written out independently here (youthinmind, parent
 * version 4–17: items per subscale, reversed items, UK three-band cut-offs).
 */
const schema = JSON.parse(readFileSync("schemas/sdq/schema.json", "utf8")) as JsonSchema;

const SUBSCALES = {
  emotivi: { items: [3, 8, 13, 16, 24], normalUpTo: 3, borderline: 4 },
  condotta: { items: [5, 7, 12, 18, 22], normalUpTo: 2, borderline: 3 },
  iperattivita: { items: [2, 10, 15, 21, 25], normalUpTo: 5, borderline: 6 },
  pari: { items: [6, 11, 14, 19, 23], normalUpTo: 2, borderline: 3 },
  prosociale: { items: [1, 4, 9, 17, 20] },
} as const;
const REVERSED = new Set([7, 11, 14, 21, 25]);
const itemKey = (n: number) => `item${String(n).padStart(2, "0")}`;

/** The published scoring, by hand: undefined where an answer of the scale is missing (no prorating in Schedario). */
function referenceScores(answers: Record<string, number>) {
  const scale = (items: readonly number[]) => {
    const scores = items.map((n) => answers[itemKey(n)]).map((a, i) => (a === undefined ? undefined : REVERSED.has(items[i]!) ? 2 - a : a));
    return scores.some((s) => s === undefined) ? undefined : scores.reduce((x, y) => x! + y!, 0)!;
  };
  const punteggi: Record<string, number | undefined> = {};
  for (const [name, { items }] of Object.entries(SUBSCALES)) punteggi[name] = scale(items);
  const { emotivi, condotta, iperattivita, pari } = punteggi;
  const all = (...xs: (number | undefined)[]) => (xs.some((x) => x === undefined) ? undefined : xs.reduce((a, b) => a! + b!, 0));
  punteggi.totaleDifficolta = all(emotivi, condotta, iperattivita, pari);
  punteggi.internalizzazione = all(emotivi, pari);
  punteggi.esternalizzazione = all(condotta, iperattivita);
  const band = (value: number | undefined, normalUpTo: number, borderline: number) =>
    value === undefined ? undefined : value <= normalUpTo ? "Nella norma" : value <= borderline ? "Al limite" : "Sopra la soglia";
  const fasce: Record<string, string | undefined> = { totaleDifficolta: band(punteggi.totaleDifficolta, 13, 16) };
  for (const [name, s] of Object.entries(SUBSCALES)) if ("normalUpTo" in s) fasce[name] = band(punteggi[name], s.normalUpTo, s.borderline);
  const prosocial = punteggi.prosociale;
  fasce.prosociale = prosocial === undefined ? undefined : prosocial <= 4 ? "Sotto la soglia" : prosocial === 5 ? "Al limite" : "Nella norma";
  const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return { punteggi: defined(punteggi), fasce: defined(fasce) };
}


/** The form as the browser runs it, outside React: its change step is the one under test. */
function browserForm() {
  const props = { ...rjsfFormDefaults, schema, uiSchema: {}, validator: noValidation, templates, widgets, liveValidate: "onChange" } as unknown as FormProps;
  const form = new SchedarioForm(props);
  type Step = (change: unknown, isLast: boolean, prevState: FormState, props: FormProps) => Partial<FormState>;
  const step = (form as unknown as { processChange: Step }).processChange.bind(form);
  /** The data after the person picks `value` for item `key`, starting from `data`. */
  return (data: Record<string, unknown>, key: string, value: number | undefined) => {
    const prevState = { ...form.state, formData: data };
    return step({ newValue: value, path: ["risposte", key] }, true, prevState, props).formData as Record<string, unknown>;
  };
}
const noValidation = { validateFormData: () => ({ errors: [], errorSchema: {} }), isValid: () => true, rawValidation: () => ({}) };

describe("SDQ scoring: server, browser and the published scoring agree", () => {
  it("for 1,000 random answer sets (seed 20261204), missing answers and forged scores included", () => {
    const next = seededRandom(20261204);
    const server = (data: Record<string, unknown>) => applyComputedValues(findComputedFields(schema), data);
    const change = browserForm();
    for (let round = 0; round < 1000; round++) {
      const answers: Record<string, number> = {};
      for (let n = 1; n <= 25; n++) if (next() > 0.08) answers[itemKey(n)] = Math.floor(next() * 3);
      // A client may send anything for a computed field: neither side keeps it.
      const forged = { punteggi: { totaleDifficolta: 99, emotivi: -1 }, fasce: { totaleDifficolta: "Nella norma" } };
      const typed = { puntoRilevazione: "T0", risposte: answers, ...(next() < 0.3 ? forged : {}) };

      const onServer = server(typed);
      // In the browser the last answer is the one being picked: the form's change step sets it and computes.
      const lastKey = itemKey(1 + Math.floor(next() * 25));
      const { [lastKey]: last, ...before } = answers;
      const inBrowser = change({ ...typed, risposte: before }, lastKey, last);

      const expected = referenceScores(answers);
      expect(onServer.punteggi ?? {}, `round ${round}`).toEqual(expected.punteggi);
      expect(onServer.fasce ?? {}, `round ${round}`).toEqual(expected.fasce);
      expect(inBrowser, `round ${round}`).toEqual(onServer);
    }
  });

  it("scores the shipped example as the published scoring does", () => {
    const example = JSON.parse(readFileSync("schemas/sdq/example.json", "utf8")) as { risposte: Record<string, number> };
    const scored = applyComputedValues(findComputedFields(schema), example);
    expect(scored.punteggi).toEqual({ emotivi: 3, condotta: 2, iperattivita: 7, pari: 2, prosociale: 9, totaleDifficolta: 14, internalizzazione: 5, esternalizzazione: 9 });
    expect(scored.fasce).toEqual({ totaleDifficolta: "Al limite", emotivi: "Nella norma", condotta: "Nella norma", iperattivita: "Sopra la soglia", pari: "Nella norma", prosociale: "Nella norma" });
    expect(referenceScores(example.risposte)).toEqual({ punteggi: scored.punteggi, fasce: scored.fasce });
  });
});
