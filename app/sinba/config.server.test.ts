import { describe, expect, it } from "vitest";
import { DEMO_SINBA_ENV, loadSinbaData, mappingProblems, sinbaEnvironment, SinbaConfigError } from "./config.server";
import { beneficiaryId } from "./pseudonym.server";

describe("the SINBA data files", () => {
  it("app/sinba/data/mapping.json and app/sinba/data/ente.json are valid, with no problem the schemas cannot see", async () => {
    const { mapping, ente } = await loadSinbaData();
    expect(mappingProblems(mapping)).toEqual([]);
    expect(ente.codiciCatastali[ente.comuneSede]).toBe("I625");
  });

  it("finds unknown items, codes INPS does not have, undeclared forms and unmapped required items", () => {
    const problems = mappingProblems({
      forms: { a: "A" },
      benefitCodesConfirmed: true,
      items: {
        Inventata: [{ form: "a", field: "/x" }],
        CondizioneMinore: [{ form: "b", field: "/c", codes: { orfano: "7" } }],
      } as never,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "la voce Inventata non esiste nel tracciato SINBA",
        "CondizioneMinore: il modulo b non è elencato in \"forms\"",
        'CondizioneMinore: il codice "7" (per "orfano") non è un valore ammesso',
        "manca la voce obbligatoria FonteSegnalazione",
      ]),
    );
  });
});

describe("sinbaEnvironment", () => {
  const production = { NODE_ENV: "production", SINBA_PSEUDONYM_KEY: "k".repeat(32), SINBA_ENTE_CODE: "ENTE1", SINBA_OPERATOR_TAX_CODE: "rssmra80a01f205x" };

  it("uses the configured values in production (tax code in capitals)", () => {
    expect(sinbaEnvironment(production)).toEqual({ pseudonymKey: "k".repeat(32), enteCode: "ENTE1", operatorTaxCode: "RSSMRA80A01F205X", demoValues: [] });
  });

  it("refuses to run in production without a key, and says which variable to set", () => {
    expect(() => sinbaEnvironment({ ...production, SINBA_PSEUDONYM_KEY: "" })).toThrow(SinbaConfigError);
    expect(() => sinbaEnvironment({ ...production, SINBA_PSEUDONYM_KEY: undefined })).toThrow(/^manca SINBA_PSEUDONYM_KEY/);
    expect(() => sinbaEnvironment({ ...production, SINBA_PSEUDONYM_KEY: "corta" })).toThrow(/troppo corta/);
    expect(() => sinbaEnvironment({ ...production, SINBA_OPERATOR_TAX_CODE: "123" })).toThrow(/non è un codice fiscale valido/);
  });

  it("outside production fills the gaps with demo values and says which", () => {
    expect(sinbaEnvironment({})).toEqual({ pseudonymKey: DEMO_SINBA_ENV.SINBA_PSEUDONYM_KEY, enteCode: DEMO_SINBA_ENV.SINBA_ENTE_CODE, operatorTaxCode: DEMO_SINBA_ENV.SINBA_OPERATOR_TAX_CODE, demoValues: ["SINBA_PSEUDONYM_KEY", "SINBA_ENTE_CODE", "SINBA_OPERATOR_TAX_CODE"] });
  });
});

describe("beneficiaryId", () => {
  it("is stable per child and key, 20 base32 characters, and changes with the key", () => {
    const id = beneficiaryId("k".repeat(32), "MIN-0001");
    expect(id).toMatch(/^[A-Z2-7]{20}$/);
    expect(beneficiaryId("k".repeat(32), "MIN-0001")).toBe(id);
    expect(beneficiaryId("k".repeat(32), "MIN-0002")).not.toBe(id);
    expect(beneficiaryId("j".repeat(32), "MIN-0001")).not.toBe(id);
  });
});
