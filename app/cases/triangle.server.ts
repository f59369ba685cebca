import type { Kysely } from "kysely";
import { recordAuditEvent } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import { inScope, scopeKey } from "~/auth/scoped-query.server";
import { preparedStatement } from "~/db/prepared.server";
import type { Database } from "~/db/schema";
import { presentInVersion } from "~/forms/mapping/mapping";
import { getFormVersion, listVersionChain, type VersionLink } from "~/forms/versions/registry.server";
import { casePathFor, listCasePaths, timePointFields } from "./case-paths";
import type { CaseCaller, CaseDetail } from "./cases.server";
import { buildTriangle, triangleLabels, type Triangle, type TriangleLabels } from "./triangle";
import { submissionsWithLatestRevision } from "~/submissions/submission-query.server";

/** The form the triangle is read from (P.I.P.P.I. «Il Mondo del Bambino»). */
export const TRIANGLE_FORM = "mondo-del-bambino";

/** The scheda a time point of the triangle is read from. */
export interface TriangleSource {
  timePoint: string;
  submissionId: number;
  formVersion: number;
  updatedAt: Date;
}

/** A case's triangle as the page and the PDF show it. */
export interface CaseTriangle {
  case: { id: number; code: string; minorRef: string; serviceName: string; comuneName: string | null };
  /** null when no time point has a submitted assessment yet. */
  triangle: Triangle | null;
  /** The version whose labels and shape are shown (the newest of those used). */
  shownVersion: number | null;
  sources: TriangleSource[];
  /** Sentences about what the view did or left out: versions aligned, duplicates, drafts. */
  notices: string[];
}

/**
 * The field holding the time point of the assessment form: the one the case's
 * path names (case-paths.json), else the one any service's path names (the
 * form is offered to services whose path does not list it).
 */
export function timePointField(service: string): string | undefined {
  for (const path of [casePathFor(service), ...listCasePaths()]) {
    const field = timePointFields(path).get(TRIANGLE_FORM);
    if (field) return field;
  }
  return undefined;
}

/** Labels per version content and time-point field: a numbered version never changes, and reading its schema costs about a millisecond. */
const labelCache = new Map<string, TriangleLabels>();

/** The triangle's labels and scale in a numbered version of the form, read from its schema once per process. */
export async function labelsOf(db: Kysely<Database>, version: VersionLink, field: string): Promise<TriangleLabels> {
  const key = `${version.contentHash}:${field}`;
  let labels = labelCache.get(key);
  if (!labels) {
    const { schema, uiSchema } = await getFormVersion(db, TRIANGLE_FORM, version.version);
    labels = triangleLabels(schema, uiSchema, field);
    labelCache.set(key, labels);
  }
  return labels;
}

/** A scheda of «Il Mondo del Bambino» as the triangle reads it. */
export interface AssessmentRow {
  id: number;
  status: string;
  version: number | null;
  data: Record<string, unknown>;
}

/**
 * Per time point, the scheda the triangle shows: the first submitted one of
 * `rows` given newest first; with how many were submitted per time point and
 * the time points that have only drafts. Shared by the case's triangle and
 * the reports' P.I.P.P.I. outcomes, so both count the same scheda.
 */
export function chooseTimePoints<R extends AssessmentRow>(rows: readonly R[], field: string | undefined) {
  const chosen = new Map<string, R>();
  const submittedCount = new Map<string, number>();
  const draftsOnly = new Set<string>();
  for (const row of rows) {
    const point = field ? row.data[field] : undefined;
    if (typeof point !== "string") continue;
    if (row.status !== "submitted") {
      draftsOnly.add(point);
      continue;
    }
    submittedCount.set(point, (submittedCount.get(point) ?? 0) + 1);
    if (!chosen.has(point)) chosen.set(point, row);
  }
  for (const point of chosen.keys()) draftsOnly.delete(point);
  return { chosen, submittedCount, draftsOnly };
}

