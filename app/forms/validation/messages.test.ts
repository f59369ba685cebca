import { describe, expect, it } from "vitest";
import { createAjv } from "./create-ajv";
import type { JsonSchema } from "../schema/json-schema";
import { describeValidationErrors } from "./messages";

const schema: JsonSchema = {
  type: "object",
  title: "Verbale",
  required: ["dataIncontro", "esito", "conferma"],
  // A field that exists only when the meeting was cancelled.
  allOf: [
    {
      if: { properties: { esito: { const: "annullato" } }, required: ["esito"] },
      then: { required: ["motivo"], properties: { motivo: { type: "string", title: "Motivo dell'annullamento" } } },
    },
  ],
  definitions: {
    scala: { type: "integer", title: "Valutazione", oneOf: [1, 2, 3].map((n) => ({ const: n, title: `Livello ${n}` })) },
  },
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    esito: { type: "string", title: "Esito dell'incontro", oneOf: [{ const: "svolto", title: "Svolto" }, { const: "annullato", title: "Annullato" }] },
    email: { type: "string", format: "email", title: "E-mail" },
    durata: { type: "integer", title: "Durata (minuti)", minimum: 0, maximum: 600 },
    conferma: { type: "boolean", const: true, title: "Confermo" },
    salute: {
      type: "object",
      title: "Salute e crescita",
      required: ["valutazione"],
      properties: { valutazione: { $ref: "#/definitions/scala", title: "Valutazione" } },
    },
    partecipanti: {
      type: "array",
      title: "Partecipanti",
      items: { type: "object", title: "Partecipante", required: ["nome"], properties: { nome: { type: "string", title: "Nome e cognome" } } },
    },
  },
};
const validate = createAjv().compile(schema);

function messagesFor(data: unknown) {
  expect(validate(data)).toBe(false);
  return describeValidationErrors(validate.errors, schema);
}

describe("describeValidationErrors", () => {
  it("names a missing field by its title, with the pointer of the field itself", () => {
    expect(messagesFor({ esito: "svolto", conferma: true })).toEqual([
      { path: "/dataIncontro", message: "Data dell'incontro: campo obbligatorio" },
    ]);
  });

  it("folds a oneOf of choices into one message instead of one per option", () => {
    expect(messagesFor({ dataIncontro: "2026-11-25", esito: "forse", conferma: true })).toEqual([
      { path: "/esito", message: "Esito dell'incontro: scegliere una delle opzioni previste" },
    ]);
  });

  it.each([
    [{ dataIncontro: "25/11/2026" }, "/dataIncontro", "Data dell'incontro: inserire una data valida"],
    [{ email: "non-una-mail" }, "/email", "E-mail: inserire un indirizzo e-mail valido"],
    [{ durata: 700 }, "/durata", "Durata (minuti): deve essere <= 600"],
    [{ durata: "tanto" }, "/durata", "Durata (minuti): deve essere un numero intero"],
    [{ conferma: false }, "/conferma", "Confermo: occorre spuntare la casella"],
    [{ salute: { valutazione: 9 } }, "/salute/valutazione", "Salute e crescita › Valutazione: scegliere una delle opzioni previste"],
    [{ salute: {} }, "/salute/valutazione", "Salute e crescita › Valutazione: campo obbligatorio"],
    [{ partecipanti: [{ nome: "Anna" }, {}] }, "/partecipanti/1/nome", "Partecipante › Nome e cognome: campo obbligatorio"],
    [{ partecipanti: ["Anna"] }, "/partecipanti/0", "Partecipanti n. 1: deve essere un gruppo di campi"],
    [{ esito: "annullato" }, "/motivo", "Motivo dell'annullamento: campo obbligatorio"],
  ])("%j → %s", (partial, path, message) => {
    const data = { dataIncontro: "2026-11-25", esito: "svolto", conferma: true, ...partial };
    expect(messagesFor(data)).toContainEqual({ path, message });
  });

  it("gives one message per field, several fields at once", () => {
    const errors = messagesFor({});
    expect(errors.map((e) => e.path)).toEqual(["/dataIncontro", "/esito", "/conferma"]);
    expect(errors.every((e) => e.message.endsWith(": campo obbligatorio"))).toBe(true);
  });

  it("names the form for errors on the whole document", () => {
    expect(messagesFor([])).toEqual([{ path: "", message: "Verbale: deve essere un gruppo di campi" }]);
  });
});
