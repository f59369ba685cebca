import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~/db/db.server";
import { seedDemo } from "~/demo/seed.server";
import { loadBuiltinForms, syncBuiltinForms } from "~/forms/versions/builtin.server";
import { lintFormDefinition } from "~/forms/validation/lint.server";
import { getForm, listForms, listFormVersions } from "~/forms/versions/registry.server";
import type { MondoDelBambino } from "~/forms/generated";
import { validateFormData } from "~/forms/validation/validators.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  // Lint's 2 s budget also pays for recheck's first import (over a second on a loaded
  // machine), which the first built-in form with a pattern would fail on: load it first.
  await import("recheck");
  t = await createTestDatabase();
  // A copy of schemas/, so that the test can change files.
  dir = await mkdtemp(path.join(tmpdir(), "schedario-schemas-"));
  await cp("schemas", dir, { recursive: true });
});
afterAll(async () => {
  await t.destroy();
  await rm(dir, { recursive: true, force: true });
});

const BUILTIN_SLUGS = [
  "affido-abbinamento",
  "affido-progetto",
  "chiusura-presa-in-carico",
  "consenso-intervento",
  "consulenza-legale-parere",
  "consulenza-legale-richiesta",
  "contributo-economico",
  "etim-verbale-equipe",
  "informativa-privacy",
  "microprogettazione",
  "mondo-del-bambino",
  "penale-indagine-socio-familiare",
  "penale-messa-alla-prova",
  "pippi-post-assessment",
  "pre-assessment",
  "regolamentazione-piano-incontri",
  "regolamentazione-valutazione",
  "relazione-tribunale",
  "scheda-segnalazione",
  "scheda-sinba",
  "sdq",
  "supervisione-registro",
  "supervisione-valutazione",
  "verbale-spazio-neutro",
];

// Publishing every built-in form (each linted and compiled to a standalone validator)
// takes ≈ 20 s on a quiet 2-core machine and over a minute under load.
const PUBLISH_ALL_TIMEOUT = 180_000;

const sync = () => t.db.transaction().execute((trx) => syncBuiltinForms(trx, dir));
const versionCount = async () => (await t.db.selectFrom("form_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;

describe("sync of the built-in forms by content hash", () => {
  it("publishes every built-in form once; a second sync changes nothing", async () => {
    expect(await sync()).toEqual(BUILTIN_SLUGS.map((slug) => `${slug} v1 published`));
    const audited = await t.db.selectFrom("audit_events").select("id").execute();
    expect(await sync()).toEqual(expect.arrayContaining(["mondo-del-bambino v1 unchanged"]));
    expect((await sync()).every((line) => line.endsWith("v1 unchanged"))).toBe(true);
    expect(await versionCount()).toBe(BUILTIN_SLUGS.length);
    expect(await t.db.selectFrom("audit_events").select("id").execute()).toHaveLength(audited.length);
  }, PUBLISH_ALL_TIMEOUT);

  it("applies form.json: kind and offered services", async () => {
    expect(await getForm(t.db, "verbale-spazio-neutro")).toMatchObject({ kind: "report", services: ["spazio-neutro"] });
    expect(await getForm(t.db, "scheda-segnalazione")).toMatchObject({ kind: "intake" });
  });

  it("ignores reformatting, and turns a changed file into a new published version", async () => {
    const file = path.join(dir, "mondo-del-bambino/schema.json");
    const schema = JSON.parse(await readFile(file, "utf8"));
    await writeFile(file, JSON.stringify(schema)); // same content, no indentation
    expect(await sync()).toContain("mondo-del-bambino v1 unchanged");

    schema.properties.sintesiComplessiva.maxLength = 20000;
    await writeFile(file, JSON.stringify(schema, null, 2));
    const report = await sync();
    expect(report).toContain("mondo-del-bambino v2 published");
    expect(report.filter((line) => line.endsWith("published"))).toHaveLength(1);
    const versions = await listFormVersions(t.db, "mondo-del-bambino");
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
    ]);
    // Version 1 is untouched: submissions made with it keep their exact schema.
    expect((versions[0]!.schema.properties as Record<string, { maxLength?: number }>).sintesiComplessiva!.maxLength).toBe(10000);
  });

  it("two processes seeding an empty database at once both finish, one after the other (advisory lock)", async () => {
    const fresh = await createTestDatabase();
    // On PostgreSQL a second connection pool stands for the second `npm start`.
    const second = fresh.kind === "postgres" ? createDatabase({ kind: "postgres", url: fresh.env.DATABASE_URL! }) : fresh.db;
    try {
      const [a, b] = await Promise.all([seedDemo(fresh.db), seedDemo(second)]);
      // One of them created everything; the other found it there.
      expect([a, b].filter((report) => report.includes("forms: mondo-del-bambino v1 published"))).toHaveLength(1);
    } finally {
      if (second !== fresh.db) await second.destroy();
      await fresh.destroy();
    }
  });

  it("db seed-demo runs the sync as a demo seed step", async () => {
    const fresh = await createTestDatabase();
    try {
      const report = await seedDemo(fresh.db);
      expect(report).toContain("forms: mondo-del-bambino v1 published");
      const version = (await listFormVersions(fresh.db, "mondo-del-bambino"))[0]!;
      // Typed with the generated type of the built-in form.
      const assessment: MondoDelBambino = { puntoRilevazione: "T1", dataValutazione: "2026-11-25", risposteGenitoriali: { guidaRegoleValori: { valutazione: 5 } } };
      expect(validateFormData(version, assessment)).toEqual({ valid: true, errors: [] });
    } finally {
      await fresh.destroy();
    }
  }, PUBLISH_ALL_TIMEOUT);
});

