import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { createDraftVersion, publishFormVersion } from "~/forms/versions/registry.server";
import { loader as exportLoader } from "~/routes/api.v1.export";
import { EXPORT_BATCH_SIZE } from "~/submissions/export.server";
import { createTestCase } from "../support/cases";
import { createTestUser } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { TEST_ORIGIN, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const FORM = "export-prova";
const V1 = {
  type: "object",
  title: "Modulo da esportare",
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    note: { type: "string", title: "Note" },
    vecchio: { type: "string", title: "Campo della versione 1" },
  },
};
const V2 = {
  type: "object",
  title: "Modulo da esportare",
  properties: {
    dataIncontro: { type: "string", format: "date", title: "Data dell'incontro" },
    bambino: { type: "object", title: "Bambino", properties: { eta: { type: "integer", title: "Età" } } },
    partecipanti: { type: "array", title: "Partecipanti", items: { type: "string" } },
    note: { type: "string", title: "Note, osservazioni" },
  },
};

let t: TestDatabase;
const tokens = {} as Record<"coordinator" | "affidiCoordinator" | "worker" | "viewer", string>;
const ids = {} as Record<"old" | "tricky" | "meda" | "affidi", number>;
let workerId = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  const { form } = await createPublishedForm(t.db, FORM, V1, ["tutela-minori", "affidi"]);
  await createPublishedForm(t.db, "solo-spazio-neutro");
  const users = {
    coordinator: { role: "coordinator", service: "tutela-minori" },
    affidiCoordinator: { role: "coordinator", service: "affidi" },
    worker: { role: "worker", service: "tutela-minori", comune: "seregno" },
    viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
  } as const;
  for (const [name, membership] of Object.entries(users) as [keyof typeof tokens, (typeof users)[keyof typeof users]][]) {
    const { id } = await createTestUser(t.db, membership);
    if (name === "worker") workerId = id;
    tokens[name] = (await createApiToken(t.db, id, "test")).token;
  }
  const medaWorker = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "meda" });
  const affidiWorker = await createTestUser(t.db, { role: "worker", service: "affidi" });
  const seregno = { userId: workerId, form: FORM, service: "tutela-minori", comune: "seregno" };

  ids.old = (await createTestSubmission(t.db, { ...seregno, data: { dataIncontro: "2026-01-10", vecchio: "solo in v1" } })).id;
  await t.db.transaction().execute(async (trx) => {
    const draft = await createDraftVersion(trx, form.id, { schema: V2, uiSchema: {} });
    await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
  });
  await createTestCase(t.db, { userId: workerId, code: "TM-SER-1", service: "tutela-minori", comune: "seregno" });
  const tricky = {
    dataIncontro: "2026-02-01",
    bambino: { eta: 9 },
    partecipanti: ["madre", "=HYPERLINK(\"http://x\")"],
    note: 'Disse: "va bene", poi\nandò via; =1+1',
  };
  ids.tricky = (await createTestSubmission(t.db, { ...seregno, data: tricky, status: "submitted", caseCode: "TM-SER-1" })).id;
  ids.meda = (
    await createTestSubmission(t.db, { userId: medaWorker.id, form: FORM, service: "tutela-minori", comune: "meda", data: { note: "-2" } })
  ).id;
  ids.affidi = (await createTestSubmission(t.db, { userId: affidiWorker.id, form: FORM, service: "affidi", data: { note: "affidi" } })).id;
});
afterAll(() => t.destroy());

