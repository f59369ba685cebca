import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { createSession } from "~/auth/session.server";
import { createDraftVersion, publishFormVersion } from "~/forms/versions/registry.server";
import { action as apiCreate } from "~/routes/api.v1.forms.$slug.submissions";
import { action as compilaAction, loader as compilaLoader } from "~/routes/moduli.$slug.compila";
import { loader as submissionLoader } from "~/routes/schede.$id._index";
import { createTestUser } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Pinned to what the worker saw (issue 13, ADR 0007): the page rendered
 * version 1, version 2 was published meanwhile (`durata` renamed
 * `durataMinuti`); the no-JavaScript post and the API with `formVersion`
 * still save on version 1, and the worker is told that version 2 exists.
 */

const FORM = "verbale-pin";
const COMPILA = `/moduli/${FORM}/compila?servizio=tutela-minori&comune=seregno`;
let t: TestDatabase;
let cookie: string;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  const { form } = await createPublishedForm(t.db, FORM, simpleSchema({ durata: { type: "integer", title: "Durata" } }), ["tutela-minori"]);
  const user = await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
  cookie = `schedario_session=${(await createSession(t.db, user.id)).token}`;
  token = (await createApiToken(t.db, user.id, "test")).token;
  // The page is rendered on version 1 ...
  const page = await callRoute(compilaLoader, new Request(`${TEST_ORIGIN}${COMPILA}`, { headers: { Cookie: cookie } }), { params: { slug: FORM } });
  expect((page.body as { version: { version: number } }).version.version).toBe(1);
  // ... then version 2 is published, with another shape.
  const draft = await createDraftVersion(t.db, form.id, {
    schema: { ...simpleSchema({ durataMinuti: { type: "integer", title: "Durata in minuti" } }), additionalProperties: false },
    uiSchema: {},
  });
  await t.db.transaction().execute((trx) => publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } }));
});
afterAll(() => t.destroy());

const post = (fields: Record<string, string>) => callRoute(compilaAction, formPost(COMPILA, fields, { Cookie: cookie }), { params: { slug: FORM } });
const api = (body: Record<string, unknown>) =>
  callRoute(
    apiCreate,
    new Request(`${TEST_ORIGIN}/api/v1/forms/${FORM}/submissions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ status: "submitted", service: "tutela-minori", comune: "seregno", ...body }),
    }),
    { params: { slug: FORM } }
  );

describe("a page rendered at version 1 after version 2 is published", () => {
  it("saves the no-JavaScript post on version 1, and the scheda's page says version 2 exists", async () => {
    const r = await post({ _versione: "1", "/dataIncontro": "2026-03-01", "/durata": "45", _stato: "draft" });
    expect(r.status).toBe(302);
    const id = /^\/schede\/(\d+)/.exec(r.headers.get("Location")!)![1]!;
    const page = await callRoute(submissionLoader, new Request(`${TEST_ORIGIN}/schede/${id}`, { headers: { Cookie: cookie } }), { params: { id } });
    const body = page.body as { page: { submission: { formVersion: number; data: Record<string, unknown> }; version: { version: number }; newerVersion: number } };
    expect(body.page.submission).toMatchObject({ formVersion: 1, data: { dataIncontro: "2026-03-01", durata: 45 } });
    expect([body.page.version.version, body.page.newerVersion]).toEqual([1, 2]);
  });

  it("comes back on version 1 when the post does not validate, telling the worker about version 2", async () => {
    const r = await post({ _versione: "1", "/durata": "45", _stato: "submitted" });
    expect(r.status).toBe(200);
    const body = r.body as { version: { version: number }; newerVersion: number; data: Record<string, unknown>; errors: { path: string }[] };
    expect([body.version.version, body.newerVersion, body.data]).toEqual([1, 2, { durata: 45 }]);
    expect(body.errors.map((e) => e.path)).toEqual(["/dataIncontro"]);
  });

  it("saves a post without a version on the latest one (a page from before pinning)", async () => {
    const r = await post({ "/dataIncontro": "2026-03-01", "/durataMinuti": "45", _stato: "submitted" });
    expect(r.status).toBe(302);
  });

  it("pins the API to formVersion, validating against that version; without it, the latest", async () => {
    const v1 = await api({ data: { dataIncontro: "2026-03-01", durata: 45 }, formVersion: 1 });
    expect([v1.status, (v1.body as { formVersion: number }).formVersion]).toEqual([201, 1]);
    // The same data on version 2 does not validate (durata is not a field of version 2).
    const latest = await api({ data: { dataIncontro: "2026-03-01", durata: 45 } });
    expect(latest.status).toBe(422);
  });

  it("refuses an unknown or malformed formVersion instead of picking another", async () => {
    const unknown = await api({ data: { dataIncontro: "2026-03-01" }, formVersion: 7 });
    expect(unknown.status).toBe(422);
    expect((unknown.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["/formVersion"]);
    const malformed = await api({ data: {}, formVersion: "1" });
    expect(malformed.status).toBe(400);
  });
});
