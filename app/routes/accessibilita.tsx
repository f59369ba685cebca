import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Dichiarazione di accessibilità · Schedario" }];

/** Where the AgID guidelines send anyone not satisfied with the answer to a report (Difensore civico per il digitale). */
const AGID_FORM = "https://form.agid.gov.it/";

/**
 * The accessibility statement, on the AgID model (Linee guida sull'accessibilità
 * degli strumenti informatici, L. 4/2004): conformity status, content that is
 * not accessible and why, how the statement was prepared, feedback and the
 * enforcement procedure. Public, linked from every footer (family pages included).
 */
export default function AccessibilityStatement() {
  return (
    <div className="narrow-text">
      <h1>Dichiarazione di accessibilità</h1>
      <p>
        Il Comune di Seregno, ente capofila dell'Ambito Territoriale di Seregno (Barlassina, Giussano, Lentate sul Seveso, Meda, Seregno,
        Seveso) per i servizi associati di tutela dei minori, si impegna a rendere accessibile la propria applicazione, conformemente alla
        legge 9 gennaio 2004, n. 4.
      </p>
      <p>
        La presente dichiarazione di accessibilità si applica a <strong>Schedario</strong>, l'applicazione web con cui i servizi compilano schede
        e valutazioni e con cui le famiglie danno online il proprio consenso, comprese le pagine pubbliche dei collegamenti di consenso.
      </p>

      <h2>Stato di conformità</h2>
      <p>
        Schedario è <strong>parzialmente conforme</strong> ai requisiti previsti dall'allegato A alla norma UNI CEI EN 301549 (che richiama le
        WCAG 2.1, livello AA), in ragione dei casi di non conformità elencati di seguito.
      </p>

      <h2>Contenuti non accessibili</h2>
      <h3>Inosservanza della legge 4/2004</h3>
      <ul>
        <li>
          La ricevuta in PDF del consenso dichiara lingua e titolo ma non è un PDF accessibile (non ha struttura di tag: la libreria che la
          produce non sa scriverla): gli stessi contenuti, cioè testo, risposte, data e impronta del testo, sono nella pagina della ricevuta,
          in HTML accessibile, raggiungibile con lo stesso collegamento.
        </li>
        <li>
          Il testo dei moduli di consenso e le domande sono disponibili soltanto in italiano, la lingua del documento approvato; le pagine per
          le famiglie sono anche in inglese. Su richiesta il servizio fornisce assistenza o un interprete.
        </li>
        <li>
          Il codice QR del collegamento di consenso, nella pagina degli operatori, è un'immagine: lo stesso collegamento è scritto in chiaro
          accanto, con un pulsante per copiarlo.
        </li>
        <li>Le pagine riservate agli amministratori per la progettazione dei moduli sono ancora in corso di verifica.</li>
      </ul>
      <h3>Onere sproporzionato</h3>
      <p>Nessun contenuto è escluso per onere sproporzionato.</p>
      <h3>Contenuti non soggetti alla normativa</h3>
      <p>Nessuno.</p>

      <h2>Redazione della dichiarazione di accessibilità</h2>
      <p>
        La presente dichiarazione è stata redatta il 25 novembre 2026 sulla base di un'autovalutazione effettuata direttamente dal soggetto
        erogatore. Le pagine per le famiglie sono controllate automaticamente a ogni modifica dell'applicazione con axe-core (criteri WCAG
        2.1 A e AA), con JavaScript attivo e disattivato, su schermo di telefono e di computer, e la compilazione completa del consenso è
        provata usando solo la tastiera. Una verifica manuale completa, anche con lettori di schermo, è prevista prima della pubblicazione
        definitiva. La dichiarazione è riesaminata a ogni modifica sostanziale e almeno una volta all'anno.
      </p>

      <h2>Feedback e recapiti</h2>
      <p>
        Per segnalare un problema di accessibilità o chiedere un contenuto in un formato accessibile (ad esempio la ricevuta del consenso in
        un altro formato), si rivolga al servizio che segue la Sua famiglia oppure all'Ufficio di Piano dell'Ambito Territoriale di Seregno,
        presso il Comune di Seregno. I recapiti sono pubblicati sul sito istituzionale del Comune di Seregno. Il servizio risponde entro 30
        giorni.
      </p>

      <h2>Procedura di attuazione</h2>
      <p>
        In caso di risposta insoddisfacente o di mancata risposta, nel termine di trenta giorni dalla segnalazione o dalla richiesta, è
        possibile inoltrare una segnalazione al Difensore civico per il digitale, istituito ai sensi dell'articolo 17, comma 1-quater, del
        Codice dell'amministrazione digitale (decreto legislativo 7 marzo 2005, n. 82), tramite il modulo di AgID all'indirizzo{" "}
        <a href={AGID_FORM} hrefLang="it">
          {AGID_FORM}
        </a>
        .
      </p>

      <h2>Informazioni sull'applicazione</h2>
      <ul>
        <li>Le pagine per le famiglie funzionano anche senza JavaScript e con qualunque browser recente, anche su telefoni non recenti.</li>
        <li>Le pagine per le famiglie possono essere lette in italiano e in inglese, con il selettore della lingua in alto.</li>
      </ul>
    </div>
  );
}
