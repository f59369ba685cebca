import { PDFBool, PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor } from "~/auth/policy";
import { createApiToken } from "~/auth/tokens.server";
import { createConsentRequest } from "~/consent/consent-requests.server";
import { consentTextHash } from "~/consent/consent-text.server";
import { consumeRateLimit, FAMILY_REQUEST_LIMIT, FAMILY_WINDOW_MS, RATE_LIMIT_RETENTION_MS } from "~/consent/rate-limit.server";
import { action as revokeAction } from "~/routes/api.v1.consent-requests.$id.revoke";
import { loader as readLoader } from "~/routes/api.v1.consent-requests.$id._index";
import { action as createAction } from "~/routes/api.v1.consent-requests._index";
import { action as updateSubmissionAction } from "~/routes/api.v1.submissions.$id._index";
import { action as familyAction, loader as familyLoader } from "~/routes/c.$token";
import { loader as pdfLoader } from "~/routes/c.$token_.ricevuta[.]pdf";
import { createTestCase } from "../support/cases";
import { consentAnswers, publishBuiltinConsentForm } from "../support/consent";
import { createTestUser } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
const tokens = {} as Record<"seregno" | "meda" | "viewer" | "ambito", string>;
const userIds = {} as Record<keyof typeof tokens, number>;
let caseCode = "";
let consentText = "";
type Who = keyof typeof tokens;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  const { schema } = await publishBuiltinConsentForm(t.db);
  consentText = String(schema.description);
  await createPublishedForm(t.db, "non-consenso", undefined, ["tutela-minori"]);
  const users = {
    seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
    meda: { role: "worker", service: "tutela-minori", comune: "meda" },
    viewer: { role: "viewer", service: "tutela-minori", comune: "seregno" },
    ambito: { role: "worker", service: "tutela-minori", comune: null },
  } as const;
  for (const [name, membership] of Object.entries(users) as [Who, (typeof users)[Who]][]) {
    userIds[name] = (await createTestUser(t.db, membership)).id;
    tokens[name] = (await createApiToken(t.db, userIds[name], "test")).token;
  }
  caseCode = (await createTestCase(t.db, { userId: userIds.seregno, code: "TM-CONSENSO", service: "tutela-minori", comune: "seregno" })).code;
});
afterAll(() => t.destroy());

