import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor } from "~/auth/policy";
import { createConsentRequest } from "~/consent/consent-requests.server";
import { consentTextHash } from "~/consent/consent-text.server";
import { listCaseConsentRequests } from "~/consent/consent-requests.server";
import { action as adminAction, loader as adminLoader } from "~/routes/admin.moduli.$slug.traduzioni";
import { action as familyAction, loader as familyLoader } from "~/routes/c.$token";
import { loader as pdfLoader } from "~/routes/c.$token_.ricevuta[.]pdf";
import ar from "../../schemas/consenso-intervento/translations/ar.json";
import { createTestCase } from "../support/cases";
import { approveBuiltinTranslation, consentAnswers, publishBuiltinConsentForm } from "../support/consent";
import { createSignedInUser, createTestUser } from "../support/factories";
import { createPublishedForm } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let versionId = 0;
let italianHash = "";
let admin: { id: number; cookie: string };
let worker: { id: number; cookie: string };
let caseId = 0;
const FAMILY = "198.51.100.41";

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  const { version, schema } = await publishBuiltinConsentForm(t.db);
  versionId = version.id;
  italianHash = consentTextHash(String(schema.description));
  await createPublishedForm(t.db, "non-consenso", undefined, ["tutela-minori"]);
  admin = await createSignedInUser(t.db, { role: "admin", service: null, comune: null });
  worker = await createSignedInUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
  caseId = (await createTestCase(t.db, { userId: worker.id, code: "TM-LINGUE", service: "tutela-minori", comune: "seregno" })).id;
});
afterAll(() => t.destroy());

async function newToken(): Promise<{ token: string; id: number }> {
  const scope = scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.write");
  const caller = { scope, userId: worker.id, audit: { actor: { kind: "user" as const, userId: worker.id } } };
  const input = {
    form: "consenso-intervento",
    service: "tutela-minori",
    comune: "seregno",
    case: { id: caseId },
    recipient: { name: "Fatima Amrani", relationship: "madre", email: null },
    expiresInDays: 14,
  };
  const created = await t.db.transaction().execute((trx) => createConsentRequest(trx, caller, input));
  return { token: new URL(created.url).pathname.slice(3), id: created.request.id };
}

type FamilyPage = {
  family: { lang: string; languages: { code: string; name: string }[] };
  document: { lang: string; dir: string; translated: boolean };
  translationId: number | null;
  formTitle: string;
  textHash: string;
  questions: { name: string; title: string }[];
  answer: { language: { code: string; name: string }; originalHash: string | null; items: { name: string; value: string }[] } | null;
};
const open = async (token: string, lang = "") =>
  (await callRoute(familyLoader, new Request(`${TEST_ORIGIN}/c/${token}${lang ? `?lang=${lang}` : ""}`), { params: { token }, clientAddress: FAMILY }))
    .body as FamilyPage;
const answer = (token: string, lang: string, fields: Record<string, string>) =>
  callRoute(familyAction, formPost(`/c/${token}?lang=${lang}`, fields), { params: { token }, clientAddress: FAMILY });
const adminPost = (fields: Record<string, string>, cookie = admin.cookie, slug = "consenso-intervento") =>
  callRoute(adminAction, formPost(`/admin/moduli/${slug}/traduzioni`, fields, { Cookie: cookie }), { params: { slug } });

