import { describe, expect, it } from "vitest";
import { copyValues } from "./copy-values";

describe("copyValues", () => {
  const stored = { nome: "Anna", nucleo: [{ nome: "Paolo", eta: 40 }], note: "vecchia" };
  const yours = { nome: "Anna Maria", nucleo: [{ nome: "Paolo", eta: 41 }, { nome: "Luca", eta: 9 }] };

  it("copies the chosen fields, nested and in rows, and leaves the others as stored", () => {
    expect(copyValues(stored, yours, ["/nome", "/nucleo/0/eta"])).toEqual({
      nome: "Anna Maria",
      nucleo: [{ nome: "Paolo", eta: 41 }],
      note: "vecchia",
    });
  });

  it("adds missing rows and removes a field that is absent in the copied version", () => {
    expect(copyValues(stored, yours, ["/nucleo/1/nome", "/note"])).toEqual({
      nome: "Anna",
      nucleo: [{ nome: "Paolo", eta: 40 }, { nome: "Luca" }],
    });
  });

  it("never changes its inputs and treats __proto__ as an ordinary key", () => {
    const base = structuredClone(stored);
    const result = copyValues(base, JSON.parse('{"__proto__": {"x": 1}}'), ["/__proto__/x"]);
    expect(base).toEqual(stored);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