function api(who: Who, method: string, path: string, body?: unknown) {
  return new Request(`${TEST_ORIGIN}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const REQUEST = { form: "consenso-intervento", service: "tutela-minori", comune: "seregno", recipient: { name: "Maria Rossi", relationship: "madre" } };
const createRequest = (who: Who, body: unknown) => callRoute(createAction, api(who, "POST", "/consent-requests", body));
const readRequest = (who: Who, id: number | string) => callRoute(readLoader, api(who, "GET", `/consent-requests/${id}`), { params: { id: String(id) } });
const revoke = (who: Who, id: number) => callRoute(revokeAction, api(who, "POST", `/consent-requests/${id}/revoke`), { params: { id: String(id) } });

/** A family's request from an address of its own, so that this file's rate-limit test is not disturbed. */
const FAMILY_ADDRESS = "198.51.100.7";
function tokenOf(url: string): string {
  return new URL(url).pathname.replace(/^\/c\//, "");
}
const openPage = (token: string, address = FAMILY_ADDRESS) =>
  callRoute(familyLoader, new Request(`${TEST_ORIGIN}/c/${token}`, { headers: { "User-Agent": "Telefono di prova" } }), {
    params: { token },
    clientAddress: address,
  });
const answer = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  callRoute(familyAction, formPost(`/c/${token}`, fields, { "User-Agent": "Telefono di prova", ...headers }), {
    params: { token },
    clientAddress: FAMILY_ADDRESS,
  });

async function newLink(body: Record<string, unknown> = {}) {
  const r = await createRequest("seregno", { ...REQUEST, case: caseCode, ...body });
  expect(r.status).toBe(201);
  const created = r.body as { id: number; url: string; expiresAt: string };
  return { ...created, token: tokenOf(created.url) };
}

async function auditActions(requestId: number) {
  const rows = await t.db
    .selectFrom("audit_events")
    .select("action")
    .where("target_type", "=", "consent_request")
    .where("target_id", "=", String(requestId))
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

describe("POST /api/v1/consent-requests", () => {
  it("creates a link: 201 {id, url, expiresAt}, 14 days by default, the token only in the url and never stored", async () => {
    const before = Date.now();
    const r = await createRequest("seregno", { ...REQUEST, case: caseCode });
    expect(r.status).toBe(201);
    const body = r.body as { id: number; url: string; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(["expiresAt", "id", "url"]);
    expect(r.headers.get("Location")).toBe(`/api/v1/consent-requests/${body.id}`);
    expect(body.url).toMatch(/^http:\/\/localhost:3000\/c\/[a-z2-7]{24}\.[a-z2-7]{32}$/);
    const days = (Date.parse(body.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);
    const [id, secret] = tokenOf(body.url).split(".") as [string, string];
    const row = await t.db.selectFrom("consent_requests").selectAll().where("id", "=", body.id).executeTakeFirstOrThrow();
    expect(row.token_id).toBe(id);
    expect(JSON.stringify({ ...row, secret_hash: Buffer.from(row.secret_hash).toString("hex") })).not.toContain(secret);
    // Neither the link nor its secret goes into the audit trail.
    const audit = await t.db.selectFrom("audit_events").select("details").where("action", "=", "consent.created").execute();
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("answers 404 outside the caller's scope, 403 to a viewer, 400 for a bad body, 422 for a form that is not a consent form or an unknown case", async () => {
    expect((await createRequest("meda", REQUEST)).status).toBe(404);
    expect((await createRequest("viewer", REQUEST)).status).toBe(403);
    const bad = await createRequest("seregno", { form: "consenso-intervento", recipient: {}, expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(["/expiresInDays", "/recipient/name", "/service"]);
    expect((await createRequest("seregno", { ...REQUEST, form: "non-consenso" })).status).toBe(422);
    expect((await createRequest("seregno", { ...REQUEST, case: "NON-ESISTE" })).status).toBe(422);
  });

  it("answers 422 for an unknown comune, as submissions do (the foreign key used to answer 500)", async () => {
    const r = await createRequest("ambito", { ...REQUEST, comune: "nowhere" });
    expect(r.status).toBe(422);
    expect((r.body as { errors: { path: string; message: string }[] }).errors).toEqual([{ path: "/comune", message: 'comune: "nowhere" non esiste' }]);
  });
});

describe("GET /api/v1/consent-requests/:id", () => {
  it("shows the request and its status to readers in scope, 404 to others and for unknown ids", async () => {
    const { id } = await newLink();
    const r = await readRequest("viewer", id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, form: "consenso-intervento", formVersion: 1, status: "pending", case: caseCode, recipient: { name: "Maria Rossi" } });
    expect(JSON.stringify(r.body)).not.toMatch(/[a-z2-7]{32}/);
    expect((await readRequest("meda", id)).status).toBe(404);
    expect((await readRequest("seregno", 999_999)).status).toBe(404);
    expect((await readRequest("seregno", "abc")).status).toBe(404);
  });
});

describe("the family page /c/:token", () => {
  it("opens with the text and the questions; an unknown token or a wrong secret is a 404", async () => {
    const { token, id } = await newLink();
    const r = await openPage(token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "pending", recipientName: "Maria Rossi", textHash: consentTextHash(consentText) });
    expect((r.body as { textHtml: string }).textHtml).toContain("<h3>Consenso informato all'intervento</h3>");
    const [tokenId] = token.split(".");
    expect((await openPage(`${tokenId}.${"a".repeat(32)}`)).status).toBe(404);
    expect((await openPage("sconosciuto")).status).toBe(404);
    expect(await auditActions(id)).toEqual(["consent.created", "consent.viewed"]);
  });

  it("records a valid answer once: a submission pinned to the version with the text hash, time, address and browser", async () => {
    const { token, id } = await newLink();
    const invalid = await answer(token, { intent: "answer", nomeCognome: "Maria Rossi" });
    expect(invalid.status).toBe(400);
    expect(Object.keys((invalid.body as { errors: Record<string, string> }).errors)).toContain("firma");
    expect(await t.db.selectFrom("submissions").select("id").where("consent_request_id", "=", id).execute()).toEqual([]);

    const done = await answer(token, consentAnswers());
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/c/${token}`);
    const request = await t.db.selectFrom("consent_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(request.answered_text_hash).toBe(consentTextHash(consentText));
    expect(request.answered_ip).toBe(FAMILY_ADDRESS);
    expect(request.answered_user_agent).toBe("Telefono di prova");
    expect(request.answered_at).toBeInstanceOf(Date);
    const submission = await t.db
      .selectFrom("submissions as s")
      .innerJoin("form_versions as v", "v.id", "s.form_version_id")
      .select(["s.id", "s.status", "s.created_by", "s.case_id", "v.version"])
      .where("s.consent_request_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ status: "submitted", created_by: null, version: 1 });
    expect(submission.case_id).not.toBeNull();
    expect((await readRequest("seregno", id)).body).toMatchObject({ status: "completed", answer: { signer: "Maria Rossi", relationship: "madre" } });

    // The same link cannot be signed twice: the second post only leads back to the receipt.
    const again = await answer(token, consentAnswers({ consensoIntervento: "non-acconsento", firma: "Altra Persona" }));
    expect(again.status).toBe(302);
    const revisions = await t.db.selectFrom("submission_revisions").selectAll().where("submission_id", "=", submission.id).execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ status: "submitted", author_id: null, consent_request_id: id });
    expect(revisions[0]!.data).toMatchObject({ firma: "Maria Rossi", consensoIntervento: "acconsento" });
    expect(await auditActions(id)).toEqual(["consent.created", "consent.completed", "consent.read"]);
  });

  it("records «non acconsento» to every purpose as declined, not as an error", async () => {
    const { token, id } = await newLink();
    const r = await answer(token, consentAnswers({ consensoIntervento: "non-acconsento", consensoPsicologo: "non-acconsento" }));
    expect(r.status).toBe(302);
    expect((await readRequest("seregno", id)).body).toMatchObject({ status: "declined" });
    expect((await openPage(token)).body).toMatchObject({ status: "declined" });
    expect(await auditActions(id)).toContain("consent.declined");
  });

  it("lets the family withdraw with the same link: a new revision, the signed one kept; workers cannot change it", async () => {
    const { token, id } = await newLink();
    await answer(token, consentAnswers());
    const unconfirmed = await answer(token, { intent: "withdraw" });
    expect(unconfirmed.status).toBe(400);
    expect((await answer(token, { intent: "withdraw", "withdraw-confirm": "true" })).status).toBe(302);
    expect((await readRequest("seregno", id)).body).toMatchObject({ status: "withdrawn" });
    const page = (await openPage(token)).body as { status: string; answer: { withdrawnAt: string | null } };
    expect(page.status).toBe("withdrawn");
    expect(page.answer.withdrawnAt).not.toBeNull();
    const submission = await t.db.selectFrom("submissions").select(["id", "status", "revision"]).where("consent_request_id", "=", id).executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ status: "withdrawn", revision: 2 });
    const revisions = await t.db.selectFrom("submission_revisions").select(["revision", "status", "data"]).where("submission_id", "=", submission.id).orderBy("revision").execute();
    expect(revisions.map((r) => r.status)).toEqual(["submitted", "withdrawn"]);
    expect(revisions[1]!.data).toEqual(revisions[0]!.data);
    // Withdrawn once is withdrawn: a second withdrawal changes nothing.
    await answer(token, { intent: "withdraw", "withdraw-confirm": "true" });
    expect(await t.db.selectFrom("submission_revisions").select("revision").where("submission_id", "=", submission.id).execute()).toHaveLength(2);
    const put = await callRoute(
      updateSubmissionAction,
      api("seregno", "PUT", `/submissions/${submission.id}`, { data: {}, status: "submitted", revision: 2, reason: "correzione" }),
      { params: { id: String(submission.id) } }
    );
    expect(put.status).toBe(422);
    expect(await auditActions(id)).toContain("consent.withdrawn");
  });

  it("serves the receipt as a PDF carrying the text hash, only once answered", async () => {
    const { token } = await newLink();
    const pdf = (address = FAMILY_ADDRESS) =>
      callRoute(pdfLoader, new Request(`${TEST_ORIGIN}/c/${token}/ricevuta.pdf`), { params: { token }, clientAddress: address });
    expect((await pdf()).status).toBe(404);
    await answer(token, consentAnswers({ nomeCognome: "Zoë Çelik Ñúñez" }));
    const response = await familyPdfResponse(token);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getSubject()).toContain(consentTextHash(consentText));
    expect(doc.getPageCount()).toBeGreaterThan(1);
    // Its language and a title shown instead of the file name (the content itself is not tagged: ADR 0016).
    expect(doc.catalog.lookup(PDFName.of("Lang"), PDFString).decodeText()).toBe("it-IT");
    expect(doc.getTitle()).toBe("Ricevuta · Consenso informato all'intervento");
    expect(doc.catalog.lookup(PDFName.of("ViewerPreferences"), PDFDict).get(PDFName.of("DisplayDocTitle"))).toEqual(PDFBool.True);
  });

  it("refuses a family post from another site", async () => {
    const { token } = await newLink();
    expect((await answer(token, consentAnswers(), { Origin: "https://evil.example" })).status).toBe(403);
  });
});

