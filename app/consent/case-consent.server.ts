import type { Kysely } from "kysely";
import { recordAuditEvent } from "~/audit/audit.server";
import { findCase, type CaseSummary } from "~/cases/cases.server";
import type { Database } from "~/db/schema";
import type { ConsentCaller, ConsentRequest } from "./consent-requests.server";
import { EXCEPTION_KINDS, type ExceptionKind } from "./consent-status";
import { ConsentNotFoundError, ConsentValidationError } from "./errors";

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
  const found = await findCase(trx, caller, caseId);
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

/** Published versions of the consent forms offered to a service, newest version first per form: the choices of "new request". */
export async function listConsentFormVersions(db: Kysely<Database>, service: string): Promise<{ slug: string; title: string; version: number }[]> {
  const rows = await db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .innerJoin("form_services as fs", "fs.form_id", "f.id")
    .select(["f.slug", "f.title", "v.version"])
    .where("f.kind", "=", "consent")
    .where("v.status", "=", "published")
    .where("fs.service_code", "=", service)
    .orderBy("f.title")
    .orderBy("v.version", "desc")
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, version: r.version! }));
}

/** Records that a worker looked at a case's consent requests (reads are audited too: DOMAIN §4). */
export function recordConsentListRead(db: Kysely<Database>, audit: ConsentCaller["audit"], found: CaseSummary): Promise<void> {
  return recordAuditEvent(db, { ...audit, action: "consent.listed", target: { type: "case", id: found.id }, service: found.service, comune: found.comune });
}
