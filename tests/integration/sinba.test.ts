import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor, type Membership } from "~/auth/policy";
import { seedDemo } from "~/demo/seed.server";
import { syncBuiltinForms } from "~/forms/versions/builtin.server";
import { createDraftVersion, getForm, getFormVersion, publishFormVersion } from "~/forms/versions/registry.server";
import { checkSinba, exportSinba, parseSinbaPeriod, SinbaInputError, type SinbaCaller } from "~/sinba/sinba.server";
import { DEMO_SINBA_CASES } from "~/demo/sinba-cases.server";
import { beneficiaryId } from "~/sinba/pseudonym.server";
import { DEMO_SINBA_ENV, loadSinbaConfig } from "~/sinba/config.server";
import * as sinbaPage from "~/routes/sinba._index";
import * as sinbaDownload from "~/routes/sinba.flusso[.]xml";
import { createSignedInUser, createTestUser } from "../support/factories";
import { callRoute, TEST_ORIGIN, useDatabaseForRoutes } from "../support/routes";
import { SINBA_XSD_PRESENT, SINBA_XSD_SKIP_MESSAGE, seedGeneratedSinbaCases, validateSinbaXml } from "../support/sinba";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

if (!SINBA_XSD_PRESENT) console.warn(SINBA_XSD_SKIP_MESSAGE);
const itWithXsd = it.skipIf(!SINBA_XSD_PRESENT);

const caller = (memberships: Omit<Membership, "id">[]): SinbaCaller => ({
  scope: scopeFor(memberships.map((m, id) => ({ id, ...m })), "sinba.export"),
  audit: { actor: { kind: "system" } },
});
const ambito = caller([{ role: "admin", service: null, comune: null }]);
const period = parseSinbaPeriod({ from: "2026-01-01", to: "2026-12-31" });
const ids = (xml: string) => [...xml.matchAll(/IDBeneficiario="([^"]+)"/g)].map((m) => m[1]);

let t: TestDatabase;
beforeAll(async () => {
  // Lint loads its regex checker on first use, inside its 2-second budget: on a loaded machine that alone can overrun it.
  await import("recheck");
  t = await createTestDatabase();
  await seedDemo(t.db);
}, 180_000);
afterAll(() => t.destroy());