async function familyPdfResponse(token: string): Promise<Response> {
  const response = await pdfLoader({
    request: new Request(`${TEST_ORIGIN}/c/${token}/ricevuta.pdf`),
    params: { token },
    context: { clientAddress: FAMILY_ADDRESS },
  });
  return response;
}

describe("revoke, expiry and send again", () => {
  it("revokes a pending link (its page becomes a 404), refuses to revoke it twice or an answered one (409), and 404s out of scope", async () => {
    const { token, id } = await newLink();
    expect((await revoke("meda", id)).status).toBe(404);
    expect((await revoke("viewer", id)).status).toBe(403);
    const r = await revoke("seregno", id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, status: "revoked" });
    expect((await openPage(token)).status).toBe(404);
    expect((await answer(token, consentAnswers())).status).toBe(404);
    expect((await revoke("seregno", id)).status).toBe(409);
    const answered = await newLink();
    await answer(answered.token, consentAnswers());
    expect((await revoke("seregno", answered.id)).status).toBe(409);
    expect(await auditActions(id)).toContain("consent.revoked");
  });

  it("expires: past its date a link is a 404 for the family and 'expired' for workers", async () => {
    const scope = scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write");
    const caller = { scope, userId: userIds.seregno, audit: { actor: { kind: "user" as const, userId: userIds.seregno } } };
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    const input = { ...REQUEST, recipient: { ...REQUEST.recipient, email: null }, case: null, expiresInDays: 1 };
    const created = await t.db.transaction().execute((trx) => createConsentRequest(trx, caller, input, null, twoDaysAgo));
    expect((await openPage(tokenOf(created.url))).status).toBe(404);
    expect((await answer(tokenOf(created.url), consentAnswers())).status).toBe(404);
    expect((await readRequest("seregno", created.request.id)).body).toMatchObject({ status: "expired" });
  });

  it("sends again: the old link is revoked, the new one works and remembers the one it replaced", async () => {
    const { resendConsentRequest } = await import("~/consent/consent-requests.server");
    const old = await newLink();
    const scope = scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write");
    const caller = { scope, userId: userIds.seregno, audit: { actor: { kind: "user" as const, userId: userIds.seregno } } };
    const fresh = await t.db.transaction().execute((trx) => resendConsentRequest(trx, caller, old.id));
    expect(fresh.request).toMatchObject({ status: "pending", replacesId: old.id, case: caseCode });
    expect((await openPage(old.token)).status).toBe(404);
    expect((await openPage(tokenOf(fresh.url))).status).toBe(200);
  });
});

