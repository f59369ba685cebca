import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { PDFDocument } from "pdf-lib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scopeFor, type Membership } from "~/auth/policy";
import { createDraftVersion, createForm, publishFormVersion } from "~/forms/versions/registry.server";
import { computeReport, presentReport, type ReportFilters, type ReportTable } from "~/reports/reports.server";
import { checkReportDefinition } from "~/reports/definition-store.server";
import { builtinReportDefinitions } from "~/reports/definitions.server";
import { parsePeriod } from "~/reports/period";
import { loader as casesLoader } from "~/routes/casi._index";
import { loader as reportLoader } from "~/routes/rapporti._index";
import { loader as csvLoader } from "~/routes/rapporti.$tabella[.]csv";
import { loader as pdfLoader } from "~/routes/rapporti[.]pdf";
import { createTestCase } from "../support/cases";
import { pdfText } from "../support/pdf-text";
import { createSignedInUsers } from "../support/factories";
import { TEST_ORIGIN, callRoute, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * The coordinators' report (issue 18 items 1–2) on a hand-made fixture:
 * every figure computed, "< 5" applied, a Meda coordinator never counting
 * Seregno, each figure's link listing exactly what it counts, audited reads.
 * Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */

const root = path.resolve(import.meta.dirname, "../..");
let t: TestDatabase;
const MEMBERSHIPS: Record<"meda" | "seregno" | "coordMeda" | "coordAll" | "worker" | "snMeda" | "snSeregno" | "coordSn" | "coordSnAll", Omit<Membership, "id">> = {
  meda: { role: "worker", service: "tutela-minori", comune: "meda" },
  seregno: { role: "worker", service: "tutela-minori", comune: "seregno" },
  coordMeda: { role: "coordinator", service: "tutela-minori", comune: "meda" },
  coordAll: { role: "coordinator", service: "tutela-minori", comune: null },
  worker: { role: "worker", service: "tutela-minori", comune: null },
  snMeda: { role: "worker", service: "spazio-neutro", comune: "meda" },
  snSeregno: { role: "worker", service: "spazio-neutro", comune: "seregno" },
  coordSn: { role: "coordinator", service: "spazio-neutro", comune: "meda" },
  coordSnAll: { role: "coordinator", service: "spazio-neutro", comune: null },
};
const users = {} as Record<keyof typeof MEMBERSHIPS, { id: number; cookie: string }>;
const caseIds = new Map<string, number>();
const TODAY = "2026-07-15";
const YEAR_2026 = parsePeriod({ periodo: "anno", anno: "2026" }, TODAY).period!;

async function publishBuiltin(slug: string) {
  const read = async (file: string) => JSON.parse(await readFile(path.join(root, "schemas", slug, file), "utf8"));
  const [schema, uiSchema, meta] = await Promise.all([read("schema.json"), read("ui.json"), read("form.json")]);
  await t.db.transaction().execute(async (trx) => {
    const form = await createForm(trx, { slug, kind: meta.kind, title: schema.title, services: undefined });
    const draft = await createDraftVersion(trx, form.id, { schema, uiSchema });
    await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "cli" } });
  });
}

const example = async (slug: string) => JSON.parse(await readFile(path.join(root, "schemas", slug, "example.json"), "utf8"));

/** Sets a time the database otherwise writes itself (the row's creation), for the fixture's dates. */
const setTime = (table: "cases" | "submissions", column: "opened_at" | "created_at", id: number, instant: string) =>
  sql`update ${sql.table(table)} set ${sql.ref(column)} = ${instant}::timestamptz where id = ${id}`.execute(t.db);

async function openCase(code: string, comune: "meda" | "seregno", opened: string, closed: string | null = null) {
  const c = await createTestCase(t.db, { userId: users[comune].id, code, service: "tutela-minori", comune, minorRef: `M-${code}` });
  await setTime("cases", "opened_at", c.id, `${opened}T10:00:00+02:00`);
  if (closed) await t.db.updateTable("cases").set({ closed_at: `${closed}T10:00:00+02:00` }).where("id", "=", c.id).execute();
  caseIds.set(code, c.id);
  return c.id;
}

