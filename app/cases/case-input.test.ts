import { describe, expect, it } from "vitest";
import { parseCaseInput } from "./case-input";

const base = { code: "TM-SER-2026-001", minorRef: "M-0412", service: "tutela-minori", comune: "seregno" };

describe("parseCaseInput", () => {
  it("accepts and normalises a well-formed case", () => {
    expect(parseCaseInput({ ...base, code: " tm-ser-2026-001 ", comune: "" })).toEqual({
      input: { code: "TM-SER-2026-001", minorRef: "M-0412", service: "tutela-minori", comune: null },
      errors: {},
    });
  });

  it.each([
    ["", "Indica il codice"],
    ["AB", "da 3 a 32"],
    ["TM SER 1", "lettere, cifre e trattini"],
    ["TM--1", "lettere, cifre e trattini"],
    ["-TM1", "lettere, cifre e trattini"],
    ["TM-1-", "lettere, cifre e trattini"],
    ["À-001", "lettere, cifre e trattini"],
    ["X".repeat(33), "da 3 a 32"],
  ])("refuses the code %j", (code, message) => {
    expect(parseCaseInput({ ...base, code }).errors.code).toContain(message);
  });

  it.each([
    ["", "Indica il riferimento"],
    ["RSSMRA80A01F205X", "codice fiscale"],
    ["rssmra80a01f205x", "codice fiscale"],
    ["RSSMRA80A01F2LMX", "codice fiscale"],
    ["Mario Rossi", "senza spazi"],
    ["M", "senza spazi"],
    ["x".repeat(41), "senza spazi"],
  ])("refuses the pseudonym %j", (minorRef, message) => {
    expect(parseCaseInput({ ...base, minorRef }).errors.minorRef).toContain(message);
  });

  it("requires a service", () => {
    expect(parseCaseInput({ ...base, service: " " }).errors).toEqual({ service: "Scegli il servizio." });
  });
});
