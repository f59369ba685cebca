import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditContext, requireUser } from "~/auth/guard.server";
import { canSomewhere, scopeFor } from "~/auth/policy";
import { COURT_AUTHORITIES, COURT_ORDER_TYPES, courtLabel } from "~/cases/court-order-input";
import { formatDate, formatDateTime } from "~/lib/format-date";
import { STATUS_WORDS } from "~/consent/consent-status";
import { getDb } from "~/db/instance.server";
import { loadMyWork } from "~/pages/my-work-page.server";

export const meta: MetaFunction = () => [{ title: "Il mio lavoro · Schedario" }];

/** /lavoro — the signed-in home: what needs the caller now, within exactly the scope of the lists. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const work = await loadMyWork(getDb(), {
    userId: user.id,
    readScope: scopeFor(user.memberships, "case.read"),
    writeScope: scopeFor(user.memberships, "case.write"),
    retentionScope: scopeFor(user.memberships, "retention.manage"),
    isAdmin: canSomewhere(user.memberships, "user.manage") || canSomewhere(user.memberships, "form.design"),
    confirmsDeletions: canSomewhere(user.memberships, "retention.confirm"),
    audit: auditContext(user, request, context),
  });
  return {
    ...work,
    canReadReports: canSomewhere(user.memberships, "report.read"),
  };
}

export default function MyWork() {
  const work = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Il mio lavoro</h1>
      {work.canReadReports ? (
        <p>
          <Link to="/rapporti">Report dei servizi</Link>: cartelle aperte e chiuse, tempi, esiti P.I.P.P.I., consensi e scadenze del periodo che scegli.
        </p>
      ) : null}
      {work.cases ? (
        <>
          <Section title="Le mie bozze" empty="Nessuna bozza da riprendere.">
            {work.cases.drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/schede/${d.id}`}>
                  Riprendi: {d.formTitle} n. {d.id}
                </Link>
                {d.caseCode ? <span>cartella {d.caseCode}</span> : null}
                <span>salvata il {formatDateTime(d.updatedAt)}</span>
              </li>
            ))}
          </Section>
          <Section title="Scadenze delle relazioni al Tribunale" empty="Nessuna relazione in scadenza nei prossimi 30 giorni.">
            {work.cases.deadlines.map((d) => (
              <li key={d.id}>
                <span className={d.overdue ? "tag tag--danger" : "tag tag--draft"}>{d.overdue ? "Scaduta" : "In scadenza"}</span>
                <Link to={`/casi/${d.caseId}/provvedimenti`}>
                  Cartella {d.caseCode}: relazione entro il {formatDate(d.dueOn)}
                </Link>
                <span>
                  {courtLabel(COURT_ORDER_TYPES, d.orderType)}, {courtLabel(COURT_AUTHORITIES, d.authority)}, R.G. {d.docketNumber}
                </span>
              </li>
            ))}
          </Section>
          <Section title="Le mie cartelle aperte" empty="Nessuna cartella aperta da te o in cui hai compilato schede.">
            {work.cases.openCases.map((c) => (
              <li key={c.id}>
                <Link to={`/casi/${c.id}`}>Cartella {c.code}</Link>
                <span>{c.nextStep ? `Prossimo passo: ${c.nextStep.label}` : "Tutte le fasi del percorso hanno una scheda"}</span>
              </li>
            ))}
          </Section>
          <Section title="Consensi da seguire" empty="Nessun consenso in attesa, in scadenza o negato.">
            {work.cases.consents.map((c) => (
              <li key={c.id}>
                <span className={c.status === "pending" && !c.expiringSoon ? "tag" : "tag tag--danger"}>
                  {c.expiringSoon ? "In scadenza" : STATUS_WORDS[c.status]}
                </span>
                {c.caseId ? <Link to={`/casi/${c.caseId}/consensi`}>Cartella {c.caseCode}</Link> : null}
                <span>
                  {c.formTitle} — {c.recipient}
                  {c.status === "pending" ? `, scade il ${formatDateTime(c.expiresAt)}` : ""}
                </span>
              </li>
            ))}
          </Section>
          <Section title="Finalità non acconsentite" empty="Nessun consenso negato per una finalità negli ultimi 30 giorni.">
            {work.cases.refusals.map((r) => (
              <li key={`${r.caseId}-${r.form}`}>
                <span className="tag tag--danger">Non acconsente</span>
                <Link to={`/casi/${r.caseId}/consensi`}>Cartella {r.caseCode}</Link>
                <span>
                  {r.formTitle}: {r.refused.map((p) => `«${p.purpose}» (${p.holders.join(", ")})`).join("; ")}
                </span>
              </li>
            ))}
          </Section>
          <Section title="Schede mie rettificate da altri" empty="Nessuna rettifica di altri negli ultimi 30 giorni.">
            {work.cases.amended.map((a) => (
              <li key={`${a.submissionId}-${a.revision}`}>
                <Link to={`/schede/${a.submissionId}/storico`}>
                  {a.formTitle} n. {a.submissionId}
                </Link>
                {a.caseCode ? <span>cartella {a.caseCode}</span> : null}
                <span>
                  revisione {a.revision} di {a.author}, {formatDateTime(a.at)}
                </span>
              </li>
            ))}
          </Section>
          {work.cases.retentionDue ? (
            <Section title="Cartelle da esaminare per la conservazione" empty="Nessuna cartella chiusa ha superato il termine di conservazione.">
              {work.cases.retentionDue.map((c) => (
                <li key={c.caseId}>
                  <Link to={`/casi/${c.caseId}/conservazione`}>Cartella {c.code}</Link>
                  <span>
                    chiusa il {formatDate(c.closedOn)}, eliminabile dal {formatDate(c.dueOn)}
                  </span>
                </li>
              ))}
            </Section>
          ) : null}
        </>
      ) : null}
      {work.admin ? (
        <>
          {work.admin.deletionsAwaiting !== null ? (
            <Section title="Eliminazioni da confermare" empty="Nessuna proposta di eliminazione attende la tua decisione.">
              {work.admin.deletionsAwaiting
                ? [
                    <li key="eliminazioni">
                      <Link to="/admin/conservazione">
                        {work.admin.deletionsAwaiting === 1
                          ? "Una proposta di eliminazione attende la tua decisione"
                          : `${work.admin.deletionsAwaiting} proposte di eliminazione attendono la tua decisione`}
                      </Link>
                    </li>,
                  ]
                : []}
            </Section>
          ) : null}
          <Section title="Moduli con una bozza non pubblicata" empty="Nessuna bozza di modulo.">
            {work.admin.formDrafts.map((f) => (
              <li key={f.slug}>
                <Link to={`/admin/moduli/${f.slug}/bozza`}>{f.title}</Link>
              </li>
            ))}
          </Section>
          <Section title="Utenti senza abilitazioni" empty="Ogni utente attivo ha almeno un'abilitazione.">
            {work.admin.usersWithoutMemberships.map((u) => (
              <li key={u.id}>
                <Link to={`/admin/utenti/${u.id}`}>{u.displayName}</Link>
              </li>
            ))}
          </Section>
        </>
      ) : null}
      {!work.cases && !work.admin ? <p>Non hai ancora abilitazioni: chiedi all'amministratore di assegnarti un servizio.</p> : null}
    </>
  );
}

function Section({ title, empty, children }: { title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {children.length ? <ul className="work-list">{children}</ul> : <p>{empty}</p>}
    </section>
  );
}