async function scheda(code: string, comune: "meda" | "seregno", form: string, data: Record<string, unknown>, status: "submitted" | "draft" = "submitted") {
  const s = await createTestSubmission(t.db, { userId: users[comune].id, form, service: "tutela-minori", comune, caseCode: code, data, status });
  // Schede of the fixture were all made on 1 June 2026.
  await setTime("submissions", "created_at", s.id, "2026-06-01T10:00:00Z");
  return s.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  Object.assign(users, await createSignedInUsers(t.db, MEMBERSHIPS));
  for (const slug of ["scheda-segnalazione", "chiusura-presa-in-carico", "mondo-del-bambino", "consenso-intervento", "verbale-spazio-neutro"]) {
    await publishBuiltin(slug);
  }
  const segnalazione = await example("scheda-segnalazione");
  const chiusura = await example("chiusura-presa-in-carico");

  // Meda: six cases opened in March 2026 (two closed in June), one opened in 2025 and still open.
  for (const [i, code] of ["MEDA-1", "MEDA-2", "MEDA-3", "MEDA-4", "MEDA-5", "MEDA-6"].entries()) {
    await openCase(code, "meda", `2026-03-0${i + 1}`, i < 2 ? "2026-06-15" : null);
  }
  await openCase("MEDA-OLD", "meda", "2025-11-10");
  // Seregno: three cases opened in April 2026, one closed in May.
  for (const [i, code] of ["SER-1", "SER-2", "SER-3"].entries()) await openCase(code, "seregno", `2026-04-0${i + 1}`, i === 0 ? "2026-05-20" : null);
  // Outside the period: opened and closed in 2025.
  await openCase("MEDA-2025", "meda", "2025-01-10", "2025-12-20");

  // Referral → taking on: 2, 4, 6, 8, 10 days for MEDA-1..5; MEDA-6 has no referral scheda; SER-1 1 day.
  const delays: [string, "meda" | "seregno", number][] = [
    ["MEDA-1", "meda", 2],
    ["MEDA-2", "meda", 4],
    ["MEDA-3", "meda", 6],
    ["MEDA-4", "meda", 8],
    ["MEDA-5", "meda", 10],
    ["SER-1", "seregno", 1],
  ];
  for (const [code, comune, days] of delays) {
    await scheda(code, comune, "scheda-segnalazione", {
      ...segnalazione,
      dataSegnalazione: "2026-03-01",
      esito: { decisione: "presa-in-carico", data: `2026-03-${String(1 + days).padStart(2, "0")}` },
    });
  }
  await scheda("MEDA-6", "meda", "scheda-segnalazione", { dataSegnalazione: "2026-03-01" }, "draft");

  // Closure: MEDA-1 by reason 4 (needs concluded); MEDA-2 closed without a closure scheda; SER-1 by reason 3 (came of age).
  await scheda("MEDA-1", "meda", "chiusura-presa-in-carico", { ...chiusura, motivo: "4" });
  await scheda("SER-1", "seregno", "chiusura-presa-in-carico", { ...chiusura, motivo: "3" });

  // P.I.P.P.I.: MEDA-1 and MEDA-2 at T0 and T2 (health better, autonomy worse); MEDA-3 only at T0; SER-2 better.
  const assess = (tp: string, date: string, health: number, autonomy?: number) => ({
    puntoRilevazione: tp,
    dataValutazione: date,
    bisogniSviluppo: { saluteCrescita: { valutazione: health }, ...(autonomy ? { autonomia: { valutazione: autonomy } } : {}) },
  });
  for (const code of ["MEDA-1", "MEDA-2"]) {
    await scheda(code, "meda", "mondo-del-bambino", assess("T0", "2026-03-20", 2, 4));
    await scheda(code, "meda", "mondo-del-bambino", assess("T2", "2026-06-01", 5, 3));
  }
  await scheda("MEDA-3", "meda", "mondo-del-bambino", assess("T0", "2026-03-25", 3));
  await scheda("SER-2", "seregno", "mondo-del-bambino", assess("T0", "2026-04-10", 1));
  await scheda("SER-2", "seregno", "mondo-del-bambino", assess("T2", "2026-06-10", 2));

  // Consent (consenso-intervento, offered to every service), on paper.
  const version = await t.db
    .selectFrom("form_versions as v")
    .innerJoin("forms as f", "f.id", "v.form_id")
    .select("v.id")
    .where("f.slug", "=", "consenso-intervento")
    .executeTakeFirstOrThrow();
  const paper = (code: string, relationship: string, answers: Record<string, string>) =>
    t.db
      .insertInto("paper_consents")
      .values({
        case_id: caseIds.get(code)!,
        form_version_id: version.id,
        signer_name: "Firmatario di prova",
        relationship,
        signed_on: "2026-03-10",
        answers: JSON.stringify(answers),
        witnessed_by: users.meda.id,
        recorded_by: users.meda.id,
      })
      .execute();
  const both = { consensoIntervento: "acconsento", consensoPsicologo: "acconsento" };
  await paper("MEDA-1", "madre", both);
  await paper("MEDA-1", "padre", both);
  await paper("MEDA-2", "madre", both);
  await t.db.insertInto("consent_exceptions").values({ case_id: caseIds.get("MEDA-2")!, kind: "court-order", note: "Decreto del TM.", recorded_by: users.meda.id }).execute();
  await paper("MEDA-3", "madre", { consensoIntervento: "non-acconsento", consensoPsicologo: "acconsento" });
  await paper("SER-1", "madre", both);
  await paper("SER-1", "padre", both);

  // Court report deadlines: MEDA-1 met, late, overdue, pending; SER-1 overdue.
  const report = async (code: string, comune: "meda" | "seregno", made: string) => {
    const id = await scheda(code, comune, "scheda-segnalazione", { dataSegnalazione: "2026-01-01" }, "draft");
    await setTime("submissions", "created_at", id, `${made}T10:00:00Z`);
    return id;
  };
  const order = async (code: string, deadlines: { due: string; report?: number }[]) => {
    const o = await t.db
      .insertInto("court_orders")
      .values({ case_id: caseIds.get(code)!, authority: "tribunale-minorenni", docket_number: "1/2025", issued_on: "2025-06-01", order_type: "affidamento-servizio", duties: "Relazioni", created_by: users.meda.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const d of deadlines) {
      await t.db.insertInto("court_order_deadlines").values({ court_order_id: o.id, due_on: d.due, report_submission_id: d.report ?? null }).execute();
    }
  };
  await order("MEDA-1", [
    { due: "2026-04-30", report: await report("MEDA-1", "meda", "2026-04-20") },
    { due: "2026-05-31", report: await report("MEDA-1", "meda", "2026-06-10") },
    { due: "2026-06-30" },
    { due: "2026-09-30" },
    { due: "2025-09-30" },
  ]);
  await order("SER-1", [{ due: "2026-03-31" }]);

  // Spazio Neutro: meetings in Meda (March: two held, one interrupted; April: one held, one cancelled without a duration), one in Seregno, one in 2025.
  const verbale = await example("verbale-spazio-neutro");
  const sn = await createTestCase(t.db, { userId: users.snMeda.id, code: "SN-MEDA", service: "spazio-neutro", comune: "meda" });
  caseIds.set("SN-MEDA", sn.id);
  const meeting = async (who: "snMeda" | "snSeregno", day: string, esito: string, minutes?: number, caseCode?: string) => {
    const data: Record<string, unknown> = { ...verbale, dataIncontro: day, esitoIncontro: esito, durataMinuti: minutes };
    if (minutes === undefined) delete data.durataMinuti;
    const comune = who === "snMeda" ? "meda" : "seregno";
    await createTestSubmission(t.db, { userId: users[who].id, form: "verbale-spazio-neutro", service: "spazio-neutro", comune, caseCode, data, status: "submitted" });
  };
  await meeting("snMeda", "2026-03-03", "svolto", 60, "SN-MEDA");
  await meeting("snMeda", "2026-03-10", "svolto", 90, "SN-MEDA");
  await meeting("snMeda", "2026-03-17", "interrotto", 30);
  await meeting("snMeda", "2026-04-07", "svolto", 60, "SN-MEDA");
  await meeting("snMeda", "2026-04-14", "annullato");
  await meeting("snMeda", "2025-12-01", "svolto", 75);
  await meeting("snSeregno", "2026-03-05", "svolto", 45);
}, 120_000);
afterAll(() => t.destroy());

