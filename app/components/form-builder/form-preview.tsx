import Form from "@rjsf/core";
import { englishStringTranslator, TranslatableString, type ErrorSchema, type RJSFSchema, type UiSchema } from "@rjsf/utils";
import { useEffect, useMemo, useState } from "react";
import { rjsfFormDefaults } from "~/forms/ajv-options";
import type { FormDocument } from "~/forms/builder/document";
import { createPreviewValidator } from "~/forms/builder/preview-validator";
import { sampleData } from "~/forms/builder/sample-data";
import { pointerTokens } from "~/forms/json-schema";
import type { FieldError } from "~/forms/messages";

const ITALIAN: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.AddItemButton]: "Aggiungi",
  [TranslatableString.AddButton]: "Aggiungi",
  [TranslatableString.RemoveButton]: "Rimuovi",
  [TranslatableString.MoveUpButton]: "Sposta su",
  [TranslatableString.MoveDownButton]: "Sposta giù",
  [TranslatableString.CopyButton]: "Copia",
  [TranslatableString.ArrayItemTitle]: "Elemento",
  [TranslatableString.ErrorsLabel]: "Errori",
  [TranslatableString.YesLabel]: "Sì",
  [TranslatableString.NoLabel]: "No",
  [TranslatableString.EmptyArray]: "Nessun elemento: usare il pulsante Aggiungi.",
};

function translateString(key: TranslatableString, params?: string[]): string {
  return ITALIAN[key] ?? englishStringTranslator(key, params);
}

/** Server errors ({path, message}) in rjsf's nested shape, to pass as `extraErrors`. */
export function toErrorSchema(errors: FieldError[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const { path, message } of errors) {
    let node = root;
    for (const token of pointerTokens(path)) node = (node[token] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(message);
  }
  return root as ErrorSchema;
}

/**
 * The live preview: the draft rendered by rjsf with Schedario's form
 * defaults, validated on the server (the editor passes back `errors`, ADR
 * 0011). Rendered in the browser only: rjsf may write inline style
 * attributes, which the CSP refuses in server-rendered HTML.
 */
export function FormPreview({
  doc,
  errors,
  onData,
}: {
  doc: FormDocument | undefined;
  errors: FieldError[] | null;
  onData: (data: unknown) => void;
}) {
  const validator = useMemo(createPreviewValidator, []);
  const [mounted, setMounted] = useState(false);
  const [sample, setSample] = useState(false);
  const [data, setData] = useState<unknown>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => setMounted(true), []);

  const uiSchema = useMemo(() => ({ ...(doc?.uiSchema ?? {}), "ui:submitButtonOptions": { norender: true } }) as UiSchema, [doc]);
  const extraErrors = useMemo(() => toErrorSchema(errors ?? []), [errors]);
  const update = (next: unknown) => {
    setData(next);
    onData(next);
  };

  return (
    <section className="builder-preview" aria-labelledby="anteprima-titolo">
      <div className="builder-preview__bar">
        <h2 id="anteprima-titolo">Anteprima</h2>
        <div className="field field--checkbox">
          <input
            type="checkbox"
            id="dati-esempio"
            checked={sample}
            onChange={(e) => {
              setSample(e.target.checked);
              update(e.target.checked && doc ? sampleData(doc.schema) : {});
              setGeneration((g) => g + 1);
            }}
          />
          <label htmlFor="dati-esempio">Dati di esempio</label>
        </div>
      </div>
      <p className="field__hint" id="anteprima-stato" aria-live="polite">
        {errors === null ? "Controllo in corso…" : errors.length ? `${errors.length} errori nei dati dell'anteprima` : "Dati dell'anteprima validi"}
      </p>
      {!doc ? (
        <p>L'anteprima tornerà quando il JSON sarà di nuovo valido.</p>
      ) : mounted ? (
        <Form
          key={generation}
          schema={doc.schema as RJSFSchema}
          uiSchema={uiSchema}
          formData={data}
          validator={validator}
          extraErrors={extraErrors}
          showErrorList={false}
          noHtml5Validate={rjsfFormDefaults.noHtml5Validate}
          experimental_defaultFormStateBehavior={rjsfFormDefaults.experimental_defaultFormStateBehavior}
          translateString={translateString}
          idPrefix="anteprima"
          onChange={(event) => update(event.formData)}
        />
      ) : null}
    </section>
  );
}
