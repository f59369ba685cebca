import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Dichiarazione di accessibilità · Schedario" }];

export default function AccessibilityStatement() {
  return (
    <>
      <h1>Dichiarazione di accessibilità</h1>
      <p className="notice" role="note">
        Bozza: la dichiarazione definitiva sarà compilata dall'Ambito secondo il modello AgID e pubblicata dopo la
        verifica di conformità.
      </p>
      <p>
        I Comuni dell'Ambito Territoriale di Seregno si impegnano a rendere Schedario accessibile, conformemente alla
        legge 9 gennaio 2004, n. 4, e alle Linee guida AgID sull'accessibilità degli strumenti informatici, che
        richiamano la norma EN 301 549 e le WCAG 2.1 livello AA.
      </p>
      <h2>Stato di conformità</h2>
      <p>Valutazione in corso. Le pagine pubbliche rivolte alle famiglie sono verificate automaticamente a ogni modifica.</p>
      <h2>Feedback e recapiti</h2>
      <p>
        Per segnalare un problema di accessibilità o chiedere le informazioni in un formato accessibile, rivolgiti al
        servizio che ti segue o all'Ufficio di Piano dell'Ambito di Seregno.
      </p>
    </>
  );
}
