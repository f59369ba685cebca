import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Membership } from "~/auth/policy";
import type { Triangle } from "~/cases/triangle";
import { createDraftVersion, createForm, publishFormVersion } from "~/forms/versions/registry.server";
import { loader as caseLoader } from "~/routes/casi.$caseId";
import { loader as triangleLoader } from "~/routes/casi.$caseId_.triangolo";
import { loader as pdfLoader } from "~/routes/casi.$caseId_.triangolo[.]pdf";
import schemaV1 from "../../schemas/mondo-del-bambino/schema.json";
import uiV1 from "../../schemas/mondo-del-bambino/ui.json";
import { createTestCase } from "../support/cases";
import { createSignedInUsers } from "../support/factories";
import { pdfText } from "../support/pdf-text";
import { TEST_ORIGIN, callRoute, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * The triangle view of a case (issue 13, item 3): the newest submitted
 * «Il Mondo del Bambino» of each time point side by side, in the shape of
 * the newest version among them through the declared mappings, scoped and
 * audited, as a page and as a PDF.
 */

const FORM = "mondo-del-bambino";
let t: TestDatabase;
const users = {} as Record<"seregno" | "meda", { id: number; cookie: string }>;
const MEMBERSHIPS: Record<keyof typeof users, Omit<Membership, "id">> = {
  seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
  meda: { role: "worker", service: "tutela-minori", comune: "meda" },
};
const cases = {} as Record<"t0Only" | "threePoints" | "twoVersions" | "empty", number>;

/** Version 2: the scale coded 0–5 instead of 1–6 and «Autonomia» renamed «Autonomia personale», with the mapping that lines version 1 up. */
function version2() {
  const rename = (doc: unknown) =>
    JSON.parse(JSON.stringify(doc).replaceAll('"autonomia"', '"autonomiaPersonale"').replaceAll("/bisogniSviluppo/autonomia/", "/bisogniSviluppo/autonomiaPersonale/"));
  const schema = rename(schemaV1);
  schema.definitions.scalaValutazione.oneOf = ["Problema grave", "Problema", "Lieve difficoltà", "Adeguato", "Buono", "Punto di forza"].map((title, i) => ({
    const: i,
    title: `${i} – ${title}`,
  }));
  schema.properties.bisogniSviluppo.properties.autonomiaPersonale.title = "Autonomia personale";
  const recode = [1, 2, 3, 4, 5, 6].map((from) => ({ from, to: from - 1 }));
  const rating = (side: string, sub: string) => ({ from: `/${side}/${sub}/valutazione`, to: `/${side}/${sub}/valutazione`, recode });
  const mapping = {
    fromVersion: 1,
    rules: [
      rating("bisogniSviluppo", "saluteCrescita"),
      { from: "/bisogniSviluppo/autonomia/valutazione", to: "/bisogniSviluppo/autonomiaPersonale/valutazione", recode },
      { from: "/bisogniSviluppo/autonomia/descrizione", to: "/bisogniSviluppo/autonomiaPersonale/descrizione" },
    ],
  };
  return { schema, uiSchema: rename(uiV1), mapping };
}

const assessment = (timePoint: string, bisogniSviluppo: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  puntoRilevazione: timePoint,
  dataValutazione: "2026-02-01",
  bambino: "Bambino di prova",
  bisogniSviluppo,
  ...extra,
});

