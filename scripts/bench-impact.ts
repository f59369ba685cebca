// `npm run bench:impact` (a benchmark, not a test): how long the publish
// page's impact check takes for many drafts of an earlier version, with and
// without a declared mapping, on an in-memory PGlite; and the heap it needs
// (it reads the drafts in batches, so memory should not grow with their number).
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { createDatabaseFromPGlite } from "~/db/db.server";
import { migrateToLatest } from "~/db/migrate.server";
import { checkDraftImpact } from "~/forms/mapping/impact.server";
import type { VersionMapping } from "~/forms/mapping/mapping";
import { createDraftVersion, createForm, publishFormVersion } from "~/forms/versions/registry.server";
import { formVersionSchemaId } from "~/forms/validation/validators.server";
import { createTestUser } from "../tests/support/factories";

const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
  gc?.();
  return (process.memoryUsage().heapUsed / 1e6).toFixed(1);
};

const db = createDatabaseFromPGlite(await PGlite.create());
await migrateToLatest(db);
const user = await createTestUser(db, { role: "worker", service: "spazio-neutro" });
const choice = (codes: string[]) => ({ type: "string", title: "Clima", oneOf: codes.map((c) => ({ const: c, title: c })) });
const v1 = {
  type: "object",
  title: "Verbale",
  properties: { durata: { type: "integer", title: "Durata", minimum: 0 }, clima: choice(["sereno", "teso"]), note: { type: "string", title: "Note" } },
};
const v2 = {
  type: "object",
  title: "Verbale",
  additionalProperties: false,
  properties: {
    durataMinuti: { type: "integer", title: "Durata in minuti", minimum: 0, maximum: 240 },
    clima: choice(["sereno", "difficile"]),
    note: { type: "string", title: "Note" },
  },
};
const published = await db.transaction().execute(async (trx) => {
  const form = await createForm(trx, { slug: "bench", kind: "report", title: "Bench", services: ["spazio-neutro"] });
  const draft = await createDraftVersion(trx, form.id, { schema: v1 });
  return publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
});
const mapping: VersionMapping = {
  fromVersion: 1,
  rules: [
    { from: "/durata", to: "/durataMinuti" },
    { from: "/clima", to: "/clima", recode: [{ from: "teso", to: "difficile" }] },
  ],
};

async function addDrafts(count: number) {
  await sql`insert into submissions (form_version_id, service_code, status, revision, created_by)
    select ${published.id}, 'spazio-neutro', 'draft', 1, ${user.id} from generate_series(1, ${count})`.execute(db);
  await sql`insert into submission_revisions (submission_id, revision, status, data, author_id)
    select s.id, 1, 'draft', jsonb_build_object('durata', s.id % 300, 'clima', case when s.id % 2 = 0 then 'teso' else 'sereno' end, 'note', repeat('x', 200)), ${user.id}
    from submissions s where not exists (select 1 from submission_revisions r where r.submission_id = s.id)`.execute(db);
}

const earlier = [{ id: published.id, version: 1, mapping: null, schema: published.schema, schemaId: published.schemaId }];
let total = 0;
for (const target of [1_000, 10_000, 50_000]) {
  await addDrafts(target - total);
  total = target;
  for (const declared of [null, mapping]) {
    const before = heapMb();
    const report = await checkDraftImpact(db, { earlier, next: { version: 2, mapping: declared, schema: v2, schemaId: formVersionSchemaId("bench", "draft") } });
    console.log(
      `${String(total).padStart(6)} drafts, ${declared ? "with mapping   " : "without mapping"}: ${String(report.elapsedMs).padStart(6)} ms ` +
        `(${Math.round((total / report.elapsedMs) * 1000)} drafts/s), no longer valid ${report.noLongerValid}, heap ${before} → ${heapMb()} MB`,
    );
  }
}
await db.destroy();
