import { describe, expect, it } from "vitest";
import { isIsoDate, parseCourtOrderInput } from "./court-order-input";

function form(fields: Record<string, string | string[]>) {
  return {
    get: (name: string) => {
      const v = fields[name];
      return Array.isArray(v) ? v[0] : v;
    },
    getAll: (name: string) => {
      const v = fields[name];
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    },
  };
}

const VALID = { autorita: "tribunale-minorenni", rg: " 1234/2026 ", data: "2026-03-01", tipo: "affidamento-servizio", compiti: "Relazione ogni 6 mesi" };

describe("parseCourtOrderInput", () => {
  it("accepts a decree, trimming text and sorting the due dates without repeats or blanks", () => {
    const { input, errors } = parseCourtOrderInput(form({ ...VALID, scadenza: ["2026-09-01", "", "2026-06-01", "2026-09-01"] }));
    expect(errors).toEqual({});
    expect(input).toMatchObject({ docketNumber: "1234/2026", deadlines: ["2026-06-01", "2026-09-01"] });
  });

  it.each([
    [{ autorita: "tar" }, "autorita"],
    [{ rg: "" }, "rg"],
    [{ rg: "x".repeat(41) }, "rg"],
    [{ data: "2026-02-30" }, "data"],
    [{ tipo: "sconosciuto" }, "tipo"],
    [{ compiti: "x".repeat(4001) }, "compiti"],
    [{ scadenza: "01/06/2026" }, "scadenza"],
    [{ scadenza: "2026-01-01" }, "scadenza"],
    [{ scadenza: ["2026-04-01", "2026-04-02", "2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06", "2026-04-07"] }, "scadenza"],
  ])("refuses %j at %s", (change, field) => {
    expect(Object.keys(parseCourtOrderInput(form({ ...VALID, ...change })).errors)).toEqual([field]);
  });

  it.each([
    ["2026-12-31", true],
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["26-1-1", false],
    ["1800-01-01", false],
  ])("isIsoDate(%s) = %s", (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});
