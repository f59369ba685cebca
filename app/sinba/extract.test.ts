import { describe, expect, it } from "vitest";
import { ageBand, extractSinbaRecord, type SinbaMapping } from "./extract";
import { escapeXml, renderSinbaFlow } from "./xml";

const mapping: SinbaMapping = {
  forms: { a: "Modulo A", b: "Modulo B" },
  benefitCodesConfirmed: false,
  items: {
    FonteSegnalazione: [
      { form: "b", field: "/fonte", codes: { scuola: "13" } },
      { form: "a", field: "/segnalante", codes: { famiglia: "8" } },
    ],
    MinoreStranieroNoAcc: [{ form: "a", field: "/motivi", transform: "contiene", value: "msna", codes: { si: "1", no: "2" } }],
    DataPrimaSegnalazione: [{ form: "a", field: "/data", transform: "mese" }],
    AnnoNascita: [{ form: "a", field: "/nascita", transform: "anno" }],
    FasciaEtaBeneficiario: [{ form: "a", field: "/nascita", transform: "fascia-eta" }],
    ComposizioneFamiglia: [{ form: "a", field: "/nucleo/*/relazione", where: { field: "/nucleo/*/convive", equals: "si" }, codes: { madre: "1", padre: "2", zio: "6" } }],
    CodicePrestazione: [{ form: "b", field: "/interventi/*", codes: { edu: "SCH-EDUDOM" } }],
  },
};

const intake = {
  segnalante: "famiglia",
  motivi: ["trascuratezza"],
  data: "2026-02-10",
  nascita: "2016-05-14",
  nucleo: [
    { relazione: "madre", convive: "si" },
    { relazione: "padre", convive: "no" },
    { relazione: "zio", convive: "si" },
    { relazione: "madre", convive: "si" },
  ],
};

describe("extractSinbaRecord", () => {
  it("reads each item through its sources, transforms and codes", () => {
    const record = extractSinbaRecord(mapping, new Map<string, Record<string, unknown>>([["a", intake], ["b", { interventi: ["edu", "ignoto"] }]]), { referenceDay: "2026-12-31" });
    expect(record.attributes).toMatchObject({ FonteSegnalazione: "8", MinoreStranieroNoAcc: "2", DataPrimaSegnalazione: "02/2026", AnnoNascita: "2016", FasciaEtaBeneficiario: "4" });
    // Only members living with the child, each code once.
    expect(record.lists).toEqual({ ComposizioneFamiglia: ["1", "6"], CodicePrestazione: ["SCH-EDUDOM"] });
  });

  it("prefers the first source that gives a code, and reports a value without one only when no source gave the item", () => {
    const withOverride = extractSinbaRecord(mapping, new Map<string, Record<string, unknown>>([["a", { ...intake, segnalante: "anonimo" }], ["b", { fonte: "scuola" }]]), { referenceDay: "2026-12-31" });
    expect(withOverride.attributes.FonteSegnalazione).toBe("13");
    expect(withOverride.uncoded).toEqual([]);
    const anonymous = extractSinbaRecord(mapping, new Map([["a", { ...intake, segnalante: "anonimo" }]]), { referenceDay: "2026-12-31" });
    expect(anonymous.attributes.FonteSegnalazione).toBeUndefined();
    expect(anonymous.missing).toContain("FonteSegnalazione");
    expect(anonymous.uncoded).toEqual([{ item: "FonteSegnalazione", source: mapping.items.FonteSegnalazione![1], value: "anonimo" }]);
  });

  it("lists every required item with no value, mapped or not", () => {
    const record = extractSinbaRecord(mapping, new Map(), { referenceDay: "2026-12-31" });
    expect(record.missing).toHaveLength(17);
    expect(record.missing).toEqual(expect.arrayContaining(["CondizioneMinore", "CodicePrestazione", "ComposizioneFamiglia", "CodiceNazioneResidenza"]));
  });
});

describe("ageBand", () => {
  it.each([
    ["2026-12-31", "2026-12-31", "1"],
    ["2023-12-31", "2026-12-30", "1"],
    ["2023-12-31", "2026-12-31", "2"],
    ["2009-01-01", "2026-12-31", "6"],
    ["2008-12-31", "2026-12-31", undefined], // 18 on the reference day
    ["2027-01-01", "2026-12-31", undefined], // not born yet
  ])("born %s, on %s → %s", (birth, day, band) => {
    expect(ageBand(birth, day)).toBe(band);
  });
});

describe("renderSinbaFlow", () => {
  it("escapes text and writes attributes in the schema's order", () => {
    expect(escapeXml(`A&B <"c"> 'd'`)).toBe("A&amp;B &lt;&quot;c&quot;&gt; &apos;d&apos;");
    const xml = renderSinbaFlow({
      name: "SINBA prova",
      ente: { code: "E1", name: "Ambito \"Seregno\" & co", catastoCode: "I625", operatorTaxCode: "DMOPRT80A01I625Z" },
      records: [{ beneficiaryId: "ABC", attributes: { AnnoNascita: "2016", MinoreStranieroNoAcc: "2" }, benefits: ["SCH-EDUDOM"], household: ["1"] }],
    });
    expect(xml).toContain('Denominazione="Ambito &quot;Seregno&quot; &amp; co"');
    expect(xml).toContain('<SINBA IDBeneficiario="ABC" MinoreStranieroNoAcc="2" AnnoNascita="2016">');
  });
});
