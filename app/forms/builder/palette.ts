import type { JsonSchema } from "../schema/json-schema";
import type { UiSchema } from "./document";
import { SAFE_PATTERNS } from "./safe-patterns";

/** The field kinds of the palette (issue 6), in the order the palette lists them. */
export const FIELD_KINDS = [
  "shortText",
  "longText",
  "number",
  "integer",
  "date",
  "email",
  "phone",
  "codiceFiscale",
  "singleChoice",
  "multipleChoice",
  "yesNo",
  "rating",
  "section",
  "group",
  "explanation",
] as const;

export type FieldKind = (typeof FIELD_KINDS)[number];

export const FIELD_KIND_LABELS: Record<FieldKind, string> = {
  shortText: "Testo breve",
  longText: "Testo lungo",
  number: "Numero",
  integer: "Numero intero",
  date: "Data",
  email: "E-mail",
  phone: "Telefono",
  codiceFiscale: "Codice fiscale",
  singleChoice: "Scelta singola",
  multipleChoice: "Scelta multipla",
  yesNo: "Sì / No",
  rating: "Scala di valutazione",
  section: "Sezione",
  group: "Gruppo ripetibile",
  explanation: "Testo esplicativo",
};

/** The key a new field of this kind starts from (a number is added to make it unique). */
export const FIELD_KIND_KEYS: Record<FieldKind, string> = {
  shortText: "testo",
  longText: "testoLungo",
  number: "numero",
  integer: "numeroIntero",
  date: "data",
  email: "email",
  phone: "telefono",
  codiceFiscale: "codiceFiscale",
  singleChoice: "scelta",
  multipleChoice: "sceltaMultipla",
  yesNo: "siNo",
  rating: "valutazione",
  section: "sezione",
  group: "gruppo",
  explanation: "testoEsplicativo",
};

const options = (n: number) => Array.from({ length: n }, (_, i) => ({ const: `opzione-${i + 1}`, title: `Opzione ${i + 1}` }));

/**
 * The schema and uiSchema of a new field, in the shapes the built-in forms
 * use: choices as `oneOf` of `{const, title}` (ADR 0003), the rating scale
 * as an integer with labelled points shown as inline radio buttons (as the
 * P.I.P.P.I. "Il Mondo del Bambino" scales), explanatory text as a `null`
 * field, which rjsf renders as its title and description only.
 */
export function newField(kind: FieldKind, title: string): { definition: JsonSchema; ui: UiSchema | undefined } {
  switch (kind) {
    case "shortText":
      return { definition: { type: "string", title, maxLength: 200 }, ui: undefined };
    case "longText":
      return { definition: { type: "string", title, maxLength: 4000 }, ui: { "ui:widget": "textarea" } };
    case "number":
      return { definition: { type: "number", title }, ui: undefined };
    case "integer":
      return { definition: { type: "integer", title }, ui: undefined };
    case "date":
      return { definition: { type: "string", format: "date", title }, ui: undefined };
    case "email":
      return { definition: { type: "string", format: "email", title, maxLength: 254 }, ui: undefined };
    case "phone":
      return { definition: { type: "string", title, pattern: SAFE_PATTERNS.telefono.pattern, maxLength: 30 }, ui: undefined };
    case "codiceFiscale":
      return { definition: { type: "string", title, pattern: SAFE_PATTERNS.codiceFiscale.pattern, maxLength: 16 }, ui: undefined };
    case "singleChoice":
      return { definition: { type: "string", title, oneOf: options(2) }, ui: { "ui:widget": "radio" } };
    case "multipleChoice":
      return {
        definition: { type: "array", title, uniqueItems: true, items: { type: "string", title: "Opzione", oneOf: options(3) } },
        ui: { "ui:widget": "checkboxes" },
      };
    case "yesNo":
      return {
        definition: { type: "boolean", title, oneOf: [{ const: true, title: "Sì" }, { const: false, title: "No" }] },
        ui: { "ui:widget": "radio", "ui:options": { inline: true } },
      };
    case "rating":
      return {
        definition: {
          type: "integer",
          title,
          oneOf: [
            { const: 1, title: "1 – Problema grave" },
            { const: 2, title: "2 – Problema" },
            { const: 3, title: "3 – Lieve difficoltà" },
            { const: 4, title: "4 – Adeguato" },
            { const: 5, title: "5 – Buono" },
            { const: 6, title: "6 – Punto di forza" },
          ],
        },
        ui: { "ui:widget": "radio", "ui:options": { inline: true } },
      };
    case "section":
      return { definition: { type: "object", title, properties: {} }, ui: { "ui:order": [] } };
    case "group":
      return {
        definition: { type: "array", title, items: { type: "object", title: "Elemento", properties: {} } },
        ui: { items: { "ui:order": [] } },
      };
    case "explanation":
      return { definition: { type: "null", title, description: "Testo da mostrare a chi compila." }, ui: undefined };
  }
}
