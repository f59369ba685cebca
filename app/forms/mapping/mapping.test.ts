import { describe, expect, it } from "vitest";
import { applyMapping, MappingChainError, movedAwayPointers, presentInVersion, type MappedVersion } from "./mapping";

describe("applyMapping", () => {
  it("moves a renamed field and leaves the others where they are", () => {
    const data = { nome: "Luca", eta: 7 };
    const mapped = applyMapping(data, { fromVersion: 1, rules: [{ from: "/nome", to: "/nomeMinore" }] });
    expect(mapped).toEqual({ nomeMinore: "Luca", eta: 7 });
    // The stored data is never rewritten.
    expect(data).toEqual({ nome: "Luca", eta: 7 });
  });

  it("moves a field into a group, creating the group", () => {
    const mapped = applyMapping({ nome: "Luca" }, { fromVersion: 1, rules: [{ from: "/nome", to: "/minore/nome" }] });
    expect(mapped).toEqual({ minore: { nome: "Luca" } });
  });

  it("recodes a single choice in place, and every code of a multiple choice", () => {
    const rules = [
      { from: "/esito", to: "/esito", recode: [{ from: "no", to: "assente" }] },
      { from: "/servizi", to: "/servizi", recode: [{ from: "uonpia", to: "npia" }] },
    ];
    const mapped = applyMapping({ esito: "no", servizi: ["uonpia", "cps"] }, { fromVersion: 1, rules });
    expect(mapped).toEqual({ esito: "assente", servizi: ["npia", "cps"] });
  });

  it("leaves a code with no recoding as it is, and a number code matches only the number", () => {
    const rules = [{ from: "/punteggio", to: "/livello", recode: [{ from: 1, to: "basso" }] }];
    expect(applyMapping({ punteggio: 1 }, { fromVersion: 1, rules })).toEqual({ livello: "basso" });
    expect(applyMapping({ punteggio: "1" }, { fromVersion: 1, rules })).toEqual({ livello: "1" });
    expect(applyMapping({ punteggio: 4 }, { fromVersion: 1, rules })).toEqual({ livello: 4 });
  });

  it("swaps two fields, because every rule reads the original data", () => {
    const rules = [
      { from: "/a", to: "/b" },
      { from: "/b", to: "/a" },
    ];
    expect(applyMapping({ a: 1, b: 2 }, { fromVersion: 1, rules })).toEqual({ a: 2, b: 1 });
  });

  it("maps inside every element of a repeatable group", () => {
    const data = { familiari: [{ grado: "madre", anni: 40 }, { grado: "padre" }] };
    const rules = [{ from: "/familiari/*/anni", to: "/nucleo/*/eta" }, { from: "/familiari/*/grado", to: "/nucleo/*/relazione" }];
    expect(applyMapping(data, { fromVersion: 1, rules })).toEqual({
      familiari: [{}, {}],
      nucleo: [{ relazione: "madre", eta: 40 }, { relazione: "padre" }],
    });
  });

  it("does nothing for a field the data does not have (missing pointer)", () => {
    const rules = [{ from: "/assente", to: "/nuovo" }, { from: "/gruppo/dentro", to: "/fuori" }];
    expect(applyMapping({ altro: true, gruppo: "non un gruppo" }, { fromVersion: 1, rules })).toEqual({ altro: true, gruppo: "non un gruppo" });
  });

  it("keeps a null value and an empty array as values", () => {
    const mapped = applyMapping({ a: null, b: [] }, { fromVersion: 1, rules: [{ from: "/a", to: "/x" }, { from: "/b", to: "/y" }] });
    expect(mapped).toEqual({ x: null, y: [] });
  });

  it("returns the data itself when there is no mapping", () => {
    const data = { a: 1 };
    expect(applyMapping(data, null)).toBe(data);
  });
});

describe("presentInVersion", () => {
  const versions: MappedVersion[] = [
    { version: 1, mapping: null },
    // 2 renames nome → nomeMinore
    { version: 2, mapping: { fromVersion: 1, rules: [{ from: "/nome", to: "/nomeMinore" }] } },
    // 3 changes nothing declared
    { version: 3, mapping: null },
    // 4 moves it into a group and recodes esito
    {
      version: 4,
      mapping: {
        fromVersion: 3,
        rules: [
          { from: "/nomeMinore", to: "/minore/nome" },
          { from: "/esito", to: "/esito", recode: [{ from: "si", to: "presa-in-carico" }] },
        ],
      },
    },
  ];

  it("chains the mappings of every version in between, in order", () => {
    expect(presentInVersion({ nome: "Luca", esito: "si" }, 1, 4, versions)).toEqual({ minore: { nome: "Luca" }, esito: "presa-in-carico" });
    expect(presentInVersion({ nomeMinore: "Sara", esito: "no" }, 3, 4, versions)).toEqual({ minore: { nome: "Sara" }, esito: "no" });
    expect(presentInVersion({ nome: "Luca" }, 1, 3, versions)).toEqual({ nomeMinore: "Luca" });
  });

  it("shows data of the target version as it is", () => {
    const data = { minore: { nome: "Ada" } };
    expect(presentInVersion(data, 4, 4, versions)).toBe(data);
  });

  it("refuses a chain with a missing version, a mapping from another version, or going backwards", () => {
    const gap = versions.filter((v) => v.version !== 3);
    expect(() => presentInVersion({}, 1, 4, gap)).toThrow(MappingChainError);
    const wrong: MappedVersion[] = [{ version: 1, mapping: null }, { version: 2, mapping: { fromVersion: 5, rules: [] } }];
    expect(() => presentInVersion({}, 1, 2, wrong)).toThrow(/parte dalla versione 5/);
    expect(() => presentInVersion({}, 3, 2, versions)).toThrow(MappingChainError);
  });
});

describe("movedAwayPointers", () => {
  it("names the fields moved elsewhere, not those recoded in place nor those a later rule writes again", () => {
    const versions: MappedVersion[] = [
      { version: 1, mapping: null },
      { version: 2, mapping: { fromVersion: 1, rules: [{ from: "/nome", to: "/nomeMinore" }, { from: "/esito", to: "/esito", recode: [{ from: 1, to: 2 }] }] } },
      { version: 3, mapping: { fromVersion: 2, rules: [{ from: "/nomeMinore", to: "/nome" }, { from: "/eta", to: "/minore/eta" }] } },
    ];
    expect([...movedAwayPointers(versions)].sort()).toEqual(["/eta", "/nomeMinore"]);
  });
});
