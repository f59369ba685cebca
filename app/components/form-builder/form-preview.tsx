import { useEffect, useMemo, useRef, useState } from "react";
import { SchemaForm } from "~/components/schema-form";
import type { FormDocument } from "~/forms/builder/document";
import { createPreviewValidator } from "~/forms/builder/preview-validator";
import { sampleData } from "~/forms/builder/sample-data";
import type { FieldError } from "~/lib/errors";

/**
 * The live preview: the draft rendered by the runtime renderer itself
 * (SchemaForm), validated on the server with the submissions' ajv
 * configuration (ADR 0011). The editor passes the latest server `errors`;
 * their count is announced live above the form. Like a form being filled,
 * the errors appear beside the fields after the first "Verifica i dati"
 * (the runtime's first submit) and then follow the typing, one server check
 * behind; only "Verifica i dati" moves the focus to the error summary, never
 * a check that answers while the person types.
 */
export function FormPreview({
  doc,
  errors,
  onData,
}: {
  doc: FormDocument | undefined;
  errors: FieldError[] | null;
  onData: (data: Record<string, unknown>) => void;
}) {
  const validator = useMemo(createPreviewValidator, []);
  const [mounted, setMounted] = useState(false);
  const [sample, setSample] = useState(false);
  const data = useRef<Record<string, unknown>>({});
  const [generation, setGeneration] = useState(0);
  // "Verifica i dati" clicks since the draft or the sample data last changed: none, no errors beside the fields.
  const [verifications, setVerifications] = useState(0);
  // While a check runs (errors null), the fields keep the errors of the last one.
  const [lastErrors, setLastErrors] = useState<FieldError[]>([]);
  if (errors && errors !== lastErrors) setLastErrors(errors);
  useEffect(() => setMounted(true), []);

  // Any change of the draft re-renders the form from scratch with the data typed so far.
  const docKey = useMemo(() => JSON.stringify(doc ?? null), [doc]);
  useEffect(() => setVerifications(0), [docKey]);
  const update = (next: Record<string, unknown>) => {
    data.current = next;
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
              update(e.target.checked && doc ? (sampleData(doc.schema) as Record<string, unknown>) : {});
              setVerifications(0);
              setGeneration((g) => g + 1);
            }}
          />
          <label htmlFor="dati-esempio">Dati di esempio</label>
        </div>
      </div>
      <p className="field__hint" id="anteprima-stato" aria-live="polite">
        {errors === null ? "Controllo in corso…" : errors.length ? `${errors.length} ${errors.length === 1 ? "errore" : "errori"} nei dati dell'anteprima` : "Dati dell'anteprima validi"}
      </p>
      {errors?.length ? (
        <details className="builder-preview__errors">
          <summary>Vedi gli errori</summary>
          <ul>
            {errors.map((e) => (
              <li key={e.path}>{e.message}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {!doc ? (
        <p>L'anteprima tornerà quando il JSON sarà di nuovo valido.</p>
      ) : mounted ? (
        <SchemaForm
          key={`${generation}:${docKey}`}
          id="anteprima-modulo"
          schema={doc.schema}
          uiSchema={doc.uiSchema}
          formData={data.current}
          validator={validator}
          liveErrors={verifications ? { errors: errors ?? lastErrors, focusKey: verifications } : undefined}
          onChange={update}
          onSubmit={() => setVerifications((n) => n + 1)}
        >
          <div className="actions">
            <button type="submit" className="button button--secondary">
              Verifica i dati
            </button>
          </div>
        </SchemaForm>
      ) : null}
    </section>
  );
}
