import { sql, type Kysely } from "kysely";
import { recordAuditEvent } from "~/audit/audit.server";
import { InvalidInputError, NotFoundError, fieldErrors, throwIfAny } from "~/lib/errors";
import type { Scope } from "~/auth/policy";
import { inScope, scopeKey } from "~/auth/scoped-query.server";
import { preparedStatement } from "~/db/prepared.server";
import type { Database } from "~/db/schema";
import type { CaseCaller, CaseSummary } from "./cases.server";
import { parseCourtOrderInput } from "./court-order-input";

/**
 * Court orders (provvedimenti) of a case and the due dates of the reports
 * they ask for (migration 0008). Scoped through their case: what the caller
 * may not read does not exist for them. Changes are audited.
 */

export interface CourtOrderDeadline {
  id: number;
  /** YYYY-MM-DD */
  dueOn: string;
  /** The relazione filed for it, once linked. */
  report: { id: number; title: string } | null;
}

export interface CourtOrder {
  id: number;
  caseId: number;
  authority: string;
  docketNumber: string;
  issuedOn: string;
  orderType: string;
  duties: string;
  createdAt: Date;
  createdBy: string;
  deadlines: CourtOrderDeadline[];
}

/** An open report deadline (no relazione linked yet) of a case in scope, for Il mio lavoro and coordinators' lists. */
export interface OpenDeadline {
  id: number;
  dueOn: string;
  overdue: boolean;
  caseId: number;
  caseCode: string;
  authority: string;
  docketNumber: string;
  orderType: string;
}

/** The court orders of a case within the scope, oldest decree first, each with its deadlines by date. */
export async function listCourtOrders(db: Kysely<Database>, scope: Scope, caseId: number): Promise<CourtOrder[]> {
  const orders = await caseCourtOrders(db, scope, { caseId });
  return orders.map((o) => ({
    id: o.id,
    caseId: o.case_id,
    authority: o.authority,
    docketNumber: o.docket_number,
    issuedOn: o.issued_on,
    orderType: o.order_type,
    duties: o.duties,
    createdAt: o.created_at,
    createdBy: o.display_name,
    deadlines: (o.deadlines ?? []).map((d) => ({ id: d.id, dueOn: d.dueOn, report: d.reportId ? { id: d.reportId, title: d.reportTitle ?? "" } : null })),
  }));
}

/** The case page's decrees, each with its deadlines as a JSON list (one round trip, issue 13): prepared once per scope. */
const caseCourtOrders = preparedStatement(scopeKey, (db, scope: Scope, v: { caseId: number }) =>
  db
    .selectFrom("court_orders as o")
    .innerJoin("cases as c", "c.id", "o.case_id")
    .innerJoin("users as u", "u.id", "o.created_by")
    .select((eb) => [
      "o.id",
      "o.case_id",
      "o.authority",
      "o.docket_number",
      sql<string>`o.issued_on::text`.as("issued_on"),
      "o.order_type",
      "o.duties",
      "o.created_at",
      "u.display_name",
      eb
        .selectFrom("court_order_deadlines as d")
        .leftJoin("submissions as s", "s.id", "d.report_submission_id")
        .leftJoin("form_versions as v", "v.id", "s.form_version_id")
        .leftJoin("forms as f", "f.id", "v.form_id")
        .select(
          sql<DeadlineRow[]>`coalesce(json_agg(json_build_object('id', d.id, 'dueOn', d.due_on::text, 'reportId', d.report_submission_id, 'reportTitle', f.title) order by d.due_on, d.id), '[]')`.as(
            "list"
          )
        )
        .whereRef("d.court_order_id", "=", "o.id")
        .as("deadlines"),
    ])
    .where("o.case_id", "=", v.caseId)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .orderBy("o.issued_on")
    .orderBy("o.id")
);

/** A deadline as listCourtOrders reads it from its JSON list. */
interface DeadlineRow {
  id: number;
  dueOn: string;
  reportId: number | null;
  reportTitle: string | null;
}

/**
 * Records a court order of a case the caller may write in, with its report
 * due dates and a `court_order.created` audit event (codes and counts, never
 * the text). Problems come back as an InvalidInputError by field. Pass a transaction.
 */
