import type { Kysely } from "kysely";
import type { Database } from "~/db/schema";
import { schemaForDataPointer, type JsonSchema } from "~/forms/schema/json-schema";
import { formatValue } from "~/submissions/data-diff";
import { findCaseByCode, listCaseSubmissions, type CaseCaller } from "./cases.server";
import { casePathFor, findPathStage } from "./case-paths";
import type { FillStage } from "./stage-fill";
import { stageOf } from "./timeline";

/**
 * The stage `stageKey` of the case `caseCode` for a new scheda of form
 * `slug`, with the schede the case already has in it (a `case.read` audit
 * event). Undefined when the case is not in scope or the stage is not a stage
 * of this form in the case's service path: the page then opens without a stage.
 * A time point whose field the version's schema does not have is not fixed.
 */
export async function findFillStage(
  db: Kysely<Database>,
  caller: CaseCaller,
  input: { service: string; caseCode: string; slug: string; stageKey: string; schema: JsonSchema }
): Promise<FillStage | undefined> {
  const stage = findPathStage(input.service, input.stageKey);
  if (!stage || stage.form !== input.slug) return undefined;
  const found = await findCaseByCode(db, caller, input.service, input.caseCode);
  if (!found) return undefined;
  const path = casePathFor(found.service);
  const existing = stage.repeatable
    ? []
    : (await listCaseSubmissions(db, caller.scope, found.id, path))
        .filter((e) => stageOf(e, path) === stage.key)
        .map((e) => ({ id: e.id, formTitle: e.formTitle, status: e.status, updatedAt: e.updatedAt }));
  const pointer = stage.timePoint && `/${stage.timePoint.field}`;
  const fieldSchema = pointer ? schemaForDataPointer(input.schema, pointer) : undefined;
  return {
    key: stage.key,
    label: stage.label,
    timePoint:
      stage.timePoint && fieldSchema
        ? { ...stage.timePoint, title: formatValue(input.schema, fieldSchema, stage.timePoint.value) ?? stage.timePoint.value }
        : null,
    existing,
  };
}
