import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { MAX_JSON_BODY_BYTES } from "~/http/api-request.server";
import { SUBMISSION_DATA_LIMITS } from "~/submissions/data-bounds";
import { action as createAction } from "~/routes/api.v1.forms.$slug.submissions";
import { loader as historyLoader } from "~/routes/api.v1.submissions.$id.history";
import { action as updateAction, loader as readLoader } from "~/routes/api.v1.submissions.$id._index";
import { loader as listLoader } from "~/routes/api.v1.submissions._index";
import { loader as formsLoader } from "~/routes/api.v1.forms._index";
import { loader as formLoader } from "~/routes/api.v1.forms.$slug._index";
import { loader as versionLoader } from "~/routes/api.v1.forms.$slug.versions.$version";
import { createTestUser } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const FORM = "verbale-api";
const VALID = { dataIncontro: "2026-03-01", note: "Incontro sereno" };

let t: TestDatabase;
const tokens = {} as Record<"seregno" | "meda" | "viewer" | "coordinator", string>;
const userIds = {} as Record<keyof typeof tokens, number>;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  await createPublishedForm(t.db, FORM, simpleSchema({ note: { type: "string", title: "Note" } }), ["tutela-minori"]);
  await createPublishedForm(t.db, "solo-affidi", simpleSchema(), ["affidi"]);
  const users = {
    seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
    meda: { role: "worker", service: "tutela-minori", comune: "meda" },
    viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
    coordinator: { role: "coordinator", service: "tutela-minori" },
  } as const;
  for (const [name, membership] of Object.entries(users) as [keyof typeof tokens, (typeof users)[keyof typeof users]][]) {
    userIds[name] = (await createTestUser(t.db, membership)).id;
    tokens[name] = (await createApiToken(t.db, userIds[name], "test")).token;
  }
});
afterAll(() => t.destroy());

type Who = keyof typeof tokens;