export async function createCourtOrder(
  trx: Kysely<Database>,
  caller: CaseCaller & { userId: number },
  c: CaseSummary,
  values: { get(name: string): string | undefined; getAll(name: string): string[] }
): Promise<number> {
  const { input, errors } = parseCourtOrderInput(values);
  throwIfAny(errors);
  await assertCaseInScope(trx, caller.scope, c.id);
  const { id } = await trx
    .insertInto("court_orders")
    .values({
      case_id: c.id,
      authority: input.authority,
      docket_number: input.docketNumber,
      issued_on: input.issuedOn,
      order_type: input.orderType,
      duties: input.duties,
      created_by: caller.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.deadlines.length) {
    await trx
      .insertInto("court_order_deadlines")
      .values(input.deadlines.map((due_on) => ({ court_order_id: id, due_on })))
      .execute();
  }
  await recordAuditEvent(trx, {
    ...caller.audit,
    action: "court_order.created",
    target: { type: "court_order", id },
    service: c.service,
    comune: c.comune,
    details: { caseId: c.id, authority: input.authority, orderType: input.orderType, deadlines: input.deadlines.length },
  });
  return id;
}

/**
 * Links the relazione filed for a deadline: a submitted report (form kind
 * `report`) of the same case, within the caller's scope; audited as
 * `court_order.report_linked`. Anything else is an InvalidInputError on `relazione`.
 */
export async function linkDeadlineReport(
  trx: Kysely<Database>,
  caller: CaseCaller,
  c: CaseSummary,
  deadlineId: number,
  submissionId: number
): Promise<void> {
  await assertCaseInScope(trx, caller.scope, c.id);
  const deadline = await trx
    .selectFrom("court_order_deadlines as d")
    .innerJoin("court_orders as o", "o.id", "d.court_order_id")
    .select(["d.id", "o.id as order_id"])
    .where("d.id", "=", deadlineId)
    .where("o.case_id", "=", c.id)
    .executeTakeFirst();
  if (!deadline) throw new InvalidInputError(fieldErrors({ scadenza: "Questa scadenza non esiste più in questa cartella: ricarica la pagina." }));
  const report = await trx
    .selectFrom("submissions as s")
    .innerJoin("form_versions as v", "v.id", "s.form_version_id")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select("s.id")
    .where("s.id", "=", submissionId)
    .where("s.case_id", "=", c.id)
    .where("s.status", "=", "submitted")
    .where("f.kind", "=", "report")
    .where((eb) => inScope(eb, caller.scope, { service: "s.service_code", comune: "s.comune_code" }))
    .executeTakeFirst();
  if (!report) throw new InvalidInputError(fieldErrors({ relazione: "Scegli una relazione inviata di questa cartella." }));
  await trx
    .updateTable("court_order_deadlines")
    .set({ report_submission_id: submissionId, report_linked_at: sql`now()` })
    .where("id", "=", deadlineId)
    .execute();
  await recordAuditEvent(trx, {
    ...caller.audit,
    action: "court_order.report_linked",
    target: { type: "court_order", id: deadline.order_id },
    service: c.service,
    comune: c.comune,
    details: { caseId: c.id, deadlineId, submissionId },
  });
}

/**
 * Report deadlines without a relazione, due by `until` (overdue ones
 * included), in open cases within the scope, soonest first.
 */
export async function listOpenDeadlines(db: Kysely<Database>, scope: Scope, until: string, today: string): Promise<OpenDeadline[]> {
  const rows = await db
    .selectFrom("court_order_deadlines as d")
    .innerJoin("court_orders as o", "o.id", "d.court_order_id")
    .innerJoin("cases as c", "c.id", "o.case_id")
    .select([
      "d.id",
      sql<string>`d.due_on::text`.as("due_on"),
      "c.id as case_id",
      "c.code",
      "o.authority",
      "o.docket_number",
      "o.order_type",
    ])
    .where("d.report_submission_id", "is", null)
    .where("d.due_on", "<=", until)
    .where("c.closed_at", "is", null)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .orderBy("d.due_on")
    .orderBy("d.id")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    dueOn: r.due_on,
    overdue: r.due_on < today,
    caseId: r.case_id,
    caseCode: r.code,
    authority: r.authority,
    docketNumber: r.docket_number,
    orderType: r.order_type,
  }));
}

/** The write scope must cover the case (the caller found it with a read scope). */
async function assertCaseInScope(db: Kysely<Database>, scope: Scope, caseId: number): Promise<void> {
  const found = await db
    .selectFrom("cases as c")
    .select("c.id")
    .where("c.id", "=", caseId)
    .where((eb) => inScope(eb, scope, { service: "c.service_code", comune: "c.comune_code" }))
    .executeTakeFirst();
  // Outside the caller's write scope reads as unknown (a 404 for the page).
  if (!found) throw new NotFoundError(`cartella ${caseId} fuori portata`);
}