describe("the SINBA flow of the demo data", () => {
  itWithXsd("validates against INPS's SINBA.xsd", async () => {
    const flow = await exportSinba(t.db, ambito, period);
    expect(flow.included).toBe(2);
    expect(await validateSinbaXml(flow.xml)).toEqual({ valid: true, errors: [] });
  });

  it("carries each child once, under a keyed pseudonym, never the minor's reference or data", async () => {
    const flow = await exportSinba(t.db, ambito, period);
    const expected = DEMO_SINBA_CASES.slice(0, 2).map((c) => beneficiaryId(DEMO_SINBA_ENV.SINBA_PSEUDONYM_KEY, c.minorRef));
    expect(ids(flow.xml).sort()).toEqual(expected.sort());
    expect(expected.every((id) => /^[A-Z2-7]{20}$/.test(id))).toBe(true);
    expect(flow.xml).not.toMatch(/MIN-DEMO|TM-SER|Demo/);
    // The Meda case: reported by the juvenile court, a measure of the Tribunale per i Minorenni, Spazio Neutro among the benefits.
    expect(flow.xml).toMatch(/FonteSegnalazione="11"[^>]*ProvvedimentoGiudiziario="1" DataProvvedimentoGiudiziario="01\/2026" AutoritaProvvedimento="2"/);
    expect(flow.xml).toContain("<ComposizioneFamiglia>1</ComposizioneFamiglia>");
    expect(flow.xml).toContain('Indirizzo="I625"');
    const event = await t.db.selectFrom("audit_events").selectAll().where("action", "=", "sinba.exported").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(event.details).toEqual({ from: "2026-01-01", to: "2026-12-31", comune: null, included: 2, excluded: 2 });
  });

  it("lists in the pre-flight each case missing a required item, with where to fill it, and leaves it out", async () => {
    const check = await checkSinba(t.db, ambito, period);
    expect(check.included).toBe(2);
    const giussano = check.excluded.find((c) => c.code === "TM-GIU-2026-012")!;
    expect(giussano.comuneName).toBe("Giussano");
    const byLabel = Object.fromEntries(giussano.missing.map((m) => [m.label, m.where]));
    expect(byLabel["Condizione del minore (orfano o no)"]).toEqual(["compila e invia il modulo «Scheda SINBA — presa in carico», campo «Il/la minore › Condizione del/della minore»"]);
    // The intake says "Anonimo", which SINBA has no code for: the page says so and points at the override.
    expect(byLabel["Chi ha segnalato"]).toEqual([
      "compila e invia il modulo «Scheda SINBA — presa in carico», campo «Chi ha segnalato (solo se la scheda di segnalazione non basta)»",
      "nel modulo «Scheda di segnalazione / accesso», «Chi segnala › Tipo di segnalante» vale «Anonimo», che non ha un corrispondente SINBA",
    ]);
    // The intake gives the household and the birth date: those items are not missing.
    expect(Object.keys(byLabel)).not.toContain("Composizione della famiglia");
    expect(Object.keys(byLabel)).not.toContain("Fascia di età");
    // The consent demo case has no form at all: every required item is listed.
    expect(check.excluded.find((c) => c.code === "TM-SER-2026-001")!.missing.length).toBe(17);
    expect(check.notices).toEqual(expect.arrayContaining([expect.stringMatching(/^Configurazione dimostrativa: /)]));
    // Every mapped form is a built-in now (closure and foster care included): none is announced as missing.
    expect(check.notices.filter((n) => n.includes("non è ancora disponibile"))).toEqual([]);
    expect((await t.db.selectFrom("audit_events").select("action").where("action", "=", "sinba.checked").execute()).length).toBeGreaterThan(0);
  });

  it("keeps to the caller's scope: a Meda coordinator never exports Seregno", async () => {
    const meda = caller([{ role: "coordinator", service: "tutela-minori", comune: "meda" }]);
    const flow = await exportSinba(t.db, meda, period);
    expect(ids(flow.xml)).toEqual([beneficiaryId(DEMO_SINBA_ENV.SINBA_PSEUDONYM_KEY, "MIN-DEMO-011")]);
    expect((await checkSinba(t.db, meda, period)).excluded).toEqual([]);
    // Asking for Seregno through the scope finds nothing to send, never Seregno's case.
    await expect(exportSinba(t.db, meda, { ...period, comune: "seregno" })).rejects.toThrow("Nessuna cartella in carico nel periodo");
    // A coordinator of another service sees none of them.
    await expect(exportSinba(t.db, caller([{ role: "coordinator", service: "affidi", comune: null }]), period)).rejects.toThrow(SinbaInputError);
  });

  it("filters by comune and by period (a case opened after the period is not in it)", async () => {
    const seregno = await exportSinba(t.db, ambito, { ...period, comune: "seregno" });
    expect(ids(seregno.xml)).toEqual([beneficiaryId(DEMO_SINBA_ENV.SINBA_PSEUDONYM_KEY, "MIN-DEMO-010")]);
    expect(seregno.fileName).toBe("sinba-2026-01-01-2026-12-31-seregno.xml");
    await expect(exportSinba(t.db, ambito, parseSinbaPeriod({ from: "2020-01-01", to: "2020-12-31" }))).rejects.toThrow("Nessuna cartella in carico nel periodo");
    await expect(exportSinba(t.db, ambito, { ...period, comune: "milano" })).rejects.toThrow("Comune sconosciuto: «milano».");
  });

  it("refuses bad dates with a sentence saying what to write", () => {
    expect(() => parseSinbaPeriod({ from: "2026-02-31", to: "2026-03-01" })).toThrow("La data di inizio «2026-02-31» non è valida: scrivila come AAAA-MM-GG, ad esempio 2026-01-31.");
    expect(() => parseSinbaPeriod({ from: "2026-03-01", to: "2026-02-01" })).toThrow("La data di inizio viene dopo quella di fine: scambiale.");
    expect(() => parseSinbaPeriod({ from: "2026-03-01" })).toThrow("Indica la data di fine (AAAA-MM-GG).");
  });
});

describe("the form versions are read in the newest shape (ADR 0012)", () => {
  it("a submission of an older version, whose field was moved since, still fills its SINBA item", async () => {
    const db = (await createTestDatabase()).db;
    try {
      await seedDemo(db);
      // Version 2 of the scheda SINBA moves "condizione" to "condizioneMinore" and recodes one option; the Seregno case was filled with version 1.
      const v1 = await getFormVersion(db, "scheda-sinba", 1);
      const schema = structuredClone(v1.schema) as { properties: { minore: { properties: Record<string, { oneOf?: { const: string }[] }>; required: string[] } } };
      const minore = schema.properties.minore;
      minore.properties.condizioneMinore = { ...minore.properties.condizione!, oneOf: minore.properties.condizione!.oneOf!.map((o) => (o.const === "non-orfano" ? { ...o, const: "nessuna-perdita" } : o)) };
      delete minore.properties.condizione;
      minore.required = minore.required.map((r) => (r === "condizione" ? "condizioneMinore" : r));
      const form = await getForm(db, "scheda-sinba");
      await db.transaction().execute(async (trx) => {
        const draft = await createDraftVersion(trx, form.id, { schema, uiSchema: {} });
        await trx
          .updateTable("form_versions")
          .set({ mapping: JSON.stringify({ fromVersion: 1, rules: [{ from: "/minore/condizione", to: "/minore/condizioneMinore", recode: [{ from: "non-orfano", to: "nessuna-perdita" }] }] }) })
          .where("id", "=", draft.id)
          .execute();
        await publishFormVersion(trx, { versionId: draft.id, actor: { kind: "system" } });
      });
      // The shipped mapping still names /minore/condizione, which the newest version no longer has: the page says to update it.
      const stale = await checkSinba(db, ambito, { ...period, comune: "seregno" });
      expect(stale.notices).toContain(
        "La corrispondenza con SINBA cita un campo che la versione più recente del modulo «Scheda SINBA — presa in carico» non ha più (/minore/condizione): l'amministratore di sistema deve aggiornarla (app/sinba/data/mapping.json).",
      );
      expect(stale.excluded.map((c) => c.code)).toContain("TM-SER-2026-010");
      // With the mapping updated to the newest shape, the version-1 submission is read through the version mapping (moved and recoded).
      const config = await loadSinbaConfig();
      config.mapping.items.CondizioneMinore = [{ form: "scheda-sinba", field: "/minore/condizioneMinore", codes: { "nessuna-perdita": "1", "orfano-entrambi": "2" } }];
      const updated = await exportSinba(db, ambito, { ...period, comune: "seregno" }, { config });
      expect(updated.included).toBe(1);
      expect(updated.xml).toContain('CondizioneMinore="1"');
    } finally {
      await db.destroy();
    }
  }, 180_000);
});

