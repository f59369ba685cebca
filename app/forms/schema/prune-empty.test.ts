import { describe, expect, it } from "vitest";
import { pruneEmptyObjects } from "./prune-empty";

describe("pruneEmptyObjects", () => {
  it("drops undefined values and empty groups, nested too, but keeps rows, empty lists and falsy values", () => {
    const data = { a: undefined, esito: {}, minore: { nome: "Luca", indirizzo: { via: undefined } }, righe: [{}, { x: {} }], motivi: [], zero: 0, no: false, vuoto: "" };
    expect(pruneEmptyObjects(data)).toEqual({ minore: { nome: "Luca" }, righe: [{}, {}], motivi: [], zero: 0, no: false, vuoto: "" });
  });

  it("does not change its input", () => {
    const data = { esito: {} };
    pruneEmptyObjects(data);
    expect(data).toEqual({ esito: {} });
  });
});
