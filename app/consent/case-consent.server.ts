import type { Kysely } from "kysely";
import { recordAuditEvent } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import type { Database } from "~/db/schema";
import type { ConsentCaller, ConsentRequest } from "./consent-requests.server";
import { ConsentNotFoundError, ConsentValidationError } from "./errors";

/** A case as the consent pages need it. */
export interface ConsentCase {
  id: number;
  code: string;
  service: string;
  comune: string | null;
}

/**
 * The case with this id, when the scope covers it. A small scoped query of
 * its own until the cases module (app/cases/cases.server.ts, branch h2-cases)
 * is merged; then this should call that module's finder instead.
 */
export async function findConsentCase(db: Kysely<Database>, scope: Scope, caseId: number): Promise<ConsentCase | undefined> {
  const row = await db
    .selectFrom("cases")
    .select(["id", "code", "service_code", "comune_code"])
    .where("id", "=", caseId)
    .where((eb) => inScope(eb, scope, { service: "service_code", comune: "comune_code" }))
    .executeTakeFirst();
  return row && { id: row.id, code: row.code, service: row.service_code, comune: row.comune_code };
}

/** The exceptions a worker can declare to "both holders consent" (DOMAIN §3). */
export const EXCEPTION_KINDS = {
  "parent-absent": "Un genitore è lontano, incapace o impedito (art. 317 c.c.), con dichiarazione sostitutiva",
  "court-order": "Un provvedimento del giudice attribuisce l'esercizio esclusivo a un genitore",
  "sole-parent": "Un solo genitore (l'altro è deceduto o non ha riconosciuto il figlio)",
  "psychologist-court-ordered": "L'intervento psicologico è disposto dall'Autorità giudiziaria: il consenso allo psicologo non è richiesto",
} as const;
export type ExceptionKind = keyof typeof EXCEPTION_KINDS;

/** Exceptions that let one holder's consent suffice. */
const ONE_HOLDER_SUFFICES: readonly ExceptionKind[] = ["parent-absent", "court-order", "sole-parent"];

export interface ConsentException {
  id: number;
  kind: ExceptionKind;
  note: string;
  recordedBy: string;
  recordedAt: Date;
}

/** Every exception declared on a case, oldest first (the caller has already found the case in scope). */
export async function listConsentExceptions(db: Kysely<Database>, caseId: number): Promise<ConsentException[]> {
  const rows = await db
    .selectFrom("consent_exceptions as e")
    .innerJoin("users as u", "u.id", "e.recorded_by")
    .select(["e.id", "e.kind", "e.note", "u.display_name", "e.recorded_at"])
    .where("e.case_id", "=", caseId)
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, note: r.note, recordedBy: r.display_name, recordedAt: r.recorded_at }));
}

/** Records a declared exception on a case in the caller's write scope, audited as `consent.exception.recorded`. */
export async function recordConsentException(
  trx: Kysely<Database>,
  caller: ConsentCaller,
  caseId: number,
  input: { kind: string; note: string }
): Promise<void> {
  const found = await findConsentCase(trx, caller.scope, caseId);
  if (!found) throw new ConsentNotFoundError(`cartella ${caseId} fuori portata`);
  const problems = [];
  if (!(input.kind in EXCEPTION_KINDS)) problems.push({ path: "/kind", message: "Scelga il tipo di eccezione." });
  if (!input.note.trim()) problems.push({ path: "/note", message: "Scriva gli estremi (provvedimento, dichiarazione, motivo)." });
  if (input.note.length > 2000) problems.push({ path: "/note", message: "Al massimo 2000 caratteri." });
  if (problems.length) throw new ConsentValidationError(problems);
  const { id } = await trx
    .insertInto("consent_exceptions")
    .values({ case_id: caseId, kind: input.kind as ExceptionKind, note: input.note.trim(), recorded_by: caller.userId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAuditEvent(trx, {
    ...caller.audit,
    action: "consent.exception.recorded",
    target: { type: "case", id: caseId },
    service: found.service,
    comune: found.comune,
    details: { exception: id, kind: input.kind },
  });
}

/** The holders of parental responsibility whose consent a case needs by default. */
export const HOLDERS = ["madre", "padre"] as const;

/** Per consent form of a case: who has consented, and whose consent is still missing. */
export interface HolderConsent {
  form: string;
  formTitle: string;
  /** Relationships of the signers of consents in force (completed, not withdrawn). */
  given: string[];
  /** Holders still missing; empty when a guardian signed, or one holder signed under a declared exception. */
  missing: string[];
  exceptionApplies: boolean;
}

/**
 * Joint parental responsibility (art. 316 c.c.): each holder consents. A
 * guardian's signature (tutore) stands for both; a declared exception (absent
 * or prevented parent, court order, sole parent) makes one holder enough.
 * Pure: works on what the page already loaded.
 */
export function holderConsents(requests: readonly ConsentRequest[], exceptions: readonly ConsentException[]): HolderConsent[] {
  const exceptionApplies = exceptions.some((e) => ONE_HOLDER_SUFFICES.includes(e.kind));
  const forms = new Map<string, string>();
  for (const r of requests) forms.set(r.form, r.formTitle);
  return [...forms].map(([form, formTitle]) => {
    const given = requests
      .filter((r) => r.form === form && r.status === "completed")
      .map((r) => r.answer?.relationship ?? r.recipient.relationship ?? "altro");
    const guardian = given.includes("tutore");
    const someHolder = HOLDERS.some((h) => given.includes(h));
    const missing = guardian || (exceptionApplies && someHolder) ? [] : HOLDERS.filter((h) => !given.includes(h));
    return { form, formTitle, given, missing, exceptionApplies };
  });
}