function exportRequest(who: keyof typeof tokens | undefined, query: string) {
  const headers: Record<string, string> = who ? { Authorization: `Bearer ${tokens[who]}` } : {};
  return new Request(`${TEST_ORIGIN}/api/v1/export?${query}`, { headers });
}
/** Status, headers and the exact text of the body (BOM included, which Response.text() would drop); errors as JSON. */
async function exportAs(who: keyof typeof tokens | undefined, query: string) {
  let response: Response;
  try {
    response = (await exportLoader({ request: exportRequest(who, query), params: {}, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: response.status === 200 ? text : (JSON.parse(text) as unknown) };
}

async function timestamps(id: number) {
  const row = await t.db.selectFrom("submissions").select(["created_at", "updated_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  return `${row.created_at.toISOString()},${row.updated_at.toISOString()}`;
}

describe("GET /api/v1/export", () => {
  it("exports CSV exactly: metadata, every version's fields by title, RFC 4180 quoting, formulas neutralised", async () => {
    const r = await exportAs("coordinator", `form=${FORM}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(r.headers.get("Content-Disposition")).toBe(`attachment; filename="${FORM}.csv"`);
    const expected =
      "\uFEFFid,versione modulo,revisione,stato,servizio,comune,cartella,creata il,aggiornata il," +
      'Data dell\'incontro,Bambino › Età,Partecipanti,"Note, osservazioni",Campo della versione 1\r\n' +
      `${ids.old},1,1,draft,tutela-minori,seregno,,${await timestamps(ids.old)},2026-01-10,,,,solo in v1\r\n` +
      `${ids.tricky},2,1,submitted,tutela-minori,seregno,TM-SER-1,${await timestamps(ids.tricky)},2026-02-01,9,` +
      `"madre; =HYPERLINK(""http://x"")","Disse: ""va bene"", poi\nandò via; =1+1",\r\n` +
      `${ids.meda},2,1,draft,tutela-minori,meda,,${await timestamps(ids.meda)},,,,'-2,\r\n`;
    expect(r.body).toBe(expected);
  });

  it("exports NDJSON: one submission per line, shaped like GET /submissions/:id, in scope only", async () => {
    const r = await exportAs("coordinator", `form=${FORM}&format=ndjson`);
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/x-ndjson; charset=utf-8");
    const text = r.body as string;
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual([ids.old, ids.tricky, ids.meda]);
    expect(lines[1]).toEqual({
      id: ids.tricky,
      form: FORM,
      formVersion: 2,
      revision: 1,
      status: "submitted",
      service: "tutela-minori",
      comune: "seregno",
      case: "TM-SER-1",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      data: {
        dataIncontro: "2026-02-01",
        bambino: { eta: 9 },
        partecipanti: ["madre", "=HYPERLINK(\"http://x\")"],
        note: 'Disse: "va bene", poi\nandò via; =1+1',
      },
      // Already the newest version: presented as it is.
      presentedAs: { formVersion: 2, data: expect.objectContaining({ bambino: { eta: 9 } }) },
    });
    // An old one keeps its stored data; v2 declared no mapping, so it is presented as stored.
    expect(lines[0]).toMatchObject({ formVersion: 1, data: { vecchio: "solo in v1" }, presentedAs: { formVersion: 2, data: { vecchio: "solo in v1" } } });
  });

  it("applies the list's filters", async () => {
    const byComune = await exportAs("coordinator", `form=${FORM}&format=ndjson&comune=meda`);
    expect((byComune.body as string).trimEnd().split("\n").map((l) => JSON.parse(l).id)).toEqual([ids.meda]);
    const byCase = await exportAs("coordinator", `form=${FORM}&format=ndjson&case=tm-ser-1&status=submitted`);
    expect((byCase.body as string).trimEnd().split("\n").map((l) => JSON.parse(l).id)).toEqual([ids.tricky]);
    const none = await exportAs("coordinator", `form=${FORM}&format=csv&status=submitted&comune=meda`);
    expect((none.body as string).split("\r\n")).toHaveLength(2);
  });

  it("never includes rows outside the caller's scope", async () => {
    const r = await exportAs("affidiCoordinator", `form=${FORM}&format=ndjson`);
    expect((r.body as string).trimEnd().split("\n").map((l) => JSON.parse(l).id)).toEqual([ids.affidi]);
  });

  it("answers 401, 403, 404 and 400 like the rest of the API", async () => {
    expect((await exportAs(undefined, `form=${FORM}&format=csv`)).status).toBe(401);
    expect((await exportAs("worker", `form=${FORM}&format=csv`)).status).toBe(403);
    expect((await exportAs("viewer", `form=${FORM}&format=csv`)).status).toBe(403);
    expect((await exportAs("coordinator", "form=non-esiste&format=csv")).status).toBe(404);
    // A form offered to none of the caller's services looks unknown.
    expect((await exportAs("coordinator", "form=solo-spazio-neutro&format=csv")).status).toBe(404);
    const bad = await exportAs("coordinator", "format=xlsx&from=ieri");
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["/form", "/format", "/from"]);
  });

  it("records one audit event per export, with the form, format and filters", async () => {
    const before = await t.db.selectFrom("audit_events").select(sql<number>`max(id)::int`.as("id")).executeTakeFirstOrThrow();
    await exportAs("coordinator", `form=${FORM}&format=csv&comune=meda`);
    const events = await t.db
      .selectFrom("audit_events")
      .select(["action", "target_type", "target_id", "details"])
      .where("id", ">", before.id)
      .execute();
    expect(events).toEqual([
      {
        action: "submission.exported",
        target_type: "form",
        target_id: FORM,
        details: { format: "csv", filters: { form: FORM, comune: "meda" } },
      },
    ]);
  });
});

describe("export with a declared mapping (ADR 0012)", () => {
  const MAPPED = "export-mappato";
  const choice = (codes: string[]) => ({ type: "string", title: "Clima", oneOf: codes.map((c) => ({ const: c, title: c })) });
  let oldId = 0;
  let newId = 0;
  beforeAll(async () => {
    const { form } = await createPublishedForm(
      t.db,
      MAPPED,
      { type: "object", title: "Colloquio", properties: { durata: { type: "integer", title: "Durata (minuti)" }, clima: choice(["sereno", "teso"]) } },
      ["tutela-minori"],
    );
    const seregno = { userId: workerId, form: MAPPED, service: "tutela-minori", comune: "seregno" };
    oldId = (await createTestSubmission(t.db, { ...seregno, data: { durata: 45, clima: "teso" } })).id;
    await t.db.transaction().execute(async (trx) => {
      const draft = await createDraftVersion(trx, form.id, {
        schema: { type: "object", title: "Colloquio", properties: { durataMinuti: { type: "integer", title: "Durata in minuti" }, clima: choice(["sereno", "difficile"]) } },
      });
      const mapping = { fromVersion: 1, rules: [{ from: "/durata", to: "/durataMinuti" }, { from: "/clima", to: "/clima", recode: [{ from: "teso", to: "difficile" }] }] };
      await trx.updateTable("form_versions").set({ mapping: JSON.stringify(mapping) }).where("id", "=", draft.id).execute();
      await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
    });
    newId = (await createTestSubmission(t.db, { ...seregno, data: { durataMinuti: 60, clima: "difficile" } })).id;
  });

  it("shows old and new submissions side by side in the newest shape, without a column for the moved field", async () => {
    const r = await exportAs("coordinator", `form=${MAPPED}&format=csv`);
    const lines = (r.body as string).split("\r\n");
    expect(lines[0]).toBe("\uFEFFid,versione modulo,revisione,stato,servizio,comune,cartella,creata il,aggiornata il,Durata in minuti,Clima");
    expect(lines[1]).toBe(`${oldId},1,1,draft,tutela-minori,seregno,,${await timestamps(oldId)},45,difficile`);
    expect(lines[2]).toBe(`${newId},2,1,draft,tutela-minori,seregno,,${await timestamps(newId)},60,difficile`);
  });

  it("keeps the stored data in NDJSON and adds it in the newest shape, never rewriting it", async () => {
    const r = await exportAs("coordinator", `form=${MAPPED}&format=ndjson`);
    const [old] = (r.body as string).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(old).toMatchObject({ formVersion: 1, data: { durata: 45, clima: "teso" }, presentedAs: { formVersion: 2, data: { durataMinuti: 45, clima: "difficile" } } });
    const stored = await t.db.selectFrom("submission_revisions").select("data").where("submission_id", "=", oldId).executeTakeFirstOrThrow();
    expect(stored.data).toEqual({ durata: 45, clima: "teso" });
  });
});

describe("export memory", () => {
  const ROWS = 20_000;
  const NOTE = "x".repeat(1000);

  beforeAll(async () => {
    await createPublishedForm(t.db, "export-grande", { type: "object", properties: { note: { type: "string", title: "Note" } } }, [
      "tutela-minori",
    ]);
    // 20,000 submissions in two statements: the domain module would take minutes, and only the export is under test.
    await sql`
      insert into submissions (form_version_id, service_code, comune_code, status, revision, created_by)
      select v.id, 'tutela-minori', 'seregno', 'submitted', 1, ${workerId}
      from form_versions v join forms f on f.id = v.form_id, generate_series(1, ${ROWS})
      where f.slug = 'export-grande'`.execute(t.db);
    await sql`
      insert into submission_revisions (submission_id, revision, status, data, author_id)
      select s.id, 1, 'submitted', jsonb_build_object('note', ${NOTE}::text || s.id), ${workerId}
      from submissions s join form_versions v on v.id = s.form_version_id join forms f on f.id = v.form_id
      where f.slug = 'export-grande'`.execute(t.db);
  }, 120_000);

  it(`streams ${ROWS} rows with bounded heap growth, every row exactly once`, async () => {
    // A real collector between samples: what is measured is what the export keeps, not garbage not yet collected.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const response = (await exportLoader({
      request: exportRequest("coordinator", "form=export-grande&format=csv"),
      params: {},
      context: {},
    })) as Response;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let bytes = 0;
    let lines = 0;
    let lastLine = "";
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (let chunk = 0; ; chunk++) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      const text = decoder.decode(value, { stream: true });
      lines += text.split("\r\n").length - 1;
      lastLine = text.split("\r\n").at(-2) ?? lastLine;
      if (chunk % 4 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    expect(lines).toBe(ROWS + 1);
    expect(lastLine).toMatch(new RegExp(`,${NOTE}\\d+$`));
    // ≈ 21 MB of CSV went through; a buffered export would hold all of it (twice, as JS strings and rows).
    expect(bytes).toBeGreaterThan(ROWS * 1000);
    // One batch of 500 rows is about 0.5 MB of text; allow generous slack, far below the total.
    expect(peak).toBeLessThan(8 * 1024 * 1024);
    expect(ROWS / EXPORT_BATCH_SIZE).toBeGreaterThan(10);
  }, 120_000);
});
