import { sql, type Kysely, type Transaction } from "kysely";
import { recordAuditEvent, type AuditContext } from "~/audit/audit.server";
import type { Database } from "~/db/schema";
import { isFormKind, type FormKind } from "~/forms/versions/form-kinds";
import { NotFoundError, StateNotAllowedError, throwIfAny, type FieldMessages } from "~/lib/errors";
import { MAX_BASIS_LENGTH, MAX_RETENTION_YEARS, MIN_RETENTION_YEARS } from "./retention-kinds";

/**
 * The retention rules an admin keeps (ADR 0024): for each service, how many
 * years after closure its cases are kept, and longer rules for cases holding a
 * form of a given kind. Every service keeps its base rule (form kind null),
 * so every closed case has a term; kind rules can be added and removed.
 * Each change is audited with the years before and after; the event names
 * the service and the form kind (a rule has no page of its own to point at).
 */

export interface RetentionRule {
  id: number;
  service: string;
  serviceName: string;
  /** null: every case of the service (the base rule). */
  formKind: FormKind | null;
  years: number;
  basis: string;
}

/** The form's fields as posted: strings, checked by saveRetentionRule. */
export interface RetentionRuleInput {
  service: string;
  /** "" for the base rule. */
  formKind: string;
  years: string;
  basis: string;
}

/** Every rule, by service name, the base rule first. */
export async function listRetentionRules(db: Kysely<Database>): Promise<RetentionRule[]> {
  const rows = await db
    .selectFrom("retention_rules as r")
    .innerJoin("services as s", "s.code", "r.service_code")
    .select(["r.id", "r.service_code", "s.name", "r.form_kind", "r.years_after_closure", "r.basis"])
    .orderBy("s.name")
    .orderBy(sql`r.form_kind nulls first`)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    service: r.service_code,
    serviceName: r.name,
    formKind: isFormKind(r.form_kind) ? r.form_kind : null,
    years: r.years_after_closure,
    basis: r.basis,
  }));
}

/** Checks the posted fields; field names as the page's: anni, fondamento, tipo. */
async function checkRuleInput(db: Kysely<Database>, input: RetentionRuleInput) {
  const service = await db.selectFrom("services").select("code").where("code", "=", input.service).executeTakeFirst();
  if (!service) throw new NotFoundError(`service ${input.service}`);
  const messages: FieldMessages = {};
  const formKind = input.formKind === "" ? null : input.formKind;
  if (formKind !== null && !isFormKind(formKind)) messages.tipo = "Scegli il tipo di modulo dall'elenco.";
  const years = Number(input.years.trim());
  if (!/^\d+$/.test(input.years.trim()) || years < MIN_RETENTION_YEARS || years > MAX_RETENTION_YEARS)
    messages.anni = `Scrivi gli anni di conservazione dopo la chiusura come numero intero da ${MIN_RETENTION_YEARS} a ${MAX_RETENTION_YEARS}.`;
  const basis = input.basis.trim();
  if (!basis) messages.fondamento = "Scrivi da dove viene il termine, per esempio il piano di conservazione dell'Ente.";
  else if (basis.length > MAX_BASIS_LENGTH) messages.fondamento = `Il fondamento può avere al massimo ${MAX_BASIS_LENGTH} caratteri: accorcialo.`;
  throwIfAny(messages);
  return { service: service.code, formKind: formKind as FormKind | null, years, basis };
}

/**
 * Creates the rule for a service and form kind, or changes its years and
 * basis; audited as retention.rule.created / retention.rule.changed (with the
 * years before). An unchanged rule records nothing.
 */
export async function saveRetentionRule(trx: Transaction<Database>, audit: AuditContext, input: RetentionRuleInput): Promise<"created" | "changed" | "unchanged"> {
  const rule = await checkRuleInput(trx, input);
  const existing = await trx
    .selectFrom("retention_rules")
    .select(["id", "years_after_closure", "basis"])
    .where("service_code", "=", rule.service)
    .where(sql`coalesce(form_kind, '')`, "=", rule.formKind ?? "")
    .forUpdate()
    .executeTakeFirst();
  const event = { ...audit, service: rule.service, details: { formKind: rule.formKind, years: rule.years } };
  if (!existing) {
    if (rule.formKind === null) throw new StateNotAllowedError("il servizio non ha una regola di base: ricarica la pagina");
    await trx
      .insertInto("retention_rules")
      .values({ service_code: rule.service, form_kind: rule.formKind, years_after_closure: rule.years, basis: rule.basis })
      .execute();
    await recordAuditEvent(trx, { ...event, action: "retention.rule.created" });
    return "created";
  }
  if (existing.years_after_closure === rule.years && existing.basis === rule.basis) return "unchanged";
  await trx.updateTable("retention_rules").set({ years_after_closure: rule.years, basis: rule.basis }).where("id", "=", existing.id).execute();
  await recordAuditEvent(trx, {
    ...event,
    action: "retention.rule.changed",
    details: { ...event.details, yearsBefore: existing.years_after_closure },
  });
  return "changed";
}

/** Removes a rule for a form kind; a service's base rule stays (change its years instead). Audited as retention.rule.removed. */
export async function removeRetentionRule(trx: Transaction<Database>, audit: AuditContext, ruleId: number): Promise<void> {
  const rule = await trx.selectFrom("retention_rules").selectAll().where("id", "=", ruleId).forUpdate().executeTakeFirst();
  if (!rule) throw new NotFoundError(`retention rule ${ruleId}`);
  if (rule.form_kind === null) throw new StateNotAllowedError("la regola di base del servizio resta: cambiane gli anni");
  await trx.deleteFrom("retention_rules").where("id", "=", ruleId).execute();
  await recordAuditEvent(trx, {
    ...audit,
    action: "retention.rule.removed",
    service: rule.service_code,
    details: { formKind: rule.form_kind, years: rule.years_after_closure },
  });
}