describe("the built-in catalogue", () => {
  const example = async (slug: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(path.join("schemas", slug, "example.json"), "utf8"));
  const published = async (slug: string) => (await listFormVersions(t.db, slug)).at(-1)!;
  beforeAll(sync, PUBLISH_ALL_TIMEOUT); // idempotent: publishes what the first block has not

  it("every built-in form passes lint", async () => {
    for (const source of await loadBuiltinForms()) {
      expect({ slug: source.slug, problems: await lintFormDefinition(source) }).toEqual({ slug: source.slug, problems: [] });
    }
  });

  it("every service is offered at least one form by name (not only the forms offered to all)", async () => {
    const services = await t.db.selectFrom("services").select("code").orderBy("code").execute();
    expect(services.length).toBeGreaterThanOrEqual(9);
    const forms = await listForms(t.db);
    const withoutForm = services.map((s) => s.code).filter((code) => !forms.some((f) => f.services.includes(code)));
    expect(withoutForm).toEqual([]);
  });

  it("each built-in form has a filled example that validates against its published version", async () => {
    for (const slug of BUILTIN_SLUGS) {
      const data = await example(slug);
      expect({ slug, result: validateFormData(await published(slug), data) }).toEqual({ slug, result: { valid: true, errors: [] } });
    }
  });

  it("the examples' checks can fail: a missing required field, a broken condition", async () => {
    const affido = await example("affido-progetto");
    const { forma: _forma, ...withoutForm } = affido;
    expect(validateFormData(await published("affido-progetto"), withoutForm).valid).toBe(false);
    // A judicial foster care (SINBA code 2) needs the court order.
    const { provvedimento: _order, ...withoutOrder } = affido;
    expect(validateFormData(await published("affido-progetto"), withoutOrder).valid).toBe(false);
    expect(validateFormData(await published("affido-progetto"), { ...withoutOrder, forma: "1", consensoGenitori: "entrambi" }).valid).toBe(true);
    // "Altro" as the closing reason needs the other reason.
    const closure = await example("chiusura-presa-in-carico");
    expect(validateFormData(await published("chiusura-presa-in-carico"), { ...closure, motivo: "9" }).valid).toBe(false);
    // A transfer to another Ambito (SINBA codes 1, 2) needs the handover.
    expect(validateFormData(await published("chiusura-presa-in-carico"), { ...closure, motivo: "1" }).valid).toBe(false);
    expect(validateFormData(await published("chiusura-presa-in-carico"), { ...closure, motivo: "1", passaggio: { servizio: "Servizio Tutela Minori di Monza" } }).valid).toBe(true);
  });

  it("assessments filed on a case do not ask the child's name (ADR 0022); the intake does", async () => {
    for (const slug of ["mondo-del-bambino", "microprogettazione"]) {
      const { properties, required } = (await published(slug)).schema as { properties: Record<string, unknown>; required?: string[] };
      expect({ slug, bambino: properties.bambino, required: Boolean(required?.includes("bambino")) }).toEqual({ slug, bambino: undefined, required: false });
    }
    const intake = (await published("scheda-segnalazione")).schema.properties as { minore: { properties: Record<string, unknown> } };
    expect(Object.keys(intake.minore.properties)).toEqual(expect.arrayContaining(["nome", "cognome", "dataNascita", "codiceFiscale"]));
  });

  it("a scheda written with the child's name, on the version before ADR 0022, stays readable and valid after the sync removes the field", async () => {
    // The version as it was: `bambino` required.
    const old = await mkdtemp(path.join(tmpdir(), "schedario-identity-"));
    const fresh = await createTestDatabase();
    try {
      await cp("schemas/mondo-del-bambino", path.join(old, "mondo-del-bambino"), { recursive: true });
      const file = path.join(old, "mondo-del-bambino/schema.json");
      const current = JSON.parse(await readFile(file, "utf8"));
      const withName = { ...current, required: [...current.required, "bambino"], properties: { ...current.properties, bambino: { type: "string", title: "Bambino/a a cui si riferisce la valutazione", maxLength: 200 } } };
      await writeFile(file, JSON.stringify(withName));
      const syncOld = () => fresh.db.transaction().execute((trx) => syncBuiltinForms(trx, old));
      expect(await syncOld()).toEqual(["mondo-del-bambino v1 published"]);
      const written = { ...(await example("mondo-del-bambino")), bambino: "Luca Riva" };
      const [v1] = await listFormVersions(fresh.db, "mondo-del-bambino");
      expect(validateFormData(v1!, written).valid).toBe(true);

      await writeFile(file, JSON.stringify(current));
      expect(await syncOld()).toEqual(["mondo-del-bambino v2 published"]);
      const [first, second] = await listFormVersions(fresh.db, "mondo-del-bambino");
      // Version 1 keeps the field (its schede show it as written); version 2 accepts the old data as they are.
      expect((first!.schema.properties as Record<string, unknown>).bambino).toBeDefined();
      expect(validateFormData(first!, written)).toEqual({ valid: true, errors: [] });
      expect(validateFormData(second!, written)).toEqual({ valid: true, errors: [] });
    } finally {
      await fresh.destroy();
      await rm(old, { recursive: true, force: true });
    }
  });

  it("the P.I.P.P.I. post-assessment asks the pre-assessment's shared questions with the same keys and choices", async () => {
    const pre = (await published("pre-assessment")).schema.properties as Record<string, unknown>;
    const post = (await published("pippi-post-assessment")).schema.properties as Record<string, unknown>;
    for (const key of ["bambini", "situazioneFamiliare", "risorse", "preoccupazioni", "livelloRischio", "operatori"]) {
      expect({ key, schema: post[key] }).toEqual({ key, schema: pre[key] });
    }
    const micro = (await published("microprogettazione")).schema.properties as { obiettivi: { items: { properties: { dispositivi: { items: unknown } } } } };
    expect((post.dispositiviUtilizzati as { items: unknown }).items).toEqual(micro.obiettivi.items.properties.dispositivi.items);
  });
});
