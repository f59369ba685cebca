// The three large forms of `npm run bench:typing` (issue 5): where rjsf is known
// to be slow. Each comes with the data it opens with and the text field typed into.
import { generateLargeForm } from "../../tests/support/large-form";

export interface BenchForm {
  slug: string;
  label: string;
  schema: Record<string, unknown>;
  /** What the form holds when the page opens (a draft being resumed). */
  data: Record<string, unknown>;
  /** The data path of the text field typed into, as rjsf ids name it (root_a_b). */
  fieldId: string;
}

/** (a) 500 fields in 10 sections; typing into the first text field. */
function fiveHundredFields(): BenchForm {
  return {
    slug: "bench-500-campi",
    label: "500 fields",
    schema: generateLargeForm(500),
    data: {},
    fieldId: "root_sezione0_campo0",
  };
}

/** (b) A repeatable group of 200 rows (four fields each), typing into a field of row 100. */
function twoHundredRows(): BenchForm {
  const rows = Array.from({ length: 200 }, (_, i) => ({
    nome: `Persona ${i + 1}`,
    relazione: ["madre", "padre", "altro"][i % 3],
    dataNascita: "2010-05-17",
    note: `Nota ${i + 1}`,
  }));
  return {
    slug: "bench-200-righe",
    label: "200-row group",
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "Modulo con 200 righe",
      type: "object",
      required: ["persone"],
      properties: {
        persone: {
          type: "array",
          title: "Persone del nucleo",
          items: {
            type: "object",
            title: "Persona",
            required: ["nome"],
            properties: {
              nome: { type: "string", title: "Nome", maxLength: 200 },
              relazione: {
                type: "string",
                title: "Relazione",
                oneOf: [
                  { const: "madre", title: "Madre" },
                  { const: "padre", title: "Padre" },
                  { const: "altro", title: "Altro" },
                ],
              },
              dataNascita: { type: "string", title: "Data di nascita", format: "date" },
              note: { type: "string", title: "Note", maxLength: 2000 },
            },
          },
        },
      },
    },
    data: { persone: rows },
    fieldId: "root_persone_99_note",
  };
}

/** (c) 50 yes/no questions, each showing a detail field when answered yes (allOf + if/then). */
function fiftyConditions(): BenchForm {
  const properties: Record<string, unknown> = { note: { type: "string", title: "Note generali", maxLength: 2000 } };
  const allOf: unknown[] = [];
  const data: Record<string, unknown> = {};
  for (let i = 0; i < 50; i++) {
    properties[`domanda${i}`] = { type: "boolean", title: `Domanda ${i + 1}` };
    allOf.push({
      if: { properties: { [`domanda${i}`]: { const: true } }, required: [`domanda${i}`] },
      then: { properties: { [`dettaglio${i}`]: { type: "string", title: `Dettaglio della domanda ${i + 1}`, maxLength: 500 } } },
    });
    data[`domanda${i}`] = i % 2 === 0;
  }
  return {
    slug: "bench-50-condizioni",
    label: "50 conditional fields",
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "Modulo con 50 campi condizionali",
      type: "object",
      properties,
      allOf,
    },
    data,
    fieldId: "root_note",
  };
}

export const benchForms: BenchForm[] = [fiveHundredFields(), twoHundredRows(), fiftyConditions()];