describe("rate limit of /c/*", () => {
  it("forgets the counters (client addresses) older than a day when a new window opens", async () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    await consumeRateLimit(t.db, "prova:vecchio", 5, FAMILY_WINDOW_MS, hoursAgo(25));
    await consumeRateLimit(t.db, "prova:ieri", 5, FAMILY_WINDOW_MS, hoursAgo(23));
    const keys = async () => (await t.db.selectFrom("request_rate_limits").select("key").where("key", "like", "prova:%").execute()).map((r) => r.key).sort();
    // Counting within a window that is already open deletes nothing…
    await consumeRateLimit(t.db, "prova:ieri", 5, FAMILY_WINDOW_MS, hoursAgo(23));
    expect(await keys()).toEqual(["prova:ieri", "prova:vecchio"]);
    // …a new window does.
    await consumeRateLimit(t.db, "prova:nuovo", 5, FAMILY_WINDOW_MS, now);
    expect(await keys()).toEqual(["prova:ieri", "prova:nuovo"]);
    await expect(consumeRateLimit(t.db, "prova:x", 5, 2 * RATE_LIMIT_RETENTION_MS, now)).rejects.toThrow(/longer than/);
  });


  it(`answers 429 with Retry-After after ${FAMILY_REQUEST_LIMIT} requests from one address in the window; other addresses go on`, async () => {
    const address = "203.0.113.99";
    for (let i = 0; i < FAMILY_REQUEST_LIMIT; i++) expect((await openPage("sconosciuto", address)).status).toBe(404);
    const limited = await openPage("sconosciuto", address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await openPage("sconosciuto", "203.0.113.100")).status).toBe(404);
  });
});