const envBefore = process.env.REPORT_MIN_COUNT;
afterEach(() => {
  if (envBefore === undefined) delete process.env.REPORT_MIN_COUNT;
  else process.env.REPORT_MIN_COUNT = envBefore;
});

const scopeOf = (who: keyof typeof MEMBERSHIPS) => scopeFor([{ id: 0, ...MEMBERSHIPS[who] }], "report.read");
async function tables(who: "coordMeda" | "coordAll", threshold: number, filters: Partial<ReportFilters> = {}): Promise<ReportTable[]> {
  const report = await computeReport(t.db, scopeOf(who), { period: YEAR_2026, ...filters }, TODAY, threshold);
  return presentReport(report, threshold);
}
/** The texts of a table: row label → cell texts. */
function texts(all: ReportTable[], key: string): Record<string, string[]> {
  const table = all.find((x) => x.key === key)!;
  return Object.fromEntries(table.rows.map((r) => [r.label, r.cells.map((c) => c.text)]));
}

describe("the figures of the report", () => {
  it("counts cases opened, closed and open at the end of the period, Meda alone for a Meda coordinator", async () => {
    expect(texts(await tables("coordMeda", 1), "cartelle")).toEqual({
      "Aperte nel periodo": ["6"],
      "Chiuse nel periodo": ["2"],
      "Aperte alla fine del periodo": ["5"],
    });
    expect(texts(await tables("coordAll", 1), "cartelle")).toEqual({
      "Aperte nel periodo": ["9"],
      "Chiuse nel periodo": ["3"],
      "Aperte alla fine del periodo": ["7"],
    });
    // A month: March 2026 in Meda opened six, closed none; open at its end: six plus the 2025 one.
    const march = parsePeriod({ periodo: "mese", anno: "2026", mese: "3" }, TODAY).period!;
    expect(texts(await tables("coordMeda", 1, { period: march }), "cartelle")).toEqual({
      "Aperte nel periodo": ["6"],
      "Chiuse nel periodo": ["0"],
      "Aperte alla fine del periodo": ["7"],
    });
  });

  it("shows counts from 1 to 4 as «< 5» with the default threshold, 0 and 5 up as they are", async () => {
    const all = await tables("coordMeda", 5);
    expect(texts(all, "cartelle")).toEqual({ "Aperte nel periodo": ["6"], "Chiuse nel periodo": ["< 5"], "Aperte alla fine del periodo": ["5"] });
    const suppressed = all.find((x) => x.key === "cartelle")!.rows[1]!.cells[0]!;
    expect(suppressed.value).toBeNull();
    // The page reads the threshold from REPORT_MIN_COUNT.
    process.env.REPORT_MIN_COUNT = "3";
    const res = await callRoute(reportLoader, get("/rapporti?periodo=anno&anno=2026", "coordMeda"));
    const page = res.body as { report: { tables: ReportTable[] } };
    expect(texts(page.report.tables, "cartelle")["Chiuse nel periodo"]).toEqual(["< 3"]);
  });

  it("gives closures by the reason of the closure scheda, and says which have none", async () => {
    const meda = texts(await tables("coordMeda", 1), "chiusure");
    const reasons = Object.entries(meda).filter(([, [n]]) => n !== "0");
    expect(reasons).toHaveLength(2);
    expect(meda["Motivo non registrato (nessuna scheda di chiusura inviata)"]).toEqual(["1"]);
    const all = texts(await tables("coordAll", 1), "chiusure");
    expect(Object.values(all).filter(([n]) => n === "1")).toHaveLength(3);
  });

  it("measures referral → taking on and → first T0 with quartiles, honestly when data is missing", async () => {
    const meda = texts(await tables("coordMeda", 1), "tempi");
    expect(meda["Dalla segnalazione alla presa in carico"]).toEqual(["5", "1", "6 giorni", "4 giorni", "8 giorni", "2 giorni", "10 giorni"]);
    // Three first T0s (MEDA-1, MEDA-2: 19 days; MEDA-3: 24) out of six: with threshold 1 shown, with 5 not.
    expect(meda["Dalla segnalazione alla prima valutazione T0"]).toEqual(["3", "3", "19 giorni", "19 giorni", "24 giorni", "19 giorni", "24 giorni"]);
    const suppressed = await tables("coordMeda", 5);
    expect(texts(suppressed, "tempi")["Dalla segnalazione alla prima valutazione T0"]).toEqual(["< 5", "< 5", "—", "—", "—", "—", "—"]);
    expect(suppressed.find((x) => x.key === "tempi")!.notes.join(" ")).toContain("meno di 5 cartelle con entrambe le date");
    // Seregno's one-day case moves the Ambito-wide median to 4 days.
    const all = texts(await tables("coordAll", 1), "tempi");
    expect(all["Dalla segnalazione alla presa in carico"]).toEqual(["6", "3", "4 giorni", "2 giorni", "8 giorni", "1 giorno", "10 giorni"]);
  });

  it("counts P.I.P.P.I. outcomes between T0 and T2 per sub-dimension and side", async () => {
    const meda = await tables("coordMeda", 1);
    const outcomes = texts(meda, "esiti");
    expect(meda.find((x) => x.key === "esiti")!.columns).toEqual(["Migliorato", "Invariato", "Peggiorato", "Non confrontabile"]);
    expect(outcomes["Bisogni di sviluppo del bambino › Salute e crescita"]).toEqual(["2", "0", "0", "0"]);
    expect(outcomes["Bisogni di sviluppo del bambino › Autonomia"]).toEqual(["0", "0", "2", "0"]);
    expect(outcomes["Bisogni di sviluppo del bambino › Apprendimento"]).toEqual(["0", "0", "0", "2"]);
    // Side mean 3,0 → 4,0.
    expect(outcomes["Bisogni di sviluppo del bambino › media del lato"]).toEqual(["2", "0", "0", "0"]);
    expect(meda.find((x) => x.key === "esiti")!.notes).toEqual(["2 bambini con entrambe le valutazioni."]);
    const all = texts(await tables("coordAll", 1), "esiti");
    expect(all["Bisogni di sviluppo del bambino › Salute e crescita"]).toEqual(["3", "0", "0", "0"]);
    expect(texts(await tables("coordMeda", 5), "esiti")["Bisogni di sviluppo del bambino › Salute e crescita"]).toEqual(["< 5", "0", "0", "0"]);
  });

  it("gives consent coverage per form and purpose: agreed, exception, missing, refused", async () => {
    const meda = texts(await tables("coordMeda", 1), "consensi");
    const rows = Object.entries(meda);
    expect(rows).toHaveLength(2);
    // Seven Meda cases active in 2026: MEDA-1 both agreed, MEDA-2 exception, MEDA-3 refused the intervention, four without any answer.
    expect(rows[0]![0]).toMatch(/›/);
    const [intervention, psychologist] = rows.map(([, cells]) => cells);
    expect(intervention).toEqual(["1", "1", "4", "1"]);
    // MEDA-3's mother agreed to the psychologist, the father has not answered: missing.
    expect(psychologist).toEqual(["1", "1", "5", "0"]);
    const all = Object.values(texts(await tables("coordAll", 1), "consensi"));
    // Seregno: SER-1 agreed by both, SER-2 and SER-3 missing.
    expect(all[0]).toEqual(["2", "1", "6", "1"]);
  });

  it("sorts court report deadlines due in the period into met, late, overdue and pending", async () => {
    expect(texts(await tables("coordMeda", 1), "scadenze")).toEqual({
      "Rispettate (relazione entro la scadenza)": ["1"],
      "Relazione consegnata in ritardo": ["1"],
      "Scadute senza relazione": ["1"],
      "Non ancora scadute, senza relazione": ["1"],
    });
    expect(texts(await tables("coordAll", 1), "scadenze")["Scadute senza relazione"]).toEqual(["2"]);
  });

  it("counts schede created in the period per form and status, and links each to the list of schede", async () => {
    const meda = await tables("coordMeda", 1);
    const schede = texts(meda, "schede");
    expect(schede["Scheda di segnalazione / accesso"]).toEqual(["3", "5"]);
    expect(Object.entries(schede).find(([k]) => k.startsWith("Il Mondo del Bambino"))![1]).toEqual(["0", "5"]);
    const link = meda.find((x) => x.key === "schede")!.rows.find((r) => r.label === "Scheda di segnalazione / accesso")!.cells[1]!.href!;
    const params = new URL(link, TEST_ORIGIN).searchParams;
    expect(Object.fromEntries(params)).toEqual({ dal: "2026-01-01", al: "2026-12-31", modulo: "scheda-segnalazione", stato: "submitted" });
  });
});

