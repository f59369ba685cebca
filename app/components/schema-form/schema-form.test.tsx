import { readFile } from "node:fs/promises";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "~/forms/json-schema";
import { generateStandaloneValidator } from "~/forms/standalone.server";
import { formVersionSchemaId } from "~/forms/validators.server";
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