async function submit(caseId: keyof typeof cases, code: string, data: Record<string, unknown>, status: "submitted" | "draft" = "submitted") {
  return createTestSubmission(t.db, { userId: users.seregno.id, form: FORM, service: "tutela-minori", comune: "seregno", caseCode: code, data, status });
}

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  const form = await t.db.transaction().execute(async (trx) => {
    const created = await createForm(trx, { slug: FORM, kind: "assessment", title: "Il Mondo del Bambino (P.I.P.P.I.)", services: ["tutela-minori"] });
    const draft = await createDraftVersion(trx, created.id, { schema: schemaV1, uiSchema: uiV1 });
    await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
    return created;
  });
  const open = async (key: keyof typeof cases, code: string) => {
    cases[key] = (await createTestCase(t.db, { userId: users.seregno.id, code, service: "tutela-minori", comune: "seregno", minorRef: `M-${code}` })).id;
  };
  await open("t0Only", "TRI-UNO");
  await open("threePoints", "TRI-TRE");
  await open("twoVersions", "TRI-VER");
  await open("empty", "TRI-VUOTA");

  await submit("t0Only", "TRI-UNO", assessment("T0", { saluteCrescita: { valutazione: 3, descrizione: "Solo T0 di TRI-UNO." } }));
  await submit("threePoints", "TRI-TRE", assessment("T0", { saluteCrescita: { valutazione: 2, descrizione: "Visite pediatriche saltate." }, autonomia: { valutazione: 4 } }));
  await submit("threePoints", "TRI-TRE", assessment("T1", { saluteCrescita: { valutazione: 3 }, autonomia: { valutazione: 4 } }));
  // Two submitted at T2 (the newer counts) and a draft at T2 (never counts).
  await submit("threePoints", "TRI-TRE", assessment("T2", { saluteCrescita: { valutazione: 1 } }));
  await submit("threePoints", "TRI-TRE", assessment("T2", { saluteCrescita: { valutazione: 5, voceBambino: "«Adesso vado dal dottore senza paura.»" }, autonomia: { valutazione: 3 } }));
  await submit("threePoints", "TRI-TRE", assessment("T2", { saluteCrescita: { valutazione: 6 } }), "draft");
  await submit("twoVersions", "TRI-VER", assessment("T0", { saluteCrescita: { valutazione: 2 }, autonomia: { valutazione: 3, descrizione: "Si veste da solo a fatica." } }));
  await submit("empty", "TRI-VUOTA", assessment("T0", { saluteCrescita: { valutazione: 2 } }), "draft");

  const v2 = version2();
  await t.db.transaction().execute(async (trx) => {
    const draft = await createDraftVersion(trx, form.id, { schema: v2.schema, uiSchema: v2.uiSchema });
    await trx.updateTable("form_versions").set({ mapping: JSON.stringify(v2.mapping) }).where("id", "=", draft.id).execute();
    await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
  });
  // On version 2: «Salute e crescita» 4 is the old 5, «Autonomia personale» 1 the old 2.
  await submit("twoVersions", "TRI-VER", assessment("T2", { saluteCrescita: { valutazione: 4 }, autonomiaPersonale: { valutazione: 1 } }));
}, 60_000);
afterAll(() => t.destroy());

interface TriangleBody {
  case: { code: string };
  triangle: Triangle | null;
  shownVersion: number | null;
  sources: { timePoint: string; submissionId: number; formVersion: number }[];
  notices: string[];
}

