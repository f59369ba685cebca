/**
 * Every kind of audit event, with what the admin reads for it. The type of
 * `recordAuditEvent`'s `action` is the key set of this map, so a new kind of
 * event does not compile until it has an Italian label here (and
 * audit-labels.test.ts checks the sources for kinds typed some other way).
 * Adding a kind: one line in AUDIT_ACTION_LABELS; its group is its first word
 * (add it to AUDIT_ACTION_GROUPS when the word is new).
 */
export const AUDIT_ACTION_LABELS = {
  "auth.login.succeeded": "Accesso riuscito",
  "auth.login.failed": "Accesso non riuscito",
  "auth.login.throttled": "Accesso bloccato per troppi tentativi",
  "auth.logout": "Uscita",
  "auth.password.changed": "Password cambiata",
  "auth.password.reset.created": "Link per impostare la password creato",
  "auth.password.reset.requested": "Link per la password chiesto per un indirizzo senza account attivo",
  "auth.password.reset.completed": "Password impostata con un link",
  "user.created": "Utente creato",
  "user.disabled": "Utente disattivato",
  "user.enabled": "Utente riattivato",
  "membership.added": "Abilitazione aggiunta",
  "membership.removed": "Abilitazione rimossa",
  "token.created": "Token API creato",
  "token.revoked": "Token API revocato",
  "audit.exported": "Registro esportato",
  "case.created": "Cartella aperta",
  "case.read": "Cartella consultata",
  "case.listed": "Elenco delle cartelle consultato",
  "case.closed": "Cartella chiusa",
  "case.reopened": "Cartella riaperta",
  "case.accesses.read": "Registro degli accessi alla cartella consultato",
  "case.accesses.downloaded": "Registro degli accessi alla cartella scaricato in PDF",
  "case.subject_access.exported": "Copia di tutti i dati della cartella scaricata (accesso dell'interessato, art. 15 GDPR)",
  "case.triangle.read": "Triangolo «Il Mondo del Bambino» della cartella consultato",
  "case.hold.set": "Blocco legale della cartella impostato",
  "case.hold.released": "Blocco legale della cartella revocato",
  "case.deletion.proposed": "Eliminazione della cartella proposta",
  "case.deletion.rejected": "Proposta di eliminazione della cartella respinta",
  "case.deleted": "Cartella eliminata allo scadere della conservazione",
  "audit.pruned": "Eventi del registro più vecchi del termine eliminati",
  "retention.rule.created": "Regola di conservazione aggiunta",
  "retention.rule.changed": "Regola di conservazione modificata",
  "retention.rule.removed": "Regola di conservazione tolta",
  "case.triangle.downloaded": "Triangolo «Il Mondo del Bambino» della cartella scaricato in PDF",
  "submission.created": "Scheda creata",
  "submission.read": "Scheda consultata",
  "submission.updated": "Scheda modificata",
  "submission.listed": "Elenco delle schede consultato",
  "submission.exported": "Schede esportate",
  "consent.created": "Link di consenso creato",
  "consent.read": "Richiesta di consenso consultata",
  "consent.listed": "Consensi della cartella consultati",
  "consent.viewed": "Pagina del consenso aperta dalla famiglia",
  "consent.completed": "Consenso firmato dalla famiglia",
  "consent.declined": "Consenso negato dalla famiglia",
  "consent.withdrawn": "Consenso revocato dalla famiglia",
  "consent.revoked": "Link di consenso annullato",
  "consent.exception.recorded": "Eccezione sul consenso registrata",
  "consent.paper.recorded": "Consenso su carta registrato",
  "consent.translation.imported": "Traduzione di un modulo di consenso caricata",
  "consent.translation.approved": "Traduzione di un modulo di consenso approvata",
  "forms.created": "Modulo creato",
  "forms.updated": "Dati del modulo modificati",
  "forms.services.updated": "Servizi del modulo modificati",
  "forms.duplicated": "Modulo duplicato",
  "forms.imported": "Modulo importato",
  "forms.draft.created": "Bozza del modulo creata",
  "forms.draft.saved": "Bozza del modulo salvata",
  "forms.impact.checked": "Impatto di una nuova versione verificato",
  "forms.mapping.updated": "Corrispondenza dei dati tra versioni modificata",
  "forms.version.published": "Versione del modulo pubblicata",
  "forms.version.retired": "Versione del modulo ritirata",
  "court_order.created": "Provvedimento del tribunale registrato",
  "court_order.report_linked": "Relazione collegata alla scadenza di un provvedimento",
  "work.viewed": "Pagina «Il mio lavoro» consultata",
  "sinba.checked": "Verifica del flusso SINBA consultata",
  "sinba.exported": "Flusso SINBA scaricato",
  "report.read": "Report dei servizi consultato",
  "report.exported": "Tabella di un report scaricata in CSV",
  "report.definition.published": "Definizione di un report pubblicata",
  "report.definition.retired": "Definizione di un report ritirata",
  "report.definition.previewed": "Anteprima di un report calcolata",
  "report.downloaded": "Report dei servizi scaricato in PDF",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

/** The filter's kinds of action: the first word of the action names the group. */
export const AUDIT_ACTION_GROUPS: Record<string, string> = {
  auth: "Accessi e password",
  user: "Utenti",
  membership: "Abilitazioni",
  token: "Token API",
  audit: "Registro",
  case: "Cartelle",
  submission: "Schede",
  consent: "Consensi delle famiglie",
  forms: "Moduli",
  sinba: "Flusso SINBA",
  court_order: "Provvedimenti",
  work: "Il mio lavoro",
  report: "Report",
  retention: "Regole di conservazione",
};

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action);
}

/** The Italian label of an action; an action no longer recorded keeps a neutral label rather than its code. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : "Altra operazione";
}
