import type { LoaderFunctionArgs } from "@remix-run/node";
import { AUDIT_CSV_HEADER, auditCsvRow, describeAuditEvents, parseAuditLogQuery } from "~/audit/audit-view.server";
import { listAuditEventsAfter, recordAuditEvent } from "~/audit/audit.server";
import { auditContext, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { batchStream } from "~/lib/batch-stream";

const BATCH_SIZE = 500;

/**
 * GET /admin/registro.csv with the log page's filters: every matching event,
 * oldest first, streamed batch by batch. The download is itself recorded.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "audit.read");
  const db = getDb();
  const { filters, unknownCase } = await parseAuditLogQuery(db, new URL(request.url).searchParams);
  await recordAuditEvent(db, {
    ...auditContext(admin, request, context),
    action: "audit.exported",
    details: { format: "csv", filters: { ...filters, from: filters.from?.toISOString(), to: filters.to?.toISOString() } },
  });
  const body = batchStream<{ id: number; csv: string }>({
    batchSize: BATCH_SIZE,
    // The BOM makes spreadsheet programs read the file as UTF-8 (accents), as in the submissions export.
    prefix: `\uFEFF${AUDIT_CSV_HEADER}`,
    // One row per event; each batch is described (names, case codes, form titles) with one set of look-ups.
    async nextBatch(last) {
      if (unknownCase) return [];
      const records = await listAuditEventsAfter(db, filters, last?.id ?? 0, BATCH_SIZE);
      const readable = await describeAuditEvents(db, records);
      return records.map((record, i) => ({ id: record.id, csv: auditCsvRow(readable[i]!, record) }));
    },
    encode: (rows) => rows.map((r) => r.csv).join(""),
    drained: context.responseDrained,
    signal: request.signal,
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="registro-attivita-${day}.csv"` },
  });
}
