import { sql, type Kysely } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import { inScope } from "~/auth/scoped-query.server";
import { casePathFor } from "~/cases/case-paths";
import { listCaseSubmissions } from "~/cases/cases.server";
import { listOpenDeadlines, type OpenDeadline } from "~/cases/court-orders.server";
import { buildTimeline } from "~/cases/timeline";
import { addDays, todayInRome } from "~/cases/today";
import { listCaseConsentAttention, type CaseConsentAttention } from "~/consent/case-consent.server";
import { consentStatus } from "~/consent/consent-requests.server";
import type { ConsentStatus } from "~/consent/consent-status";
import type { Database } from "~/db/schema";
import { listForms } from "~/forms/versions/registry.server";
import { listStartableForms } from "~/cases/cases.server";

/**
 * "Il mio lavoro", the signed-in home (issue 13): each section is one
 * function taking the handle first and the caller's scope, so the lists show
 * exactly what /casi and /schede would show the same person.
 */

/** How far ahead court report deadlines are shown (overdue ones always are). */
export const DEADLINE_WINDOW_DAYS = 30;
/** A pending consent link expiring within this many days is flagged. */
export const CONSENT_EXPIRING_DAYS = 3;
/** Amendments and refusals of the last this many days. */
const RECENT_DAYS = 30;
/** The most items a section shows. */
export const SECTION_LIMIT = 20;

export interface MyDraft {
  id: number;
  formTitle: string;
  caseCode: string | null;
  updatedAt: Date;
}

export interface MyCase {
  id: number;
  code: string;
  /** The first stage of the path without a scheda whose form is offered; null when the path is done. */
  nextStep: { label: string } | null;
}

export interface ConsentAttention {
  id: number;
  caseId: number | null;
  caseCode: string | null;
  formTitle: string;
  recipient: string;
  status: ConsentStatus;
  expiresAt: Date;
  /** Pending and expiring within CONSENT_EXPIRING_DAYS. */
  expiringSoon: boolean;
}

export interface AmendedByOther {
  submissionId: number;
  formTitle: string;
  caseCode: string | null;
  revision: number;
  author: string;
  at: Date;
}

/** The worker's drafts (they wrote the last revision) in their write scope, most recently touched first. */
export async function listMyDrafts(db: Kysely<Database>, scope: Scope, userId: number): Promise<MyDraft[]> {
  const rows = await db
    .selectFrom("submissions as s")
    .innerJoin("submission_revisions as r", (j) => j.onRef("r.submission_id", "=", "s.id").onRef("r.revision", "=", "s.revision"))
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .leftJoin("cases as c", "c.id", "s.case_id")
    .select(["s.id", "f.title", "c.code", "s.updated_at"])
    .where("s.status", "=", "draft")
    .where("r.author_id", "=", userId)
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
    .orderBy("s.updated_at", "desc")
    .limit(SECTION_LIMIT)
    .execute();
  return rows.map((r) => ({ id: r.id, formTitle: r.title, caseCode: r.code, updatedAt: r.updated_at }));
}

/** Open cases in scope that the worker opened or wrote a scheda in, each with the next step of its path. */
export async function listMyOpenCases(db: Kysely<Database>, scope: Scope, userId: number): Promise<MyCase[]> {
  const rows = await db
    .selectFrom("cases as c")
    .select(["c.id", "c.code", "c.service_code"])
    .where("c.closed_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("c.created_by", "=", userId),
        eb.exists(eb.selectFrom("submissions as s").select(sql`1`.as("one")).whereRef("s.case_id", "=", "c.id").where("s.created_by", "=", userId)),
      ])
    )
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .orderBy("c.id", "desc")
    .limit(SECTION_LIMIT)
    .execute();
  const offered = new Map<string, string[]>();
  const cases: MyCase[] = [];
  for (const r of rows) {
    if (!offered.has(r.service_code)) offered.set(r.service_code, (await listStartableForms(db, r.service_code)).map((f) => f.slug));
    const path = casePathFor(r.service_code);
    const stages = buildTimeline(await listCaseSubmissions(db, scope, r.id, path), path, offered.get(r.service_code)!);
    const next = stages.find((s) => s.form && s.available && !s.repeatable && s.entries.length === 0);
    cases.push({ id: r.id, code: r.code, nextStep: next ? { label: next.label } : null });
  }
  return cases;
}

/**
 * Consent links in scope that need the worker: pending (flagged when they
 * expire soon) and, from the last 30 days, declined or withdrawn. The one
 * place that decides which consents need attention (its source may change:
 * consent status per purpose).
 */