/** The case's «Il Mondo del Bambino» schede with their latest data, newest first: prepared once per scope. */
const triangleSubmissions = preparedStatement(scopeKey, (db, scope: Scope, v: { caseId: number }) =>
  submissionsWithLatestRevision(db)
    .select(["s.id", "s.status", "s.created_at", "s.updated_at", "v.version", "r.data"])
    .where("s.case_id", "=", v.caseId)
    .where("f.slug", "=", TRIANGLE_FORM)
    .where((eb) => inScope(eb, scope, { service: "s.service_code", comune: "s.comune_code" }))
    .orderBy("s.created_at", "desc")
    .orderBy("s.id", "desc")
);

/**
 * Reads a case's triangle: for each time point, the latest revision of its
 * newest submitted «Il Mondo del Bambino» scheda in the caller's scope, all
 * shown in the shape of the newest version among them through the declared
 * mappings (ADR 0012), with one audit event (`case.triangle.read`, or
 * `case.triangle.downloaded` for the PDF). The case must already come from a
 * scoped read (requireCase). Three queries whatever the case holds: the
 * schede with their data, the form's versions (a fourth, once per process and
 * version, for the labels), the audit event.
 */
export async function readCaseTriangle(db: Kysely<Database>, caller: CaseCaller, c: CaseDetail, as: "page" | "pdf"): Promise<CaseTriangle> {
  const field = timePointField(c.service);
  const rows = field ? await triangleSubmissions(db, caller.scope, { caseId: c.id }) : [];

  const { chosen, submittedCount, draftsOnly } = chooseTimePoints(rows, field);

  const notices: string[] = [];
  let triangle: Triangle | null = null;
  let shownVersion: number | null = null;
  const used = [...chosen.values()];
  if (used.length) {
    const chain = await listVersionChain(db, TRIANGLE_FORM);
    shownVersion = Math.max(...used.map((r) => r.version!));
    const labels = await labelsOf(db, chain.find((v) => v.version === shownVersion)!, field!);
    const points = [...chosen].map(([timePoint, row]) => ({ timePoint, data: presentInVersion(row.data, row.version!, shownVersion!, chain) }));
    triangle = buildTriangle(labels, points);
    const order = (tp: string) => labels.timePoints.findIndex((t) => t.value === tp);
    for (const [timePoint, row] of [...chosen].sort(([a], [b]) => order(a) - order(b))) {
      if (row.version! < shownVersion) {
        notices.push(`${timePoint} compilato sulla versione ${row.version} del modulo, allineato alla versione ${shownVersion} tramite le corrispondenze dichiarate.`);
      }
      const count = submittedCount.get(timePoint)!;
      if (count > 1) {
        notices.push(`${timePoint} ha ${count} schede inviate, ma se ne compila una sola: il triangolo mostra la più recente (n. ${row.id}). Tieni quella giusta e annota nelle altre perché esistono.`);
      }
    }
  }
  for (const point of draftsOnly) notices.push(`${point} ha solo una bozza: conterà quando la scheda sarà inviata.`);

  const sources = [...chosen].map(([timePoint, row]) => ({ timePoint, submissionId: row.id, formVersion: row.version!, updatedAt: row.updated_at }));
  await recordAuditEvent(db, {
    ...caller.audit,
    action: as === "pdf" ? "case.triangle.downloaded" : "case.triangle.read",
    target: { type: "case", id: c.id },
    service: c.service,
    comune: c.comune,
    details: { submissions: sources.map((s) => s.submissionId), timePoints: sources.map((s) => s.timePoint), shownVersion },
  });
  return {
    case: { id: c.id, code: c.code, minorRef: c.minorRef, serviceName: c.serviceName, comuneName: c.comuneName },
    triangle,
    shownVersion,
    sources: sources.sort((a, b) => a.timePoint.localeCompare(b.timePoint)),
    notices,
  };
}
