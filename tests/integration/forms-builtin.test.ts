import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "~/db/seed.server";
import { syncBuiltinForms } from "~/forms/builtin.server";
import { getForm, listFormVersions } from "~/forms/registry.server";
import type { MondoDelBambino } from "~/forms/generated";
import { validateFormData } from "~/forms/validators.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  // A copy of schemas/, so that the test can change files.
  dir = await mkdtemp(path.join(tmpdir(), "schedario-schemas-"));
  await cp("schemas", dir, { recursive: true });
});
afterAll(async () => {
  await t.destroy();
  await rm(dir, { recursive: true, force: true });
});

const sync = () => t.db.transaction().execute((trx) => syncBuiltinForms(trx, dir));
const versionCount = async () => (await t.db.selectFrom("form_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n;

describe("sync of the built-in forms by content hash", () => {
  it("publishes every built-in form once; a second sync changes nothing", async () => {
    expect(await sync()).toEqual([
      "consenso-intervento v1 published",
      "informativa-privacy v1 published",
      "microprogettazione v1 published",
      "mondo-del-bambino v1 published",
      "pre-assessment v1 published",
      "relazione-tribunale v1 published",
      "scheda-segnalazione v1 published",
      "verbale-spazio-neutro v1 published",
    ]);
    const audited = await t.db.selectFrom("audit_events").select("id").execute();
    expect(await sync()).toEqual(expect.arrayContaining(["mondo-del-bambino v1 unchanged"]));
    expect((await sync()).every((line) => line.endsWith("v1 unchanged"))).toBe(true);
    expect(await versionCount()).toBe(8);
    expect(await t.db.selectFrom("audit_events").select("id").execute()).toHaveLength(audited.length);
  });

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

  it("db seed-demo runs the sync as a demo seed step", async () => {
    const fresh = await createTestDatabase();
    try {
      const report = await seedDemo(fresh.db);
      expect(report).toContain("forms: mondo-del-bambino v1 published");
      const version = (await listFormVersions(fresh.db, "mondo-del-bambino"))[0]!;
      // Typed with the generated type of the built-in form.
      const assessment: MondoDelBambino = { puntoRilevazione: "T1", dataValutazione: "2026-11-25", bambino: "Giulia", risposteGenitoriali: { guidaRegoleValori: { valutazione: 5 } } };
      expect(validateFormData(version, assessment)).toEqual({ valid: true, errors: [] });
    } finally {
      await fresh.destroy();
    }
  });
});
