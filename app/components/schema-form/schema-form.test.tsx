import { readFile } from "node:fs/promises";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { generateStandaloneValidator } from "~/forms/validation/standalone.server";
import { formVersionSchemaId } from "~/forms/validation/validators.server";
import { createItalianValidator, withSchemaId } from "./italian-validator";
import { SchemaForm } from "./schema-form";
import { findValidatorModule } from "./validator-modules";
import { ensureValidatorModule } from "./validator-modules.server";

async function builtin(slug: string) {
  const schema = JSON.parse(await readFile(`schemas/${slug}/schema.json`, "utf8")) as JsonSchema;
  const uiSchema = JSON.parse(await readFile(`schemas/${slug}/ui.json`, "utf8")) as Record<string, unknown>;
  const schemaId = formVersionSchemaId(slug, 1);
  const standaloneCode = await generateStandaloneValidator(schema, schemaId);
  await ensureValidatorModule(schemaId, async () => standaloneCode);
  return { schema: withSchemaId(schema, schemaId), uiSchema, schemaId };
}

const segnalazione = await builtin("scheda-segnalazione");
const mondo = await builtin("mondo-del-bambino");

describe("SchemaForm on the server", () => {
  it("names every input by its JSON pointer and posts as an HTML form", () => {
    const html = renderToString(
      <SchemaForm schema={segnalazione.schema} uiSchema={segnalazione.uiSchema} formData={{ nucleoFamiliare: [{}] }} />
    );
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(html).toContain('name="/dataSegnalazione"');
    expect(html).toContain('name="/minore/nome"');
    expect(html).toContain('name="/nucleoFamiliare/0/relazione"');
    expect(html).toContain('value="aggiungi:/nucleoFamiliare"');
    expect(html).toContain('value="rimuovi:/nucleoFamiliare/0"');
    // Choices carry their real values, not rjsf's indexes.
    expect(html).toContain('value="scuola"');
    expect(html).not.toContain("style=");
  });

  it("labels radios with a legend and shows server errors next to the field and in the summary", () => {
    const errors = [{ path: "/puntoRilevazione", message: "Punto di rilevazione: campo obbligatorio" }];
    const html = renderToString(<SchemaForm schema={mondo.schema} uiSchema={mondo.uiSchema} errors={errors} />);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#root_puntoRilevazione"');
    expect(html).toMatch(/<fieldset class="field field--error field--choices" id="root_puntoRilevazione"><legend/);
    expect(html).toMatch(/aria-describedby="[^"]*root_puntoRilevazione__error"/);
  });

  it("evaluates if/then conditions with the version's module, so the server shows conditional fields", () => {
    expect(findValidatorModule(segnalazione.schemaId)).toBeDefined();
    const requiredDate = /<label class="field__label" for="root_dataCollocamento403">[^<]*<span class="field__required">/;
    const without = renderToString(<SchemaForm schema={segnalazione.schema} uiSchema={segnalazione.uiSchema} formData={{}} />);
    const emergency = renderToString(
      <SchemaForm schema={segnalazione.schema} uiSchema={segnalazione.uiSchema} formData={{ urgenza: "art403" }} />
    );
    // `then` makes the placement date required only in an art. 403 emergency.
    expect(without).not.toMatch(requiredDate);
    expect(emergency).toMatch(requiredDate);
  });
});

describe("SchemaForm hidden fields", () => {
  it("takes rjsf's hidden fields out of the Tab order with `hidden`, and still posts them", () => {
    const schema = {
      type: "object",
      properties: {
        visibile: { type: "string", title: "Visibile" },
        gruppo: { type: "object", title: "Gruppo nascosto", properties: { nota: { type: "string", title: "Nota" } } },
        vecchio: { type: "string", title: "Campo dismesso", deprecated: true },
      },
    };
    const uiSchema = { gruppo: { "ui:widget": "hidden" }, vecchio: { "ui:deprecatedHandling": "hide" } };
    const html = renderToString(<SchemaForm schema={schema} uiSchema={uiSchema} formData={{ gruppo: { nota: "x" }, vecchio: "y" }} />);
    // Both render their whole control (rjsf): inside a `hidden` element, never off-screen but focusable.
    expect(html).toMatch(/<div hidden="">(?:(?!<\/fieldset>).)*name="\/gruppo\/nota"/);
    expect(html).toMatch(/<div hidden="">(?:(?!<\/div><\/div>).)*name="\/vecchio"/);
    expect(html).not.toContain('class="visually-hidden"><div');
    expect(html).not.toMatch(/<div hidden="">(?:(?!<\/div><\/div>).)*name="\/visibile"/);
  });
});