function api(who: Who | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Request(`${TEST_ORIGIN}/api/v1${path}`, {
    method,
    headers: {
      ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const create = (who: Who | undefined, body: unknown, form = FORM, headers: Record<string, string> = {}) =>
  callRoute(createAction, api(who, "POST", `/forms/${form}/submissions`, body, headers), { params: { slug: form } });
const read = (who: Who, id: number | string) =>
  callRoute(readLoader, api(who, "GET", `/submissions/${id}`), { params: { id: String(id) } });
const update = (who: Who, id: number, body: unknown) =>
  callRoute(updateAction, api(who, "PUT", `/submissions/${id}`, body), { params: { id: String(id) } });
const history = (who: Who, id: number) =>
  callRoute(historyLoader, api(who, "GET", `/submissions/${id}/history`), { params: { id: String(id) } });
const list = (who: Who, query = "") => callRoute(listLoader, api(who, "GET", `/submissions${query}`));

async function createDraft(who: Who = "seregno", comune = "seregno", data: Record<string, unknown> = { note: "bozza" }) {
  const r = await create(who, { data, status: "draft", service: "tutela-minori", comune });
  expect(r.status).toBe(201);
  return (r.body as { id: number }).id;
}

async function auditActions(submissionId: number) {
  const rows = await t.db
    .selectFrom("audit_events")
    .select("action")
    .where("target_type", "=", "submission")
    .where("target_id", "=", String(submissionId))
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

describe("forms over the API", () => {
  it("lists the forms offered to the caller's services, their versions and a version's schema", async () => {
    const forms = await callRoute(formsLoader, api("seregno", "GET", "/forms"));
    expect((forms.body as { forms: { slug: string }[] }).forms.map((f) => f.slug)).toEqual([FORM]);
    const form = await callRoute(formLoader, api("seregno", "GET", `/forms/${FORM}`), { params: { slug: FORM } });
    expect(form.body).toMatchObject({ slug: FORM, versions: [{ version: 1, status: "published" }] });
    const version = await callRoute(versionLoader, api("seregno", "GET", `/forms/${FORM}/versions/1`), {
      params: { slug: FORM, version: "1" },
    });
    expect(version.body).toMatchObject({ form: FORM, version: 1, schema: { title: "Verbale di prova" }, uiSchema: {} });
    for (const v of ["2", "01", "x"]) {
      const missing = await callRoute(versionLoader, api("seregno", "GET", `/forms/${FORM}/versions/${v}`), {
        params: { slug: FORM, version: v },
      });
      expect(missing.status).toBe(404);
    }
  });
});

describe("submissions: create, read, update, history", () => {
  it("creates a partial draft (201), reads it back and audits both", async () => {
    const r = await create("seregno", { data: { note: "bozza" }, status: "draft", service: "tutela-minori", comune: "seregno" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: expect.any(Number), formVersion: 1, revision: 1, status: "draft" });
    const id = (r.body as { id: number }).id;
    expect(r.headers.get("Location")).toBe(`/api/v1/submissions/${id}`);

    const got = await read("seregno", id);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      id,
      form: FORM,
      formVersion: 1,
      revision: 1,
      status: "draft",
      service: "tutela-minori",
      comune: "seregno",
      case: null,
      data: { note: "bozza" },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await auditActions(id)).toEqual(["submission.created", "submission.read"]);
  });

  it("submits, amends with a reason, keeps every revision, and audits each step", async () => {
    const id = await createDraft();
    const submitted = await update("seregno", id, { data: VALID, status: "submitted", revision: 1 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ revision: 2, status: "submitted", data: VALID });

    const noReason = await update("seregno", id, { data: VALID, status: "submitted", revision: 2 });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toEqual({ error: expect.any(String), errors: [{ path: "/reason", message: "Scrivi il motivo della rettifica (per esempio: errore di battitura nella data)." }] });
    const backToDraft = await update("seregno", id, { data: VALID, status: "draft", revision: 2, reason: "x" });
    expect(backToDraft.status).toBe(422);

    const amended = { ...VALID, note: "Corretta la data" };
    const amendment = await update("seregno", id, { data: amended, status: "submitted", revision: 2, reason: "Refuso" });
    expect(amendment.status).toBe(200);
    expect(amendment.body).toMatchObject({ revision: 3, status: "submitted", data: amended });

    const h = await history("seregno", id);
    expect(h.status).toBe(200);
    expect(h.body).toEqual({
      id,
      form: FORM,
      formVersion: 1,
      revisions: [
        { revision: 1, status: "draft", data: { note: "bozza" }, reason: null, author: { id: userIds.seregno, displayName: expect.any(String) }, createdAt: expect.any(String) },
        { revision: 2, status: "submitted", data: VALID, reason: null, author: expect.any(Object), createdAt: expect.any(String) },
        { revision: 3, status: "submitted", data: amended, reason: "Refuso", author: expect.any(Object), createdAt: expect.any(String) },
      ],
      nextCursor: null,
    });
    expect(await auditActions(id)).toEqual(["submission.created", "submission.updated", "submission.updated", "submission.read"]);
  });

  it("refuses a submitted payload that does not validate: 422 with every field error, nothing stored", async () => {
    const before = await t.db.selectFrom("submissions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const r = await create("seregno", { data: { note: 5 }, status: "submitted", service: "tutela-minori", comune: "seregno" });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      error: expect.any(String),
      errors: [
        { path: "/dataIncontro", message: "Data dell'incontro: campo obbligatorio" },
        { path: "/note", message: "Note: deve essere un testo" },
      ],
    });
    const after = await t.db.selectFrom("submissions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("answers 409 on a stale revision and leaves the stored data as it was", async () => {
    const id = await createDraft();
    expect((await update("seregno", id, { data: { note: "primo" }, status: "draft", revision: 1 })).status).toBe(200);
    const stale = await update("seregno", id, { data: { note: "secondo" }, status: "draft", revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ error: expect.any(String), currentRevision: 2 });
    expect((await read("seregno", id)).body).toMatchObject({ revision: 2, data: { note: "primo" } });
    const revisions = await t.db.selectFrom("submission_revisions").select("revision").where("submission_id", "=", id).execute();
    expect(revisions).toHaveLength(2);
  });

  it("lets exactly one of two concurrent saves of the same revision through", async () => {
    const id = await createDraft();
    const results = await Promise.all(
      ["a", "b"].map((note) => update("seregno", id, { data: { note }, status: "draft", revision: 1 }))
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await read("seregno", id)).body).toMatchObject({ revision: 2 });
  });
});

describe("scope: another comune's worker", () => {
  it("gets 404 for the submission (read, update, history) and never sees it in lists", async () => {
    const id = await createDraft();
    expect((await read("meda", id)).status).toBe(404);
    expect((await update("meda", id, { data: {}, status: "draft", revision: 1 })).status).toBe(404);
    expect((await history("meda", id)).status).toBe(404);
    const listed = (await list("meda")).body as { submissions: { id: number }[] };
    expect(listed.submissions.map((s) => s.id)).not.toContain(id);
    // …while the coordinator of the service and the viewer of Seregno see it.
    expect((await read("coordinator", id)).status).toBe(200);
    expect((await read("viewer", id)).status).toBe(200);
    // The refused attempts left no revision behind.
    expect((await read("seregno", id)).body).toMatchObject({ revision: 1 });
  });

  it("cannot create into another comune or service (404) nor with an unknown form (404)", async () => {
    const body = { data: {}, status: "draft", service: "tutela-minori", comune: "seregno" };
    expect((await create("meda", body)).status).toBe(404);
    expect((await create("seregno", { ...body, comune: null })).status).toBe(404);
    expect((await create("seregno", { ...body, service: "affidi" }, "solo-affidi")).status).toBe(404);
    expect((await create("seregno", body, "non-esiste")).status).toBe(404);
  });
});

describe("listing", () => {
  it("filters and pages with an opaque cursor until nextCursor is null, without gaps or repeats", async () => {
    const ids = [await createDraft(), await createDraft(), await createDraft(), await createDraft(), await createDraft()];
    const from = (await read("seregno", ids[0]!)).body as { createdAt: string };
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?form=${FORM}&status=draft&from=${from.createdAt}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const r = await list("seregno", query);
      expect(r.status).toBe(200);
      const page = r.body as { submissions: { id: number; status: string }[]; nextCursor: string | null };
      expect(page.submissions.length).toBeLessThanOrEqual(2);
      seen.push(...page.submissions.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    // Only this test's drafts were made since the first one (tests in a file run one after another).
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
    const none = (await list("seregno", "?to=2000-01-01")).body as { submissions: unknown[] };
    expect(none.submissions).toEqual([]);
    for (const limit of ["0", "101", "abc"]) expect((await list("seregno", `?limit=${limit}`)).status).toBe(400);
  });
});

describe("status codes", () => {
  const body = { data: {}, status: "draft", service: "tutela-minori", comune: "seregno" };

  it("400: malformed JSON, a body that is not an object, a bad envelope, a bad cursor or date", async () => {
    expect((await create("seregno", "{not json")).status).toBe(400);
    expect((await create("seregno", "[1,2]")).status).toBe(400);
    const bad = await create("seregno", { data: [], status: "sent" });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["/data", "/status", "/service"]);
    const id = await createDraft();
    expect((await update("seregno", id, { data: {}, status: "draft" })).status).toBe(400);
    expect((await list("seregno", "?cursor=nonsense")).status).toBe(400);
    expect((await list("seregno", "?from=ieri")).status).toBe(400);
    expect((await list("seregno", "?status=archived")).status).toBe(400);
  });

  it("401 without credentials, 403 for roles that may not write", async () => {
    expect((await create(undefined, body)).status).toBe(401);
    expect((await create("viewer", body)).status).toBe(403);
    expect((await create("coordinator", body)).status).toBe(403);
    const id = await createDraft();
    expect((await update("viewer", id, { data: {}, status: "draft", revision: 1 })).status).toBe(403);
  });

  it("404 for an unknown or malformed id", async () => {
    for (const id of ["999999", "abc", "1e3", "99999999999"]) expect((await read("seregno", id)).status).toBe(404);
  });

  it("413 over the body limit, by Content-Length and by the bytes actually read", async () => {
    const big = JSON.stringify({ ...body, data: { note: "x".repeat(MAX_JSON_BODY_BYTES) } });
    expect((await create("seregno", "{}", FORM, { "Content-Length": String(MAX_JSON_BODY_BYTES + 1) })).status).toBe(413);
    const streamed = new Request(`${TEST_ORIGIN}/api/v1/forms/${FORM}/submissions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${tokens.seregno}`, "Content-Type": "application/json" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("Content-Length")).toBeNull();
    const r = await callRoute(createAction, streamed, { params: { slug: FORM } });
    expect(r.status).toBe(413);
  });

  it("422 for a form not offered to the service or an unknown case", async () => {
    const notOffered = await create("seregno", body, "solo-affidi");
    expect(notOffered.status).toBe(422);
    expect((notOffered.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["/service"]);
    const unknownCase = await create("seregno", { ...body, case: "C-404" });
    expect(unknownCase.status).toBe(422);
    expect((unknownCase.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["/case"]);
  });

  it("a case of the same service and comune is linked and returned by its code", async () => {
    const caseRow = await t.db
      .insertInto("cases")
      .values({ code: "TM-2026-001", minor_ref: "M-7f3a", service_code: "tutela-minori", comune_code: "seregno", created_by: userIds.seregno })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = await create("seregno", { ...body, case: "TM-2026-001" });
    expect(r.status).toBe(201);
    expect((await read("seregno", (r.body as { id: number }).id)).body).toMatchObject({ case: "TM-2026-001" });
    expect(caseRow.id).toEqual(expect.any(Number));
  });
});

describe("submission_revisions is append-only in the database", () => {
  it("rejects UPDATE, DELETE and TRUNCATE by raw SQL", async () => {
    const id = await createDraft();
    await expect(sql`update submission_revisions set data = '{}'::jsonb where submission_id = ${id}`.execute(t.db)).rejects.toThrow(
      /append-only/
    );
    await expect(sql`delete from submission_revisions where submission_id = ${id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate submission_revisions cascade`.execute(t.db)).rejects.toThrow(/append-only/);
    expect((await read("seregno", id)).body).toMatchObject({ data: { note: "bozza" } });
  });
});

describe("what one submission may hold, and its history a page at a time", () => {
  const countRevisions = async () => Number((await t.db.selectFrom("submission_revisions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  it("refuses 40,000 keys (640 KB, under the body limit) and over 512 KiB of data with 422, storing nothing", async () => {
    const before = await countRevisions();
    const manyKeys = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${String(i).padStart(5, "0")}`, "x"]));
    const r = await create("seregno", { data: manyKeys, status: "draft", service: "tutela-minori", comune: "seregno" });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ error: expect.any(String), errors: [{ path: "", message: expect.stringContaining(`oltre il massimo di ${SUBMISSION_DATA_LIMITS.maxEntries}`) }] });
    const id = await createDraft();
    const big = await update("seregno", id, { data: { note: "a".repeat(SUBMISSION_DATA_LIMITS.maxBytes) }, status: "draft", revision: 1 });
    expect(big.status).toBe(422);
    expect((big.body as { errors: { message: string }[] }).errors[0]!.message).toContain("dimensione massima di 512 KiB");
    expect(await countRevisions()).toBe(before + 1);
  });

  it("refuses values JavaScript altered while reading (1e309, 2^53 + 1) and nesting beyond the limit with 422, even past the server's screen", async () => {
    const body = (data: string) => `{"status":"draft","service":"tutela-minori","comune":"seregno","data":${data}}`;
    for (const data of ['{"note":1e309}', '{"note":9007199254740993}', `${'{"a":'.repeat(SUBMISSION_DATA_LIMITS.maxDepth)}{}${"}".repeat(SUBMISSION_DATA_LIMITS.maxDepth)}`]) {
      const r = await create("seregno", body(data));
      expect(r.status).toBe(422);
    }
    const deepest = `${'{"a":'.repeat(SUBMISSION_DATA_LIMITS.maxDepth - 1)}{}${"}".repeat(SUBMISSION_DATA_LIMITS.maxDepth - 1)}`;
    expect((await create("seregno", body(deepest))).status).toBe(201);
  });

  it("pages the history oldest first, 10 by default, at most 25, following nextCursor", async () => {
    const id = await createDraft();
    for (let revision = 1; revision < 23; revision++) {
      expect((await update("seregno", id, { data: { note: `giro ${revision}` }, status: "draft", revision })).status).toBe(200);
    }
    const seen: number[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const r = await callRoute(historyLoader, api("seregno", "GET", `/submissions/${id}/history${cursor ? `?cursor=${cursor}` : ""}`), { params: { id: String(id) } });
      expect(r.status).toBe(200);
      const page = r.body as { revisions: { revision: number }[]; nextCursor: string | null };
      seen.push(...page.revisions.map((x) => x.revision));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const all = await callRoute(historyLoader, api("seregno", "GET", `/submissions/${id}/history?limit=25`), { params: { id: String(id) } });
    expect(all.body).toMatchObject({ nextCursor: null });
    for (const query of ["?limit=26", "?limit=0", "?cursor=nope"]) {
      const bad = await callRoute(historyLoader, api("seregno", "GET", `/submissions/${id}/history${query}`), { params: { id: String(id) } });
      expect(bad.status).toBe(400);
    }
  });
});
