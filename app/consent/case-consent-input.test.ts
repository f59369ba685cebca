import { describe, expect, it } from "vitest";
import { paperConsentField, parseConsentRequestForm, parsePaperConsentForm } from "./case-consent-input";

const posted = (values: Record<string, string>) => (name: string) => (values[name] ?? "").trim();
const VALID = { formVersion: "consenso@2", recipientName: "Maria Rossi", relationship: "madre", expiresInDays: "7" };

describe("parseConsentRequestForm", () => {
  it("reads a complete request", () => {
    expect(parseConsentRequestForm(posted(VALID))).toEqual({
      input: { form: "consenso", version: 2, recipient: { name: "Maria Rossi", relationship: "madre", email: null }, expiresInDays: 7 },
      errors: {},
    });
  });

  it.each([
    [{ formVersion: "" }, "formVersion"],
    [{ recipientName: "" }, "recipientName"],
    [{ relationship: "vicino" }, "relationship"],
    [{ expiresInDays: "0" }, "expiresInDays"],
    [{ expiresInDays: "1.5" }, "expiresInDays"],
  ])("refuses %j on %s", (change, field) => {
    expect(Object.keys(parseConsentRequestForm(posted({ ...VALID, ...change })).errors)).toEqual([field]);
  });
});

describe("parsePaperConsentForm", () => {
  it("collects the purposes' answers from their scopo: fields", () => {
    const input = parsePaperConsentForm(posted({ signerName: "Luca Bianchi", witnessId: "4" }), [
      ["scopo:foto", "si"],
      ["scopo:dati", ""],
      ["signerName", "Luca Bianchi"],
    ]);
    expect(input.answers).toEqual({ foto: "si", dati: "" });
    expect(input.witnessId).toBe(4);
  });

  it("names the paper form's own fields for the paths it shares with the request form", () => {
    expect(paperConsentField("/relationship")).toBe("paperRelationship");
    expect(paperConsentField("/signerName")).toBeUndefined();
  });
});
