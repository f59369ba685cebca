import { describe, expect, it } from "vitest";
import { casePathFor, findPathStage, listCasePaths, parseCasePaths, timePointFields } from "./case-paths";

describe("the case paths data (case-paths.json)", () => {
  it("has a path for tutela-minori (P.I.P.P.I., T0 → T1 → T2), affidi, spazio-neutro and penale-minorile", () => {
    expect(listCasePaths().map((p) => p.service)).toEqual(expect.arrayContaining(["tutela-minori", "affidi", "spazio-neutro", "penale-minorile"]));
    const pippi = casePathFor("tutela-minori").stages.filter((s) => s.form === "mondo-del-bambino");
    expect(pippi.map((s) => s.timePoint)).toEqual(["T0", "T1", "T2"].map((value) => ({ field: "puntoRilevazione", value })));
    expect(timePointFields(casePathFor("tutela-minori"))).toEqual(new Map([["mondo-del-bambino", "puntoRilevazione"], ["microprogettazione", "puntoRilevazione"]]));
  });

  it("finds a stage by its key within one service only", () => {
    expect(findPathStage("affidi", "foster-plan")?.form).toBe("affido-progetto");
    expect(findPathStage("tutela-minori", "foster-plan")).toBeUndefined();
    expect(casePathFor("consulenza-legale").stages).toEqual([]);
  });
});

describe("parseCasePaths", () => {
  const stage = (extra: Record<string, unknown> = {}) => ({ key: "a", label: "A", form: "modulo-a", ...extra });

  it("accepts a path and defaults repeatable to false", () => {
    expect(parseCasePaths({ s: { name: "P", stages: [stage()] } }).get("s")!.stages).toEqual([{ key: "a", label: "A", form: "modulo-a", repeatable: false }]);
  });

  it.each([
    ["not an object", [], "must be an object"],
    ["no stages", { s: { name: "P" } }, "needs a name and a list of stages"],
    ["bad key", { s: { name: "P", stages: [stage({ key: "a b" })] } }, "key must be"],
    ["twice the same key", { s: { name: "P", stages: [stage(), stage()] } }, 'key "a" is used twice'],
    ["no label", { s: { name: "P", stages: [stage({ label: " " })] } }, "label is missing"],
    ["bad slug", { s: { name: "P", stages: [stage({ form: "Modulo A" })] } }, "form must be a form slug"],
    ["bad time point", { s: { name: "P", stages: [stage({ timePoint: { field: "a/b", value: "T0" } })] } }, "timePoint needs"],
    [
      "same time point twice",
      { s: { name: "P", stages: [stage({ timePoint: { field: "t", value: "T0" } }), stage({ key: "b", timePoint: { field: "t", value: "T0" } })] } },
      "is already a stage",
    ],
    [
      "two fields for one form",
      { s: { name: "P", stages: [stage({ timePoint: { field: "t", value: "T0" } }), stage({ key: "b", timePoint: { field: "u", value: "T1" } })] } },
      "keeps its time point in two fields",
    ],
  ])("refuses %s", (_, raw, message) => {
    expect(() => parseCasePaths(raw)).toThrow(message);
  });
});