describe("reports declared as data (app/reports/data/definitions.json)", () => {
  it("holds built-in definitions that pass the checks of a published one: schema, field of the newest version, measure fitting the field", async () => {
    for (const definition of builtinReportDefinitions()) expect(await checkReportDefinition(t.db, definition)).toEqual([]);
  });

  it("gives a distribution of a field's options per month of the scheda's own date, in the scope", async () => {
    const report = await computeReport(t.db, scopeOf("coordSn"), { period: YEAR_2026 }, TODAY, 1);
    const table = presentReport(report, 1).find((x) => x.key === "def-esito-incontri-spazio-neutro")!;
    expect(table.columns).toEqual(["Svolto regolarmente", "Iniziato e interrotto", "Non svolto: assenza dell'adulto", "Non svolto: assenza o rifiuto del minore", "Annullato dal servizio", "Non indicato"]);
    const byLabel = texts([table], table.key);
    const held = table.columns.indexOf("Svolto regolarmente");
    const cancelled = table.columns.indexOf("Annullato dal servizio");
    expect(Object.keys(byLabel)).toEqual(["marzo 2026", "aprile 2026"]);
    expect(byLabel["marzo 2026"]![held]).toBe("2");
    expect(byLabel["aprile 2026"]![held]).toBe("1");
    expect(byLabel["aprile 2026"]![cancelled]).toBe("1");
    expect(byLabel["marzo 2026"]!.reduce((a, n) => a + Number(n), 0)).toBe(3);
    // Suppressed like every figure.
    expect(texts(presentReport(report, 5), table.key)["marzo 2026"]![held]).toBe("< 5");
    // The held meetings of March link to their case; the interrupted one has none, so no link.
    const marchRow = table.rows.find((r) => r.label === "marzo 2026")!;
    expect(marchRow.cells[held]!.href).toMatch(/^\/casi\?/);
    const interrupted = table.columns.indexOf("Iniziato e interrotto");
    expect(marchRow.cells[interrupted]!.href).toBeUndefined();
    const listed = await callRoute(casesLoader, get(marchRow.cells[held]!.href!, "coordSn"));
    expect((listed.body as { cases: { code: string }[] }).cases.map((c) => c.code)).toEqual(["SN-MEDA"]);
  });

  it("gives a mean per comune, only over enough schede, and the Ambito-wide coordinator sees Seregno too", async () => {
    const meda = texts(presentReport(await computeReport(t.db, scopeOf("coordSn"), { period: YEAR_2026 }, TODAY, 1), 1), "def-durata-incontri-spazio-neutro");
    expect(meda).toEqual({ Meda: ["4", "60"] });
    const all = texts(presentReport(await computeReport(t.db, scopeOf("coordSnAll"), { period: YEAR_2026 }, TODAY, 1), 1), "def-durata-incontri-spazio-neutro");
    expect(all).toEqual({ Meda: ["4", "60"], Seregno: ["1", "45"] });
    const suppressed = texts(presentReport(await computeReport(t.db, scopeOf("coordSnAll"), { period: YEAR_2026 }, TODAY, 5), 5), "def-durata-incontri-spazio-neutro");
    expect(suppressed).toEqual({ Meda: ["< 5", "—"], Seregno: ["< 5", "—"] });
    // A tutela-minori coordinator counts no meeting at all.
    expect(presentReport(await computeReport(t.db, scopeOf("coordAll"), { period: YEAR_2026 }, TODAY, 1), 1).find((x) => x.key === "def-durata-incontri-spazio-neutro")!.rows).toEqual([]);
  });
});

