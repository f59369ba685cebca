import type { Kysely } from "kysely";
import { toJsonb } from "~/db/db.server";
import type { Database } from "~/db/schema";
import type { SeedStep } from "./seed-step";
import type { SchedaSegnalazione, SchedaSinba } from "~/forms/generated/index";

/**
 * Demo cases for the SINBA flow (ADR 0015): two complete ones (Seregno,
 * Meda) that go into the flow and one (Giussano) with only the intake, which
 * the pre-flight page lists. Submitted forms are inserted directly, as the
 * system, like the consent demo case; idempotent by (service, code).
 */

export interface DemoCase {
  code: string;
  comune: string;
  minorRef: string;
  worker: string;
  forms: { slug: string; data: SchedaSegnalazione | SchedaSinba }[];
}

export const intake = (overrides: Partial<SchedaSegnalazione>): SchedaSegnalazione => ({
  dataSegnalazione: "2026-02-10",
  segnalante: { tipo: "scuola", ente: "Istituto comprensivo (demo)" },
  minore: { nome: "Demo", cognome: "Demo", sesso: "F", dataNascita: "2016-05-14", comuneResidenza: "seregno" },
  nucleoFamiliare: [
    { nomeCognome: "Madre (demo)", relazione: "madre", convivente: "si", condizioneProfessionale: "occupato" },
    { nomeCognome: "Fratello (demo)", relazione: "fratello-sorella", convivente: "si" },
  ],
  motiviSegnalazione: ["trascuratezza", "difficolta-educative"],
  descrizioneMotivo: "Situazione di esempio per la dimostrazione: nessun dato reale.",
  urgenza: "ordinaria",
  ...overrides,
});

const sinba = (overrides: Partial<SchedaSinba>): SchedaSinba => ({
  dataCompilazione: "2026-03-02",
  minore: { condizione: "non-orfano", luogoVita: "famiglia", scuola: "primaria", condizioneLavoro: "inattivo", disabilita: "no" },
  valutazione: { problematicaMinore: "relazionale-comportamentale", problematicaFamiglia: "fragilita-genitoriale" },
  autoritaGiudiziaria: { segnalato: "no", provvedimento: "no" },
  interventi: ["servizio-sociale", "educativa-domiciliare"],
  isee: { fascia: "fino-9000", componenti: 3 },
  ...overrides,
});

export const DEMO_SINBA_CASES: DemoCase[] = [
  {
    code: "TM-SER-2026-010",
    comune: "seregno",
    minorRef: "MIN-DEMO-010",
    worker: "operatore.seregno@demo.schedario.it",
    forms: [
      { slug: "scheda-segnalazione", data: intake({}) },
      { slug: "scheda-sinba", data: sinba({}) },
    ],
  },
  {
    code: "TM-MED-2026-011",
    comune: "meda",
    minorRef: "MIN-DEMO-011",
    worker: "operatore.meda@demo.schedario.it",
    forms: [
      {
        slug: "scheda-segnalazione",
        data: intake({
          dataSegnalazione: "2026-01-20",
          segnalante: { tipo: "autorita-giudiziaria", ente: "Tribunale per i Minorenni di Milano" },
          minore: { nome: "Demo", cognome: "Demo", sesso: "M", dataNascita: "2012-09-03", comuneResidenza: "meda" },
          motiviSegnalazione: ["conflitto-genitoriale"],
          provvedimentiGiudiziari: [{ autorita: "tm", data: "2026-01-15", tipo: "affidamento-servizio" }],
        }),
      },
      {
        slug: "scheda-sinba",
        data: sinba({
          minore: { condizione: "non-orfano", luogoVita: "famiglia", scuola: "secondaria-primo-grado", condizioneLavoro: "inattivo", disabilita: "no" },
          valutazione: { problematicaMinore: "relazionale-comportamentale", problematicaFamiglia: "conflittualita" },
          autoritaGiudiziaria: { segnalato: "no", provvedimento: "si", dataProvvedimento: "2026-01-15", autorita: "tm", tipoProvvedimento: "affido-servizio" },
          interventi: ["servizio-sociale", "spazio-neutro"],
        }),
      },
    ],
  },
  {
    code: "TM-GIU-2026-012",
    comune: "giussano",
    minorRef: "MIN-DEMO-012",
    worker: "operatore.seregno@demo.schedario.it",
    forms: [{ slug: "scheda-segnalazione", data: intake({ segnalante: { tipo: "anonimo" }, minore: { nome: "Demo", cognome: "Demo", dataNascita: "2019-11-30", comuneResidenza: "giussano" } }) }],
  },
];

/** Creates a demo case of tutela-minori with its submitted forms, as the system; nothing when its code exists. */
export async function seedCase(db: Kysely<Database>, demo: DemoCase): Promise<string> {
  const worker = await db.selectFrom("users").select("id").where("email", "=", demo.worker).executeTakeFirst();
  if (!worker) return `${demo.code} skipped: no demo worker`;
  const created = await db
    .insertInto("cases")
    .values({ code: demo.code, minor_ref: demo.minorRef, service_code: "tutela-minori", comune_code: demo.comune, created_by: worker.id })
    .onConflict((oc) => oc.columns(["service_code", "code"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!created) return `case ${demo.code} already there`;
  for (const form of demo.forms) {
    const version = await db
      .selectFrom("form_versions as v")
      .innerJoin("forms as f", "f.id", "v.form_id")
      .select("v.id")
      .where("f.slug", "=", form.slug)
      .where("v.status", "=", "published")
      .orderBy("v.version", "desc")
      .executeTakeFirstOrThrow();
    const submission = await db
      .insertInto("submissions")
      .values({ form_version_id: version.id, service_code: "tutela-minori", comune_code: demo.comune, case_id: created.id, status: "submitted", revision: 1, created_by: worker.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("submission_revisions")
      .values({ submission_id: submission.id, revision: 1, status: "submitted", data: toJsonb(form.data), reason: null, author_id: worker.id })
      .execute();
  }
  return `case ${demo.code} created with ${demo.forms.length} submitted forms`;
}

export const demoSinbaCasesSeedStep: SeedStep = {
  name: "sinba demo cases",
  async run(db) {
    const report: string[] = [];
    for (const demo of DEMO_SINBA_CASES) report.push(await seedCase(db, demo));
    return report;
  },
};
