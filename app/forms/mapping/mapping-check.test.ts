import { describe, expect, it } from "vitest";
import { listFormFields } from "./diff";
import { checkMappingRules, fieldCodes, formatRecodeText, parseRecodeText, RecodeSyntaxError } from "./mapping-check";

const choice = (title: string, codes: (string | number)[]) => ({ title, oneOf: codes.map((c) => ({ const: c, title: String(c) })) });

const oldSchema = {
  type: "object",
  title: "Verbale",
  properties: {
    nome: { type: "string", title: "Nome" },
    esito: { type: "string", ...choice("Esito", ["si", "no"]) },
    punteggio: { type: "integer", ...choice("Punteggio", [1, 2, 3]) },
    servizi: { type: "array", title: "Servizi", uniqueItems: true, items: { type: "string", enum: ["uonpia", "cps"] } },
    familiari: { type: "array", title: "Familiari", items: { type: "object", title: "Familiare", properties: { anni: { type: "integer", title: "Anni" } } } },
  },
};
const newSchema = {
  type: "object",
  title: "Verbale",
  properties: {
    minore: { type: "object", title: "Minore", properties: { nome: { type: "string", title: "Nome del minore" } } },
    esito: { type: "string", ...choice("Esito", ["presa-in-carico", "no"]) },
    livello: { type: "integer", ...choice("Livello", [10, 20]) },
    servizi: { type: "array", title: "Servizi", uniqueItems: true, items: { type: "string", enum: ["npia", "cps"] } },
    nucleo: { type: "array", title: "Nucleo", items: { type: "object", title: "Persona", properties: { eta: { type: "integer", title: "Età" } } } },
  },
};

describe("checkMappingRules", () => {
  it("accepts renames, moves, recodings of single and multiple choices, and array elements", () => {
    const rules = [
      { from: "/nome", to: "/minore/nome" },
      { from: "/esito", to: "/esito", recode: [{ from: "si", to: "presa-in-carico" }] },
      { from: "/punteggio", to: "/livello", recode: [{ from: 1, to: 10 }] },
      { from: "/servizi", to: "/servizi", recode: [{ from: "uonpia", to: "npia" }] },
      { from: "/familiari/*/anni", to: "/nucleo/*/eta" },
    ];
    expect(checkMappingRules(rules, oldSchema, newSchema)).toEqual([]);
  });

  it("names each problem with the rule it belongs to", () => {
    const rules = [
      { from: "/cognome", to: "/minore/nome" },
      { from: "/nome", to: "/minore/cognome" },
      { from: "/familiari/*/anni", to: "/minore" },
      { from: "/familiari/*", to: "/nucleo/*" },
      { from: "/esito", to: "/minore/nome" },
      { from: "/esito", to: "/esito", recode: [{ from: "forse", to: "si" }] },
      { from: "/nome", to: "/livello", recode: [{ from: "x", to: 10 }] },
    ];
    expect(checkMappingRules(rules, oldSchema, newSchema)).toEqual([
      { rule: 0, field: "from", message: 'il campo di partenza "/cognome" non esiste nella versione precedente' },
      { rule: 1, field: "to", message: 'il campo di arrivo "/minore/cognome" non esiste nella nuova versione' },
      { rule: 2, field: "to", message: "i due campi devono stare allo stesso livello di elenchi ripetuti" },
      { rule: 3, field: "from", message: "indicare il campo elenco, non i suoi elementi (il percorso non può finire con /*)" },
      { rule: 4, field: "to", message: 'un\'altra corrispondenza porta già al campo "/minore/nome"' },
      { rule: 5, field: "recode", message: 'il codice "forse" non è un\'opzione di «Esito» nella versione precedente' },
      { rule: 5, field: "recode", message: 'il codice "si" non è un\'opzione di «Esito» nella nuova versione' },
      { rule: 6, field: "recode", message: 'il codice "x" non è un\'opzione di «Nome» nella versione precedente' },
    ]);
  });
});

describe("parseRecodeText", () => {
  const oldFields = new Map(listFormFields(oldSchema).map((f) => [f.path, f]));
  const newFields = new Map(listFormFields(newSchema).map((f) => [f.path, f]));

  it("reads one «old = new» per line, as the fields' own codes (numbers stay numbers)", () => {
    const recode = parseRecodeText(" 1 = 10 \n\n2=20\r\n", fieldCodes(oldFields, "/punteggio"), fieldCodes(newFields, "/livello"));
    expect(recode).toEqual([{ from: 1, to: 10 }, { from: 2, to: 20 }]);
    expect(parseRecodeText("uonpia = npia", fieldCodes(oldFields, "/servizi"), fieldCodes(newFields, "/servizi"))).toEqual([
      { from: "uonpia", to: "npia" },
    ]);
  });

  it("keeps an unknown code as text, for checkMappingRules to report", () => {
    expect(parseRecodeText("7 = dieci", ["1"], ["10"])).toEqual([{ from: "7", to: "dieci" }]);
  });

  it("refuses a line that is not «old = new»", () => {
    expect(() => parseRecodeText("si = presa\nsolo", [], [])).toThrow(RecodeSyntaxError);
    expect(() => parseRecodeText("a = b = c", [], [])).toThrow(/riga 1/);
    expect(() => parseRecodeText(" = b", [], [])).toThrow(RecodeSyntaxError);
  });

  it("round-trips with formatRecodeText", () => {
    const recode = [{ from: 1, to: 10 }, { from: 2, to: 20 }];
    expect(parseRecodeText(formatRecodeText(recode), ["1", "2"], ["10", "20"])).toEqual(recode);
  });
});
