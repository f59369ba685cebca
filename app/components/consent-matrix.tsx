import { Link } from "@remix-run/react";
import { relationshipLabel } from "~/consent/consent-status";
import { CELL_WORDS, OUTCOME_WORDS, type CellState, type FormMatrix, type Outcome } from "~/consent/purpose-matrix";

const CELL_TAGS: Record<CellState, string> = {
  agreed: "tag",
  refused: "tag tag--danger",
  "not-required": "tag tag--neutral",
  withdrawn: "tag tag--danger",
  pending: "tag tag--pending",
  missing: "tag tag--draft",
  exception: "tag tag--neutral",
};
const OUTCOME_TAGS: Record<Outcome, string> = { complete: "tag", refused: "tag tag--danger", incomplete: "tag tag--draft" };

/**
 * The family consent of a case, per consent form: one row per purpose, one
 * column per holder of parental responsibility (mother and father, or the
 * guardian), each cell saying agreed, refused, pending, missing, withdrawn or
 * covered by a declared exception, and whether it was given on paper. Used on
 * the case page and on its consent page.
 */
export function ConsentMatrix({ matrices, headingLevel = 3 }: { matrices: readonly FormMatrix[]; headingLevel?: 2 | 3 }) {
  if (!matrices.length) return <p>Nessun consenso richiesto o registrato per questa cartella.</p>;
  const Heading = `h${headingLevel}` as const;
  return (
    <>
      {matrices.map((m) => (
        <section key={m.form} className="consent-matrix" aria-labelledby={`matrix-${m.form}`}>
          <Heading id={`matrix-${m.form}`}>
            {m.formTitle}: <span className={OUTCOME_TAGS[m.outcome]} data-outcome={m.outcome}>{OUTCOME_WORDS[m.outcome]}</span>
          </Heading>
          {m.exceptionApplies ? <p>È dichiarata un'eccezione: basta il consenso di un genitore.</p> : null}
          <div className="table-scroll" role="region" aria-label={`Consensi per finalità: ${m.formTitle}`} tabIndex={0}>
            <table className="table table--compact">
              <caption className="visually-hidden">Consensi per finalità: {m.formTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">Finalità</th>
                  {m.holders.map((h) => (
                    <th scope="col" key={h}>
                      {relationshipLabel(h)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.purposes.map((p) => (
                  <tr key={p.name} data-purpose={p.name}>
                    <th scope="row">{p.title}</th>
                    {p.cells.map((c) => (
                      <td key={c.holder} data-holder={c.holder} data-state={c.state}>
                        <span className={CELL_TAGS[c.state]}>{CELL_WORDS[c.state]}</span>
                        {c.source === "paper" ? " (su carta)" : ""}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

/** The case page's section on family consent: the matrix and the way to the consent page. */
export function CaseConsentSection({ caseId, matrices }: { caseId: number; matrices: readonly FormMatrix[] }) {
  return (
    <section aria-labelledby="case-consents">
      <h2 id="case-consents">Consensi della famiglia</h2>
      <p>
        I consensi informati si raccolgono online (per ogni genitore un collegamento personale) o su carta, registrati qui.{" "}
        <Link to={`/casi/${caseId}/consensi`}>Richieste e consensi di questa cartella</Link>
      </p>
      <ConsentMatrix matrices={matrices} />
    </section>
  );
}
