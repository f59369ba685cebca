import type { Kysely } from "kysely";
import { recordAuditEventCases, recordAuditEventWithId, type AuditContext } from "~/audit/audit.server";
import type { Scope } from "~/auth/policy";
import type { Database } from "~/db/schema";
import { findOfferedForm } from "~/forms/versions/offered-forms.server";
import { valueAtPointer } from "~/forms/schema/json-schema";
import { movedAwayPointers, presentInVersion } from "~/forms/mapping/mapping";
import { listFormVersions } from "~/forms/versions/registry.server";
import { batchStream } from "~/lib/batch-stream";
import type { ExportFormat, SubmissionFilters } from "./api-input";
import { csvCell, csvRow, csvTextCell } from "./csv";
import { exportColumns } from "./export-columns";
import { caseIdsOfSubmissions, summaryQuery, toSummary, whereSubmissionFilters, withLatestData, type Submission } from "./submission-query.server";

/** Rows read per query: one batch is all an export holds in memory (ADR 0009). */
export const EXPORT_BATCH_SIZE = 500;

/** The metadata columns that come before the data in a CSV export, with their Italian headers. */
const META_COLUMNS: { header: string; value: (s: Submission) => unknown }[] = [
  { header: "id", value: (s) => s.id },
  { header: "versione modulo", value: (s) => s.formVersion },
  { header: "revisione", value: (s) => s.revision },
  { header: "stato", value: (s) => s.status },
  { header: "servizio", value: (s) => s.service },
  { header: "comune", value: (s) => s.comune },
  { header: "cartella", value: (s) => s.case },
  { header: "creata il", value: (s) => s.createdAt.toISOString() },
  { header: "aggiornata il", value: (s) => s.updatedAt.toISOString() },
];

/** A started export: the body to send and what to call it. */
export interface SubmissionExport {
  contentType: string;
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Starts an export of a form's submissions in the caller's `report.read`
 * scope (oldest first, the data of each one's latest revision), or undefined
 * when the form is unknown or offered to none of the caller's services.
 * Records one `submission.exported` audit event with the form, format and
 * filters before the first byte is sent: the export is on record even if the
 * client stops reading half-way. The body is read batch by batch, as the
 * client reads it (`drained`: the socket's backpressure; `signal`: the client left).
 */
export async function startSubmissionExport(
  db: Kysely<Database>,
  caller: { scope: Scope; audit: AuditContext },
  input: { form: string; format: ExportFormat; filters: Omit<SubmissionFilters, "form"> },
  stream: { drained?: () => Promise<void>; signal?: AbortSignal } = {}
): Promise<SubmissionExport | undefined> {
  const form = await findOfferedForm(db, caller.scope, input.form);
  if (!form) return undefined;
  const filters: SubmissionFilters = { ...input.filters, form: form.slug };
  const eventId = await recordAuditEventWithId(db, {
    ...caller.audit,
    action: "submission.exported",
    target: { type: "form", id: form.slug },
    details: { format: input.format, filters: { ...filters } },
  });
  // Each batch adds the cases it is about to send to the event (the access reports of those cases list the export).
  const nextBatch = async (last: Submission | undefined) => {
    const batch = await selectBatch(db, caller.scope, filters, last?.id ?? 0);
    await recordAuditEventCases(db, eventId, await caseIdsOfSubmissions(db, batch.map((s) => s.id)));
    return batch;
  };
  // Old and new submissions side by side in the newest version's shape, through
  // the mappings declared at publish (ADR 0012); stored data is never rewritten.
  const versions = await listFormVersions(db, form.slug);
  const chain = versions.map((v) => ({ version: v.version!, mapping: v.mapping }));
  const latest = chain.at(-1)?.version ?? 0;
  const presented = (s: Submission) => presentInVersion(s.data, s.formVersion, latest, chain);
  if (input.format === "ndjson") {
    return {
      contentType: "application/x-ndjson; charset=utf-8",
      filename: `${form.slug}.ndjson`,
      body: batchStream({
        ...stream,
        nextBatch,
        batchSize: EXPORT_BATCH_SIZE,
        // `data` as stored (pinned version), `presentedAs` in the newest version's shape.
        encode: (rows) => rows.map((s) => `${JSON.stringify({ ...s, presentedAs: { formVersion: latest, data: presented(s) } })}\n`).join(""),
      }),
    };
  }
  // A field moved elsewhere by a mapping holds nothing in the newest shape: no empty column for it.
  const movedAway = movedAwayPointers(chain);
  const columns = exportColumns([...versions].reverse()).filter((c) => !movedAway.has(c.pointer));
  const header = csvRow([...META_COLUMNS.map((c) => c.header), ...columns.map((c) => c.title)].map(csvTextCell));
  return {
    contentType: "text/csv; charset=utf-8; header=present",
    filename: `${form.slug}.csv`,
    body: batchStream({
      ...stream,
      nextBatch,
      batchSize: EXPORT_BATCH_SIZE,
      // The BOM tells spreadsheet programs that the file is UTF-8 (accents in titles and answers).
      prefix: `\uFEFF${header}`,
      encode: (rows) =>
        rows
          .map((s) => {
            const data = presented(s);
            return csvRow([...META_COLUMNS.map((c) => csvCell(c.value(s))), ...columns.map((c) => csvCell(valueAtPointer(data, c.pointer)))]);
          })
          .join(""),
    }),
  };
}

/** The next EXPORT_BATCH_SIZE submissions in scope after id `after`, with their latest data (keyset, ascending). */
async function selectBatch(db: Kysely<Database>, scope: Scope, filters: SubmissionFilters, after: number): Promise<Submission[]> {
  const rows = await withLatestData(whereSubmissionFilters(summaryQuery(db, scope), filters))
    .where("s.id", ">", after)
    .orderBy("s.id")
    .limit(EXPORT_BATCH_SIZE)
    .execute();
  return rows.map((r) => ({ ...toSummary(r), data: r.data }));
}
