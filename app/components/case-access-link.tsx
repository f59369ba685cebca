import { Link } from "@remix-run/react";

/** The case page's section for coordinators: a link to who has consulted the case (issue 17). */
export function CaseAccessLink({ caseId }: { caseId: number }) {
  return (
    <section aria-labelledby="case-accesses">
      <h2 id="case-accesses">Chi ha consultato questa cartella</h2>
      <p>
        Ogni apertura, elenco, esportazione e PDF che ha riguardato la cartella, con chi, quando e con quale ruolo: da consegnare a chi
        ne fa richiesta.{" "}
        <Link to={`/casi/${caseId}/accessi`}>Vedi gli accessi</Link>
      </p>
    </section>
  );
}