describe("a generated set of 1,000 cases", () => {
  itWithXsd("validates against INPS's SINBA.xsd, and the pre-flight lists every case left out", async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.db.transaction().execute((trx) => syncBuiltinForms(trx));
      const user = await createTestUser(fresh.db, { role: "worker", service: "tutela-minori", comune: "seregno" });
      const { incomplete } = await seedGeneratedSinbaCases(fresh.db, { count: 1000, userId: user.id });
      const flow = await exportSinba(fresh.db, ambito, period);
      expect(incomplete).toHaveLength(100);
      expect(flow.included).toBe(900);
      expect(flow.excluded.map((c) => c.code).sort()).toEqual(incomplete.sort());
      expect(new Set(ids(flow.xml)).size).toBe(900);
      expect(await validateSinbaXml(flow.xml)).toEqual({ valid: true, errors: [] });
    } finally {
      await fresh.destroy();
    }
  }, 300_000);
});

describe("the pages", () => {
  let coordinator: Awaited<ReturnType<typeof createSignedInUser>>;
  let medaCoordinator: Awaited<ReturnType<typeof createSignedInUser>>;
  beforeAll(async () => {
    useDatabaseForRoutes(t.db);
    coordinator = await createSignedInUser(t.db, { role: "coordinator", service: "tutela-minori" });
    medaCoordinator = await createSignedInUser(t.db, { role: "coordinator", service: "tutela-minori", comune: "meda" });
  });
  const get = (path: string, cookie: string) => new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: cookie } });

  it("downloads the same flow as an XML file", async () => {
    const result = await callRoute(sinbaDownload.loader as never, get("/sinba/flusso.xml?dal=2026-01-01&al=2026-12-31", coordinator.cookie));
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Disposition")).toBe('attachment; filename="sinba-2026-01-01-2026-12-31.xml"');
    expect(ids(String(result.body))).toHaveLength(2);
  });

  it("answers 404 for a comune outside the caller's scope, on both pages", async () => {
    for (const route of [sinbaPage, sinbaDownload]) {
      const result = await callRoute(route.loader as never, get(`/sinba${route === sinbaPage ? "" : "/flusso.xml"}?dal=2026-01-01&al=2026-12-31&comune=seregno`, medaCoordinator.cookie));
      expect(result.status).toBe(404);
    }
  });

  it("shows a bad date as a field error, and reads nothing before a period is asked for", async () => {
    const bad = await callRoute(sinbaPage.loader as never, get("/sinba?dal=2026-13-01&al=2026-12-31", coordinator.cookie));
    expect(bad.body).toMatchObject({ errors: { from: "La data di inizio «2026-13-01» non è valida: scrivila come AAAA-MM-GG, ad esempio 2026-01-31." } });
    const before = await t.db.selectFrom("audit_events").select("id").where("action", "=", "sinba.checked").execute();
    const empty = await callRoute(sinbaPage.loader as never, get("/sinba", coordinator.cookie));
    expect(empty.body).toMatchObject({ check: undefined });
    expect(await t.db.selectFrom("audit_events").select("id").where("action", "=", "sinba.checked").execute()).toHaveLength(before.length);
  });

  it("says what to configure in production instead of exporting with demo values", async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      const result = await callRoute(sinbaPage.loader as never, get("/sinba?dal=2026-01-01&al=2026-12-31", coordinator.cookie));
      expect(result.body).toMatchObject({ configError: expect.stringMatching(/^manca SINBA_PSEUDONYM_KEY/) });
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
});
