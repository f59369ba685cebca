import { describe, expect, it } from "vitest";
import { SUBMISSION_DATA_LIMITS, submissionDataProblem } from "./data-bounds";

const problemOf = (data: unknown) => submissionDataProblem(data, JSON.stringify(data));

describe("submissionDataProblem: what one revision may hold", () => {
  it("accepts a large ordinary form: 500 fields, a group of 200 rows", () => {
    const data: Record<string, unknown> = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`campo${i}`, `valore ${i}`]));
    data.righe = Array.from({ length: 200 }, (_, i) => ({ nome: `riga ${i}`, eta: i, presente: true }));
    expect(problemOf(data)).toBeUndefined();
  });

  it(`refuses more than ${SUBMISSION_DATA_LIMITS.maxEntries} fields and rows (the 40,000-key draft), with an Italian message`, () => {
    const keys = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, 1]));
    expect(problemOf(keys)).toEqual({ path: "", message: expect.stringContaining("40000 campi e righe, oltre il massimo di 10000") });
    expect(problemOf({ lista: new Array(200_000).fill(0) })?.message).toContain("oltre il massimo");
  });

  it(`refuses more than ${SUBMISSION_DATA_LIMITS.maxBytes / 1024} KiB of JSON`, () => {
    expect(problemOf({ note: "è".repeat(300 * 1024) })).toEqual({ path: "", message: expect.stringContaining("dimensione massima di 512 KiB (601 KiB)") });
  });

  it("refuses unstorable values and nesting beyond the limit, by pointer", () => {
    expect(problemOf({ a: { b: Number.POSITIVE_INFINITY } })?.path).toBe("/a/b");
    expect(problemOf({ "x\u0000": 1 })?.path).toBe("/x\u0000");
    let deep: Record<string, unknown> = {};
    for (let i = 1; i < SUBMISSION_DATA_LIMITS.maxDepth; i++) deep = { a: deep };
    expect(problemOf(deep)).toBeUndefined();
    expect(problemOf({ a: deep })?.message).toContain("annidati oltre");
  });
});