const request = (path: string, who: keyof typeof users = "seregno") => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: users[who].cookie } });
async function page(key: keyof typeof cases, who: keyof typeof users = "seregno") {
  return callRoute(triangleLoader, request(`/casi/${cases[key]}/triangolo`, who), { params: { caseId: String(cases[key]) } });
}
const body = async (key: keyof typeof cases) => (await page(key)).body as TriangleBody;
const sub = (b: TriangleBody, key: string) => b.triangle!.sides[0]!.subDimensions.find((s) => s.key === key)!;
const labelsOf = (b: TriangleBody, key: string) => sub(b, key).ratings.map((r) => r?.label ?? null);
async function pdf(key: keyof typeof cases, who: keyof typeof users = "seregno"): Promise<Response> {
  try {
    return await pdfLoader({ request: request(`/casi/${cases[key]}/triangolo.pdf`, who), params: { caseId: String(cases[key]) }, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("the triangle of a case", () => {
  it("with T0 only: the ratings at T0 and nothing to compare yet", async () => {
    const b = await body("t0Only");
    expect(b.triangle!.filled).toEqual(["T0"]);
    expect(b.triangle!.timePoints.map((tp) => tp.label)).toEqual(["T0 – Avvio del percorso", "T1 – Verifica intermedia", "T2 – Conclusione del percorso"]);
    expect(labelsOf(b, "saluteCrescita")).toEqual(["3 – Lieve difficoltà", null, null]);
    expect(sub(b, "saluteCrescita").change.direction).toBe("non-confrontabile");
    // A version 2 exists, but only version 1 was used: its labels and shape are shown, with nothing to align.
    expect(b.shownVersion).toBe(1);
    expect(b.notices).toEqual([]);
  });

  it("with T0, T1, T2: the newest submitted scheda of each time point, the direction of change, the duplicate and the draft said", async () => {
    const b = await body("threePoints");
    expect(b.sources.map((s) => s.timePoint)).toEqual(["T0", "T1", "T2"]);
    expect(labelsOf(b, "saluteCrescita")).toEqual(["2 – Problema", "3 – Lieve difficoltà", "5 – Buono"]);
    expect(sub(b, "saluteCrescita").change).toEqual({ direction: "migliorato", from: "T0", to: "T2" });
    expect(sub(b, "autonomia").change).toEqual({ direction: "peggiorato", from: "T0", to: "T2" });
    expect(sub(b, "saluteCrescita").narratives.map((n) => n.timePoint)).toEqual(["T0", "T2"]);
    expect(b.triangle!.sides[0]!.averages).toEqual([3, 3.5, 4]);
    expect(b.notices).toEqual([expect.stringMatching(/^T2 ha 2 schede inviate, ma se ne compila una sola: il triangolo mostra la più recente \(n\. \d+\)/)]);
  });

  it("lines up T0 of version 1 with T2 of version 2 through the declared mappings, and says so", async () => {
    const b = await body("twoVersions");
    expect(b.shownVersion).toBe(2);
    expect(b.sources.map((s) => [s.timePoint, s.formVersion])).toEqual([["T0", 1], ["T2", 2]]);
    expect(b.notices).toEqual(["T0 compilato sulla versione 1 del modulo, allineato alla versione 2 tramite le corrispondenze dichiarate."]);
    // Labels of version 2; the old codes recoded onto its scale.
    expect(b.triangle!.scale[0]!.label).toBe("0 – Problema grave");
    expect(labelsOf(b, "saluteCrescita")).toEqual(["1 – Problema", null, "4 – Buono"]);
    const autonomy = sub(b, "autonomiaPersonale");
    expect(autonomy.title).toBe("Autonomia personale");
    expect(autonomy.ratings.map((r) => r?.label ?? null)).toEqual(["2 – Lieve difficoltà", null, "1 – Problema"]);
    expect(autonomy.change).toEqual({ direction: "peggiorato", from: "T0", to: "T2" });
    expect(autonomy.narratives).toEqual([{ timePoint: "T0", texts: [{ title: "Descrizione", text: "Si veste da solo a fatica." }] }]);
    expect(sub(b, "saluteCrescita").change.direction).toBe("migliorato");
  });

  it("without a submitted assessment: no triangle, and the draft is mentioned", async () => {
    const b = await body("empty");
    expect(b.triangle).toBeNull();
    expect(b.notices).toEqual(["T0 ha solo una bozza: conterà quando la scheda sarà inviata."]);
  });

  it("answers 404 to a worker outside the case's comune, page and PDF alike, and records nothing about it", async () => {
    expect((await page("threePoints", "meda")).status).toBe(404);
    expect((await pdf("threePoints", "meda")).status).toBe(404);
    const seen = await t.db.selectFrom("audit_events").select("id").where("actor_user_id", "=", users.meda.id).where("action", "like", "case.triangle.%").execute();
    expect(seen).toEqual([]);
  });

  it("records each reading of the triangle on the case, the PDF as a download", async () => {
    await page("t0Only");
    await pdf("t0Only");
    const events = await t.db
      .selectFrom("audit_events")
      .select(["action", "target_type", "details"])
      .where("target_id", "=", String(cases.t0Only))
      .where("action", "like", "case.triangle.%")
      .orderBy("id", "desc")
      .limit(2)
      .execute();
    expect(events.map((e) => [e.action, e.target_type])).toEqual([
      ["case.triangle.downloaded", "case"],
      ["case.triangle.read", "case"],
    ]);
    expect(events[0]!.details).toMatchObject({ timePoints: ["T0"], shownVersion: 1 });
  });
});

describe("the triangle as PDF", () => {
  it("is an A4 PDF named after the case, with its ratings and narratives and nothing of other cases", async () => {
    const response = await pdf("threePoints");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain("mondo-del-bambino-TRI-TRE.pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe("Il Mondo del Bambino · cartella TRI-TRE");
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    const text = await pdfText(bytes);
    expect(text).toContain("cartella TRI-TRE");
    expect(text).toContain("Riferimento del minore: M-TRI-TRE");
    expect(text).toContain("5 – Buono");
    expect(text).toContain("Adesso vado dal dottore senza paura");
    expect(text).not.toContain("TRI-UNO");
    expect(text).not.toContain("Solo T0 di TRI-UNO");
    expect(text).not.toContain("Si veste da solo");
  });
});

describe("the case page", () => {
  const casePage = async (key: keyof typeof cases) =>
    (await callRoute(caseLoader, request(`/casi/${cases[key]}`), { params: { caseId: String(cases[key]) } })).body as { triangle: string[] | null };

  it("lists the time points with a submitted assessment, for the link to the triangle", async () => {
    expect((await casePage("threePoints")).triangle).toEqual(["T0", "T1", "T2"]);
    expect((await casePage("empty")).triangle).toEqual([]);
  });
});