describe("SchemaForm as a read view (readonly)", () => {
  const data = { puntoRilevazione: "T0", bisogniSviluppo: { saluteCrescita: { valutazione: 4 }, autonomia: { descrizione: "" } } };

  it("shows only the filled fields, the sections holding them as open <details> with a heading, and computed values", () => {
    const html = renderToString(<SchemaForm schema={mondo.schema} uiSchema={mondo.uiSchema} formData={data} readonly />);
    expect(html).toContain('name="/puntoRilevazione"');
    expect(html).toContain('name="/bisogniSviluppo/saluteCrescita/valutazione"');
    // The mean of the side is computed from the one rating: a value, so it is shown.
    expect(html).toContain('id="root_bisogniSviluppo_mediaValutazioni"');
    expect(html).not.toContain('name="/dataValutazione"');
    expect(html).not.toContain('name="/bisogniSviluppo/saluteCrescita/descrizione"');
    // A section with nothing filled (only a blank text) is not there at all.
    expect(html).not.toContain('id="root_bisogniSviluppo_autonomia"');
    expect(html).not.toContain('id="root_risposteGenitoriali"');
    expect(html).toMatch(/<details open="" class="form-section form-section--read" id="root_bisogniSviluppo"><summary><h2 class="form-section__title">Bisogni di sviluppo del bambino<\/h2><\/summary>/);
    expect(html).toMatch(/<details open="" class="form-section form-section--read" id="root_bisogniSviluppo_saluteCrescita"><summary><h3 /);
    // A choice shows only what was chosen (4 of a 1–6 scale), with the id it has in the full list.
    expect(html).toContain('id="root_bisogniSviluppo_saluteCrescita_valutazione-3"');
    expect(html).not.toContain('id="root_bisogniSviluppo_saluteCrescita_valutazione-0"');
    expect(html).toContain('id="root_puntoRilevazione-0"');
    expect(html).not.toContain('id="root_puntoRilevazione-1"');
  });

  it("shows every field with showEmpty, and says so when nothing is filled", () => {
    const all = renderToString(<SchemaForm schema={mondo.schema} uiSchema={mondo.uiSchema} formData={data} readonly showEmpty />);
    expect(all).toContain('name="/dataValutazione"');
    expect(all).toContain('id="root_risposteGenitoriali"');
    expect(all).toContain('id="root_bisogniSviluppo_autonomia"');
    expect(all).toContain('id="root_bisogniSviluppo_saluteCrescita_valutazione-0"');
    const none = renderToString(<SchemaForm schema={mondo.schema} uiSchema={mondo.uiSchema} formData={{}} readonly />);
    expect(none).toContain("Nessun campo compilato.");
  });

  it("leaves a form being filled as it was: fieldsets, every field", () => {
    const html = renderToString(<SchemaForm schema={mondo.schema} uiSchema={mondo.uiSchema} formData={data} />);
    expect(html).not.toContain("<details");
    expect(html).toContain('name="/dataValutazione"');
  });
});

describe("createItalianValidator", () => {
  it("gives the server's Italian messages as rjsf errors and error schema", () => {
    const validator = createItalianValidator(findValidatorModule(mondo.schemaId)!, mondo.schema);
    const result = validator.validateFormData({ dataValutazione: "25/11/2026" }, mondo.schema as never);
    expect(result.errors).toContainEqual(
      expect.objectContaining({ property: "/dataValutazione", message: "Data della valutazione: inserire una data valida" })
    );
    expect(result.errorSchema).toMatchObject({ dataValutazione: { __errors: ["Data della valutazione: inserire una data valida"] } });
  });
});
