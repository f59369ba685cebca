import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { findCurrentUser } from "~/auth/guard.server";

/** Signed in, the home is Il mio lavoro; this page is for everyone else. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (await findCurrentUser(request)) throw redirect("/lavoro");
  return null;
}

export const meta: MetaFunction = () => [
  { title: "Schedario · Ambito Territoriale di Seregno" },
  {
    name: "description",
    content: "Schede, valutazioni P.I.P.P.I. e relazioni dei servizi associati per la tutela dei minori.",
  },
];

const roles = [
  {
    name: "Amministratore",
    can: "progetta i moduli (in modo visuale o in JSON), li pubblica come versioni non modificabili, gestisce utenti e abilitazioni e consulta il registro degli accessi.",
  },
  {
    name: "Coordinatore",
    can: "consulta tutte le schede dei propri servizi, i report e le esportazioni.",
  },
  {
    name: "Operatore",
    can: "assistente sociale, psicologo o educatore: apre i fascicoli, compila schede di segnalazione, valutazioni e relazioni, salva bozze e integra le schede inviate, per il proprio servizio e comune.",
  },
  {
    name: "Consultazione",
    can: "legge le schede del proprio servizio e comune, senza modificarle.",
  },
  {
    name: "Famiglia",
    can: "senza account, da un link personale ricevuto dal servizio: legge il testo del consenso, risponde, scarica la ricevuta e può revocare il consenso.",
  },
];

export default function Index() {
  return (
    <>
      <h1>Schedario</h1>
      <p className="lead">
        Schedario raccoglie le schede di accesso, le valutazioni secondo il modello P.I.P.P.I. «Il Mondo del
        Bambino», le relazioni e i consensi informati dei servizi associati per la tutela dei minori dell'Ambito
        Territoriale di Seregno.
      </p>
      <p>
        Ogni modulo è una versione pubblicata e non modificabile; ogni salvataggio crea una nuova revisione e nulla
        viene mai sovrascritto. L'accesso ai dati segue il principio della necessità di conoscere: ognuno vede solo
        il proprio servizio e il proprio comune, e ogni accesso è registrato.
      </p>
      <h2>Chi fa che cosa</h2>
      <dl className="role-list">
        {roles.map((role) => (
          <div key={role.name}>
            <dt>{role.name}</dt>
            <dd>{role.can}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