const get = (p: string, who: keyof typeof MEMBERSHIPS) => new Request(`${TEST_ORIGIN}${p}`, { headers: { Cookie: users[who].cookie } });

describe("the report page, its links and its CSV", () => {
  it("lists exactly the cases a figure counts, in the reader's scope", async () => {
    const report = await tables("coordMeda", 5);
    const href = report.find((x) => x.key === "cartelle")!.rows[1]!.cells[0]!.href!;
    const res = await callRoute(casesLoader, get(href, "coordMeda"));
    expect(res.status).toBe(200);
    const body = res.body as { cases: { code: string }[]; figure: { title: string } };
    expect(body.cases.map((c) => c.code).sort()).toEqual(["MEDA-1", "MEDA-2"]);
    expect(body.figure.title).toContain("Chiuse nel periodo");
    // The same link for the Ambito-wide coordinator counts Seregno too.
    const all = await callRoute(casesLoader, get(href, "coordAll"));
    expect((all.body as { cases: { code: string }[] }).cases.map((c) => c.code).sort()).toEqual(["MEDA-1", "MEDA-2", "SER-1"]);
    // A worker cannot open a report's figure; an unknown figure is a 404.
    expect((await callRoute(casesLoader, get(href, "worker"))).status).toBe(404);
    expect((await callRoute(casesLoader, get(href.replace(/voce=[^&]+/, "voce=cartelle.9.0"), "coordMeda"))).status).toBe(404);
  });

  it("is for coordinators only, 404 outside their scope, and audits each reading", async () => {
    expect((await callRoute(reportLoader, get("/rapporti", "worker"))).status).toBe(403);
    expect((await callRoute(reportLoader, get("/rapporti?comune=seregno", "coordMeda"))).status).toBe(404);
    expect((await callRoute(reportLoader, get("/rapporti?servizio=affidi", "coordMeda"))).status).toBe(404);
    const bad = await callRoute(reportLoader, get("/rapporti?periodo=intervallo&dal=2026-05-01&al=2026-04-01", "coordMeda"));
    expect(bad.status).toBe(200);
    expect((bad.body as { errors: Record<string, string> }).errors).toEqual({ al: "La data di fine viene prima di quella di inizio." });
    const before = await countEvents("report.read");
    const ok = await callRoute(reportLoader, get("/rapporti?periodo=trimestre&anno=2026&trimestre=2&comune=meda", "coordMeda"));
    expect(ok.status).toBe(200);
    expect((ok.body as { report: { period: string } }).report.period).toBe("2º trimestre 2026");
    expect(await countEvents("report.read")).toBe(before + 1);
    const event = await t.db.selectFrom("audit_events").select(["details", "actor_user_id", "comune_code"]).where("action", "=", "report.read").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_user_id: users.coordMeda.id, comune_code: "meda", details: { from: "2026-04-01", to: "2026-06-30", comune: "meda" } });
  });

  it("downloads a table as CSV, suppressed like the page, in the same scope, audited", async () => {
    const before = await countEvents("report.exported");
    const res = await callRoute(csvLoader, get("/rapporti/cartelle.csv?periodo=anno&anno=2026", "coordMeda"), { params: { tabella: "cartelle" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(String(res.body).replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      '"Cartelle aperte, chiuse e in carico · anno 2026"',
      "Voce,Cartelle",
      "Aperte nel periodo,6",
      "Chiuse nel periodo,< 5",
      "Aperte alla fine del periodo,5",
      "",
    ]);
    expect(await countEvents("report.exported")).toBe(before + 1);
    expect((await callRoute(csvLoader, get("/rapporti/nessuna.csv?periodo=anno&anno=2026", "coordMeda"), { params: { tabella: "nessuna" } })).status).toBe(404);
    expect((await callRoute(csvLoader, get("/rapporti/cartelle.csv?comune=seregno", "coordMeda"), { params: { tabella: "cartelle" } })).status).toBe(404);
  });
});

