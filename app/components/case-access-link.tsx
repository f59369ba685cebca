import { Link } from "@remix-run/react";

/**
 * The case page's sections for coordinators (issue 17): who has consulted the
 * case, as a page and a PDF, and the copy of all its data for the family
 * (GDPR art. 15) as a PDF and JSON. Plain links: the browser downloads the
 * files (Content-Disposition), no client-side routing.
 */
export function CaseAccessLink({ caseId }: { caseId: number }) {
  return (
    <>
      <section aria-labelledby="case-accesses">
        <h2 id="case-accesses">Chi ha consultato questa cartella</h2>
        <p>
          Ogni apertura, elenco, esportazione e PDF che ha riguardato la cartella, con chi, quando e con quale ruolo: da consegnare a chi
          ne fa richiesta.{" "}
          <Link to={`/casi/${caseId}/accessi`}>Vedi gli accessi</Link>
        </p>
        <p className="actions">
          <a href={`/casi/${caseId}/accessi.pdf`} className="button button--secondary" download>
            Scarica gli accessi in PDF
          </a>
        </p>
      </section>
      <section aria-labelledby="case-subject-access">
        <h2 id="case-subject-access">Copia dei dati per la famiglia</h2>
        <p>
          Quando la persona interessata chiede quali dati i servizi conservano (art. 15 del GDPR): tutto ciò che Schedario contiene su
          questa cartella — le schede con ogni loro versione, i consensi, i provvedimenti, chi l&apos;ha consultata —, in PDF da leggere
          e in JSON per un programma. Ogni copia scaricata viene registrata.
        </p>
        <p className="actions">
          <a href={`/casi/${caseId}/copia-dati.pdf`} className="button button--secondary" download>
            Scarica la copia dei dati in PDF
          </a>
          <a href={`/casi/${caseId}/copia-dati.json`} className="button button--secondary" download>
            Scarica la copia dei dati in JSON
          </a>
        </p>
      </section>
    </>
  );
}
