import { describe, expect, it } from "vitest";
import { daysBetween, parsePeriod, periodQuery } from "./period";

const TODAY = "2026-07-15";

describe("parsePeriod", () => {
  it("defaults to the current year", () => {
    expect(parsePeriod({}, TODAY).period).toEqual({ kind: "anno", from: "2026-01-01", to: "2026-12-31", label: "anno 2026" });
  });

  it("reads a month, including February of a leap year, and a quarter", () => {
    expect(parsePeriod({ periodo: "mese", anno: "2028", mese: "2" }, TODAY).period).toMatchObject({ from: "2028-02-01", to: "2028-02-29", label: "febbraio 2028" });
    expect(parsePeriod({ periodo: "mese", anno: "2026", mese: "2" }, TODAY).period?.to).toBe("2026-02-28");
    expect(parsePeriod({ periodo: "trimestre", anno: "2026", trimestre: "4" }, TODAY).period).toMatchObject({ from: "2026-10-01", to: "2026-12-31", label: "4º trimestre 2026" });
  });

  it("reads a range of days, both included, and refuses impossible or reversed ones in Italian", () => {
    expect(parsePeriod({ periodo: "intervallo", dal: "2026-03-01", al: "2026-04-15" }, TODAY).period).toMatchObject({
      from: "2026-03-01",
      to: "2026-04-15",
      label: "dal 1 marzo 2026 al 15 aprile 2026",
    });
    expect(parsePeriod({ periodo: "intervallo", dal: "2026-02-31", al: "" }, TODAY).errors).toEqual({
      dal: "La data «2026-02-31» non è valida: usa il calendario o scrivila come AAAA-MM-GG.",
      al: "Indica la data di fine.",
    });
    expect(parsePeriod({ periodo: "intervallo", dal: "2026-05-01", al: "2026-04-01" }, TODAY).errors).toEqual({ al: "La data di fine viene prima di quella di inizio." });
  });

  it("refuses an unknown kind, a year out of range, a missing month or quarter", () => {
    expect(parsePeriod({ periodo: "settimana" }, TODAY).errors).toHaveProperty("periodo");
    expect(parsePeriod({ periodo: "anno", anno: "26" }, TODAY).errors).toHaveProperty("anno");
    expect(parsePeriod({ periodo: "mese", anno: "2026", mese: "13" }, TODAY).errors).toEqual({ mese: "Scegli il mese." });
    expect(parsePeriod({ periodo: "trimestre", anno: "2026" }, TODAY).errors).toEqual({ trimestre: "Scegli il trimestre." });
  });

  it("writes back the query that asks for the same period", () => {
    for (const query of [
      { periodo: "mese", anno: "2026", mese: "3" },
      { periodo: "trimestre", anno: "2026", trimestre: "2" },
      { periodo: "anno", anno: "2025" },
      { periodo: "intervallo", dal: "2026-01-10", al: "2026-02-20" },
    ]) {
      expect(periodQuery(parsePeriod(query, TODAY).period!)).toEqual(query);
    }
  });

  it("counts whole days between calendar days", () => {
    expect(daysBetween("2026-03-01", "2026-03-20")).toBe(19);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-03-02", "2026-03-01")).toBe(-1);
  });
});