export async function listConsentAttention(db: Kysely<Database>, scope: Scope, now = new Date()): Promise<ConsentAttention[]> {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const rows = await db
    .selectFrom("consent_requests as r")
    .innerJoin("form_versions as v", "v.id", "r.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .leftJoin("cases as c", "c.id", "r.case_id")
    .leftJoin("submissions as s", "s.consent_request_id", "r.id")
    .select(["r.id", "r.case_id", "c.code", "f.title", "r.recipient_name", "r.expires_at", "r.revoked_at", "s.status as submission_status", "s.updated_at"])
    .where("r.revoked_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.and([eb("s.id", "is", null), eb("r.expires_at", ">", now)]),
        eb.and([eb("s.status", "in", ["declined", "withdrawn"]), eb("s.updated_at", ">=", since)]),
      ])
    )
    .where((eb) => inScope(eb, scope, { service: "r.service_code", comune: "r.comune_code" }))
    .orderBy("r.expires_at")
    .limit(SECTION_LIMIT)
    .execute();
  const soon = now.getTime() + CONSENT_EXPIRING_DAYS * 86_400_000;
  return rows.map((r) => {
    const status = consentStatus(r, now);
    return {
      id: r.id,
      caseId: r.case_id,
      caseCode: r.code,
      formTitle: r.title,
      recipient: r.recipient_name,
      status,
      expiresAt: r.expires_at,
      expiringSoon: status === "pending" && r.expires_at.getTime() <= soon,
    };
  });
}

/**
 * Consent forms of cases in scope where a holder refused a purpose, in answers
 * given (through a link or on paper) in the last RECENT_DAYS days. A refusal of
 * one purpose leaves the others agreed, so the link's status alone would hide
 * it (issue 15); the per-purpose matrix decides.
 */
export async function listConsentRefusals(db: Kysely<Database>, scope: Scope, now = new Date()): Promise<CaseConsentAttention[]> {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const answered = await db
    .selectFrom("consent_requests as r")
    .innerJoin("submissions as s", "s.consent_request_id", "r.id")
    .select("r.case_id as caseId")
    .where("s.updated_at", ">=", since)
    .where((eb) => inScope(eb, scope, { service: "r.service_code", comune: "r.comune_code" }))
    .union(
      db
        .selectFrom("paper_consents as p")
        .innerJoin("cases as c", "c.id", "p.case_id")
        .select("p.case_id as caseId")
        .where("p.recorded_at", ">=", since)
        .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    )
    .execute();
  const caseIds = answered.flatMap((r) => (r.caseId === null ? [] : [r.caseId]));
  const attention = await listCaseConsentAttention(db, scope, caseIds);
  return attention.filter((a) => a.refused.length > 0).slice(0, SECTION_LIMIT);
}

/** Amendments of the last 30 days, by someone else, to schede the worker created, in scope. */
export async function listAmendedByOthers(db: Kysely<Database>, scope: Scope, userId: number, now = new Date()): Promise<AmendedByOther[]> {
  const rows = await db
    .selectFrom("submission_revisions as r")
    .innerJoin("submissions as s", "s.id", "r.submission_id")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .innerJoin("users as u", "u.id", "r.author_id")
    .leftJoin("cases as c", "c.id", "s.case_id")
    .select(["s.id", "f.title", "c.code", "r.revision", "u.display_name", "r.created_at"])
    .where("s.created_by", "=", userId)
    .where("r.author_id", "!=", userId)
    .where("r.reason", "is not", null)
    .where("r.created_at", ">=", new Date(now.getTime() - RECENT_DAYS * 86_400_000))
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
    .orderBy("r.created_at", "desc")
    .limit(SECTION_LIMIT)
    .execute();
  return rows.map((r) => ({ submissionId: r.id, formTitle: r.title, caseCode: r.code, revision: r.revision, author: r.display_name, at: r.created_at }));
}

/** Court report deadlines in scope due within DEADLINE_WINDOW_DAYS, overdue ones first (they come first by date). */
export function listDueDeadlines(db: Kysely<Database>, scope: Scope, now = new Date()): Promise<OpenDeadline[]> {
  const today = todayInRome(now);
  return listOpenDeadlines(db, scope, addDays(today, DEADLINE_WINDOW_DAYS), today);
}

/** An admin's work: forms with an unpublished draft and active users without any membership. */
export async function listAdminWork(db: Kysely<Database>): Promise<{ formDrafts: { slug: string; title: string }[]; usersWithoutMemberships: { id: number; displayName: string }[] }> {
  const formDrafts = (await listForms(db)).filter((f) => f.hasDraft).map((f) => ({ slug: f.slug, title: f.title }));
  const users = await db
    .selectFrom("users as u")
    .select(["u.id", "u.display_name"])
    .where("u.disabled_at", "is", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("memberships as m").select(sql`1`.as("one")).whereRef("m.user_id", "=", "u.id"))))
    .orderBy("u.display_name")
    .limit(SECTION_LIMIT)
    .execute();
  return { formDrafts, usersWithoutMemberships: users.map((u) => ({ id: u.id, displayName: u.display_name })) };
}

/** The `work.viewed` audit event of one Il mio lavoro page: what was shown, as counts (never content). */
export function recordWorkViewed(db: Kysely<Database>, audit: AuditContext, counts: Record<string, number>): Promise<void> {
  return recordAuditEvent(db, { ...audit, action: "work.viewed", details: counts });
}
