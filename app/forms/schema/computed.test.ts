import { describe, expect, it } from "vitest";
import { applyComputedValues, computeValue, findComputedFields } from "./computed";

const num = (extra: Record<string, unknown> = {}) => ({ type: "integer", title: "N", ...extra });
const schema = {
  type: "object",
  title: "Prova",
  properties: {
    a: num(),
    b: num(),
    scelta: { type: "string", title: "Scelta", oneOf: [{ const: "si", title: "Sì" }, { const: "no", title: "No" }] },
    esiti: {
      type: "object",
      title: "Esiti",
      properties: {
        // Declared before what it reads: the order of evaluation follows dependencies, not declarations.
        fascia: { type: "string", title: "Fascia", readOnly: true, "x-computed": { op: "band", field: "/esiti/somma", bands: [{ max: 3, label: "bassa" }, { label: "alta" }] } },
        somma: { type: "integer", title: "Somma", readOnly: true, "x-computed": { op: "sum", fields: ["/a", { field: "/scelta", scores: { si: 1, no: 0 } }] } },
        media: { type: "number", title: "Media", readOnly: true, "x-computed": { op: "mean", fields: ["/a", "/b"], decimals: 1 } },
        risposte: { type: "integer", title: "Risposte", readOnly: true, "x-computed": { op: "count", fields: ["/a", "/b", "/scelta"] } },
        si: { type: "integer", title: "Sì", readOnly: true, "x-computed": { op: "count", fields: ["/scelta"], values: ["si"] } },
      },
    },
  },
};

describe("computed fields", () => {
  it("finds the declarations in dependency order", () => {
    expect(findComputedFields(schema).map((f) => f.pointer)).toEqual(["/esiti/somma", "/esiti/fascia", "/esiti/media", "/esiti/risposte", "/esiti/si"]);
  });

  it("computes sums, scored answers, means, counts and bands, replacing what the client sent", () => {
    const data = { a: 2, b: 3, scelta: "si", esiti: { somma: 100, fascia: "inventata" } };
    expect(applyComputedValues(findComputedFields(schema), data)).toEqual({
      a: 2,
      b: 3,
      scelta: "si",
      esiti: { somma: 3, fascia: "bassa", media: 2.5, risposte: 3, si: 1 },
    });
    expect(applyComputedValues(findComputedFields(schema), { a: 4, scelta: "si" }).esiti).toEqual({ somma: 5, fascia: "alta", media: 4, risposte: 2, si: 1 });
  });

  it("leaves a value out until it can be computed, and creates no empty group", () => {
    expect(applyComputedValues(findComputedFields(schema), { b: 1 })).toEqual({ b: 1, esiti: { media: 1, risposte: 1, si: 0 } });
    const onlyMean = { type: "object", title: "P", properties: { a: num(), g: { type: "object", title: "G", properties: { m: { type: "number", title: "M", readOnly: true, "x-computed": { op: "mean", fields: ["/a"] } } } } } };
    const empty = {};
    expect(applyComputedValues(findComputedFields(onlyMean), empty)).toBe(empty);
  });

  it("keeps the identity of data that does not change", () => {
    const data = applyComputedValues(findComputedFields(schema), { a: 2, b: 3, scelta: "no" });
    expect(applyComputedValues(findComputedFields(schema), data)).toBe(data);
  });

  it("rounds means half away from zero and ignores values that are not numbers", () => {
    expect(computeValue({ op: "mean", fields: ["/a", "/b", "/c"], decimals: 2 }, { a: 1, b: 1, c: 2 })).toBe(1.33);
    expect(computeValue({ op: "mean", fields: ["/a", "/b"], decimals: 0 }, { a: 1, b: 2 })).toBe(2);
    expect(computeValue({ op: "sum", fields: ["/a", "/b"] }, { a: 1, b: "2" })).toBeUndefined();
    expect(computeValue({ op: "sum", fields: ["/a", "/b"], minAnswered: 1 }, { a: 0.1, b: 0.2 })).toBe(0.3);
    expect(computeValue({ op: "mean", fields: ["/a"], minAnswered: 1 }, {})).toBeUndefined();
  });
});

describe("Il Mondo del Bambino: the average rating of each side", () => {
  it("averages the rated sub-dimensions of each side, to one decimal, and leaves unrated sides empty", async () => {
    const { readFile } = await import("node:fs/promises");
    const mondo = JSON.parse(await readFile("schemas/mondo-del-bambino/schema.json", "utf8")) as Record<string, unknown>;
    const data = {
      bisogniSviluppo: { saluteCrescita: { valutazione: 4 }, autonomia: { valutazione: 5 }, apprendimento: { valutazione: 2 } },
      risposteGenitoriali: { curaBaseSicurezza: { valutazione: 3 }, guidaRegoleValori: { descrizione: "non valutata" } },
      fattoriFamiliariAmbientali: { abitazione: { descrizione: "da approfondire" } },
    };
    const result = applyComputedValues(findComputedFields(mondo), data) as typeof data & Record<string, Record<string, unknown>>;
    expect(result.bisogniSviluppo).toMatchObject({ mediaValutazioni: 3.7 });
    expect(result.risposteGenitoriali).toMatchObject({ mediaValutazioni: 3 });
    expect(result.fattoriFamiliariAmbientali).not.toHaveProperty("mediaValutazioni");
  });
});