describe("the report as PDF", () => {
  /** The loader's answer, or the Response it threw (403, 404). */
  async function pdf(query: string, who: keyof typeof MEMBERSHIPS): Promise<Response> {
    try {
      return await pdfLoader({ request: get(`/rapporti.pdf${query}`, who), params: {}, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("holds every table of the page on A4, in the same scope, «< 5» included, and is audited", async () => {
    const before = await countEvents("report.downloaded");
    const response = await pdf("?periodo=anno&anno=2026", "coordMeda");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain("report-2026-01-01-2026-12-31.pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe("Report dei servizi · anno 2026");
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    const text = await pdfText(bytes);
    expect(text).toContain("anno 2026 · Tutti i servizi · Tutti i comuni");
    for (const table of await tables("coordMeda", 5)) expect(text).toContain(table.title);
    // A figure shown (six cases opened in Meda), one suppressed (two closed) and the page numbers.
    const lines = text.split("\n");
    expect(lines[lines.indexOf("Aperte nel periodo") + 1]).toBe("6");
    expect(lines[lines.indexOf("Chiuse nel periodo") + 1]).toBe("< 5");
    expect(text).toContain(`pagina 1 di ${doc.getPageCount()}`);
    // The same query in the Ambito-wide coordinator's scope counts Seregno too: nine opened.
    const all = await pdfText(new Uint8Array(await (await pdf("?periodo=anno&anno=2026", "coordAll")).arrayBuffer()));
    const allLines = all.split("\n");
    expect(allLines[allLines.indexOf("Aperte nel periodo") + 1]).toBe("9");
    expect(await countEvents("report.downloaded")).toBe(before + 2);
    const event = await t.db.selectFrom("audit_events").select(["details", "actor_user_id"]).where("action", "=", "report.downloaded").orderBy("id", "asc").offset(before).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_user_id: users.coordMeda.id, details: { from: "2026-01-01", to: "2026-12-31", comune: null } });
  });

  it("is for coordinators only and 404 outside their scope, like the page", async () => {
    const before = await countEvents("report.downloaded");
    expect((await pdf("?periodo=anno&anno=2026", "worker")).status).toBe(403);
    expect((await pdf("?comune=seregno", "coordMeda")).status).toBe(404);
    expect((await pdf("?periodo=intervallo&dal=2026-05-01&al=2026-04-01", "coordMeda")).status).toBe(404);
    expect(await countEvents("report.downloaded")).toBe(before);
  });
});

describe("reports declared as data, read in the database", () => {
  // Last in the file: it adds a verbale that only hand-written SQL can store.
  it("still counts a scheda whose date is not a real day as undated, though the query leaves out the days outside the period", async () => {
    const version = await t.db
      .selectFrom("form_versions as v")
      .innerJoin("forms as f", "f.id", "v.form_id")
      .select(["v.id"])
      .where("f.slug", "=", "verbale-spazio-neutro")
      .orderBy("v.version", "desc")
      .executeTakeFirstOrThrow();
    const data = { ...(await example("verbale-spazio-neutro")), dataIncontro: "2019-02-30", esitoIncontro: "svolto" };
    const inserted = await sql<{ id: number }>`insert into submissions (form_version_id, service_code, comune_code, status, revision, created_by)
      values (${version.id}, 'spazio-neutro', 'meda', 'submitted', 1, ${users.snMeda.id}) returning id`.execute(t.db);
    await sql`insert into submission_revisions (submission_id, revision, status, data, author_id)
      values (${inserted.rows[0]!.id}, 1, 'submitted', ${JSON.stringify(data)}::jsonb, ${users.snMeda.id})`.execute(t.db);
    const report = await computeReport(t.db, scopeOf("coordSn"), { period: YEAR_2026 }, TODAY, 1);
    const table = report.tables.find((x) => x.key === "def-esito-incontri-spazio-neutro")!;
    expect(table.notes[0]).toBe("1 scheda non ha una data valida nel campo che la colloca nel periodo: non è contata.");
    // The meeting of December 2025 stays out of 2026, as before.
    expect(table.rows.map((r) => r.label)).toEqual(["marzo 2026", "aprile 2026"]);
  });
});

async function countEvents(action: string): Promise<number> {
  const row = await t.db.selectFrom("audit_events").select(sql<string>`count(*)`.as("n")).where("action", "=", action).executeTakeFirstOrThrow();
  return Number(row.n);
}
