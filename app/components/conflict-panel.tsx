import { useEffect, useMemo, useRef, useState } from "react";
import { formatDateTime } from "~/lib/format-date";
import { diffData } from "~/submissions/data-diff";
import type { JsonSchema } from "~/forms/schema/json-schema";
import type { Submission } from "~/submissions/submissions.server";

/** The stored revision that someone else saved while this page was editing. */
export interface ConflictTheirs {
  revision: number;
  status: Submission["status"];
  data: Record<string, unknown>;
  updatedAt: string;
}

/**
 * The conflict section: someone saved the submission after this page loaded
 * it, and nothing of this page's save was written. Both versions side by
 * side, field by field. With JavaScript the worker picks, per field, whose
 * value to continue with (their own by default: it is what they just typed),
 * or the stored version as it is; nothing is saved until they save again.
 * Without JavaScript the table is read-only and the form below holds "yours".
 */
export function ConflictPanel({
  schema,
  theirs,
  yours,
  interactive,
  onResolve,
}: {
  schema: JsonSchema;
  theirs: ConflictTheirs;
  yours: Record<string, unknown>;
  interactive: boolean;
  /** Continue editing from the stored data with `pointers` copied from yours. */
  onResolve?: (pointers: string[]) => void;
}) {
  const differences = useMemo(() => diffData(schema, theirs.data, yours), [schema, theirs.data, yours]);
  const [chosen, setChosen] = useState(() => new Set(differences.map((d) => d.pointer)));
  const submitted = theirs.status === "submitted";
  const ref = useRef<HTMLElement>(null);
  // The save button is at the bottom of a long form: bring the person (and screen readers) to the news.
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: "start" });
  }, []);
  return (
    <section className="conflict" aria-labelledby="conflict-title" tabIndex={-1} id="conflitto" ref={ref}>
      <h2 id="conflict-title">Qualcun altro ha salvato questa scheda</h2>
      <p>
        Mentre la modificavi, la scheda è stata salvata da un'altra persona o da un'altra finestra (revisione{" "}
        {theirs.revision}, {formatDateTime(theirs.updatedAt)}
        {submitted ? ", inviata" : ""}). <strong>Le tue modifiche non sono state salvate, ma non sono perse</strong>: sono
        ancora nel modulo qui sotto. Nulla è stato sovrascritto: ogni salvataggio resta nello storico.
      </p>
      {differences.length === 0 ? (
        <p>Le due versioni contengono gli stessi dati.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Differenze tra le due versioni" tabIndex={0}>
          <table className="table table--compact conflict__table">
            <caption className="visually-hidden">Campi diversi tra la versione salvata e la tua</caption>
            <thead>
              <tr>
                <th scope="col">Campo</th>
                <th scope="col">Versione salvata (rev. {theirs.revision})</th>
                <th scope="col">La tua versione</th>
                {interactive ? <th scope="col">Tieni il tuo valore</th> : null}
              </tr>
            </thead>
            <tbody>
              {differences.map((d) => (
                <tr key={d.pointer}>
                  <th scope="row">{d.label.join(" › ")}</th>
                  <td className="conflict__value">{d.before ?? "—"}</td>
                  <td className="conflict__value">{d.after ?? "—"}</td>
                  {interactive ? (
                    <td>
                      <input
                        type="checkbox"
                        className="conflict__choice"
                        aria-label={`Tieni il tuo valore per «${d.label.join(" › ")}»`}
                        checked={chosen.has(d.pointer)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(d.pointer);
                          else next.delete(d.pointer);
                          setChosen(next);
                        }}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {interactive && onResolve ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => onResolve([...chosen])}>
            Continua con i valori scelti
          </button>
          <button type="button" className="button button--secondary" onClick={() => onResolve([])}>
            Continua con la versione salvata
          </button>
        </div>
      ) : (
        <p>
          Se salvi ora, la tua versione diventa una nuova revisione dopo la loro, che resta nello storico. Per ripartire
          dalla versione salvata, <a href="?">ricarica la scheda</a>.
        </p>
      )}
      {interactive ? (
        <p className="field__hint">
          Nulla viene salvato finché non premi «Salva bozza» o «Invia»: la scheda ripartirà dalla revisione{" "}
          {theirs.revision} con i valori scelti.
        </p>
      ) : null}
    </section>
  );
}