describe("consent translations", () => {
  it("never offers a draft: only Italian and English until a translation is approved", async () => {
    const draft = await approveBuiltinTranslation(t.db, versionId, "ar", admin.id, { approve: false });
    expect(draft).toMatchObject({ status: "draft", version: 1, language: "ar" });
    const { token } = await newToken();
    const page = await open(token, "ar");
    expect(page.family.languages.map((l) => l.code)).toEqual(["it", "en"]);
    expect(page.family.lang).toBe("it");
    expect(page.document).toEqual({ lang: "it", dir: "ltr", translated: false });
    expect(page.translationId).toBeNull();
  });

  it("the admin page loads a translation, lists what it misses by the Italian words, and approves it (audited)", async () => {
    const incomplete: Record<string, string> = { ...ar.strings };
    delete incomplete["/properties/relazione/oneOf/1/title"];
    const refused = await adminPost({ intent: "import", versione: "1", lingua: "ar", testo: JSON.stringify({ strings: incomplete }) });
    expect(refused.status).toBe(400);
    expect((refused.body as { problems: unknown[] }).problems).toEqual([
      { where: "Opzione «Padre» della domanda «Rapporto con il/la minore»", message: "manca la traduzione di «Padre»" },
    ]);
    // The same strings as the draft already there: nothing new.
    const same = await adminPost({ intent: "import", versione: "1", lingua: "ar", testo: JSON.stringify(ar) });
    expect(same.body).toMatchObject({ done: expect.stringContaining("nulla è cambiato") });

    const listed = (await callRoute(adminLoader, new Request(`${TEST_ORIGIN}/admin/moduli/consenso-intervento/traduzioni`, { headers: { Cookie: admin.cookie } }), {
      params: { slug: "consenso-intervento" },
    })).body as { translations: { id: number; status: string }[]; template: { json: string } };
    const draft = listed.translations.find((x) => x.status === "draft")!;
    expect(JSON.parse(listed.template.json).strings["/properties/firma/title"]).toBe("[da completare] Firma");

    // Not an admin: refused; another form's page does not find it.
    expect((await adminPost({ intent: "approve", id: String(draft.id) }, worker.cookie)).status).toBe(403);
    expect((await adminPost({ intent: "approve", id: String(draft.id) }, admin.cookie, "non-consenso")).status).toBe(404);
    const approved = await adminPost({ intent: "approve", id: String(draft.id) });
    expect(approved.body).toMatchObject({ done: expect.stringContaining("arabo") });
    expect((await adminPost({ intent: "approve", id: String(draft.id) })).status).toBe(409);
    const events = await t.db.selectFrom("audit_events").select(["action", "details"]).where("target_type", "=", "consent_translation").orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["consent.translation.imported", "consent.translation.approved"]);
    expect(events[1]!.details).toMatchObject({ form: "consenso-intervento", formVersion: 1, language: "ar", version: 1 });
    // Approved: the database refuses any change.
    await expect(t.db.updateTable("consent_translations").set({ text_hash: "x" }).where("id", "=", draft.id).execute()).rejects.toThrow();
  });

  it("the family reads and signs in Arabic: the answer keeps the language, the translation and both hashes", async () => {
    const { token, id } = await newToken();
    const page = await open(token, "ar");
    expect(page.family.lang).toBe("ar");
    expect(page.family.languages).toContainEqual({ code: "ar", name: "العربية" });
    expect(page.document).toEqual({ lang: "ar", dir: "rtl", translated: true });
    expect(page.formTitle).toBe("الموافقة المستنيرة على التدخل");
    expect(page.questions.find((q) => q.name === "firma")?.title).toBe("التوقيع");
    const translation = await t.db.selectFrom("consent_translations").selectAll().where("id", "=", page.translationId!).executeTakeFirstOrThrow();
    expect(page.textHash).toBe(consentTextHash(ar.strings["/description"]));
    expect(translation.text_hash).toBe(page.textHash);

    const posted = await answer(token, "ar", { ...consentAnswers({ nomeCognome: "فاطمة أمراني", firma: "فاطمة أمراني" }), translation: String(page.translationId) });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toBe(`/c/${token}?lang=ar`);
    const row = await t.db.selectFrom("consent_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answered_language: "ar", answered_translation_id: page.translationId, answered_translation_hash: page.textHash, answered_text_hash: italianHash });

    const receipt = await open(token);
    expect(receipt.answer).toMatchObject({ language: { code: "ar", name: "العربية" }, originalHash: italianHash });
    expect(receipt.textHash).toBe(page.textHash);
    expect(receipt.answer!.items.find((i) => i.name === "consensoIntervento")?.value).toBe("أوافق");

    const pdf = await callRoute(pdfLoader, new Request(`${TEST_ORIGIN}/c/${token}/ricevuta.pdf`), { params: { token }, clientAddress: FAMILY });
    expect(pdf.status).toBe(200);
    const response = await pdfLoader({ request: new Request(`${TEST_ORIGIN}/c/${token}/ricevuta.pdf`), params: { token }, context: { clientAddress: FAMILY } } as never);
    const document = await PDFDocument.load(new Uint8Array(await (response as Response).arrayBuffer()));
    expect(document.getKeywords()).toContain(italianHash);
    expect(document.getKeywords()).toContain(page.textHash);
    expect(document.getKeywords()).toContain("lingua:ar");

    const requests = await listCaseConsentRequests(t.db, scopeFor([{ id: 0, role: "worker", service: "tutela-minori", comune: "seregno" }], "case.read"), caseId);
    expect(requests.find((r) => r.id === id)?.answer).toMatchObject({ language: "ar", translationHash: page.textHash, textHash: italianHash });
  });

  it("a newer approved translation is offered to new readers; an answer keeps the one it was signed in", async () => {
    const { token } = await newToken();
    const before = await open(token, "ar");
    const strings = { ...ar.strings, "/properties/firma/title": "التوقيع (الاسم الكامل)" };
    const second = await t.db.transaction().execute(async (trx) => {
      const { importConsentTranslation, approveConsentTranslation } = await import("~/consent/consent-translations.server");
      const audit = { actor: { kind: "user" as const, userId: admin.id } };
      const { translation } = await importConsentTranslation(trx, { formVersionId: versionId, language: "ar", strings }, audit);
      return approveConsentTranslation(trx, translation.id, audit);
    });
    expect(second.version).toBe(2);
    expect((await open((await newToken()).token, "ar")).translationId).toBe(second.id);
    // This family read version 1 and signs it.
    await answer(token, "ar", { ...consentAnswers(), translation: String(before.translationId) });
    const receipt = await open(token, "ar");
    expect(receipt.questions.find((q) => q.name === "firma")?.title).toBe("التوقيع");
  });

  it("an Italian answer stays as before: language it, no translation", async () => {
    const { token, id } = await newToken();
    await answer(token, "it", consentAnswers());
    const row = await t.db.selectFrom("consent_requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ answered_language: "it", answered_translation_id: null, answered_translation_hash: null, answered_text_hash: italianHash });
    expect((await open(token)).answer).toMatchObject({ language: { code: "it" }, originalHash: null });
  });
});
