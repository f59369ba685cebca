import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { validateXML } from "xmllint-wasm";
import { toJsonb } from "../../app/db/db.server";
import type { Database } from "../../app/db/schema";
import { choiceValues, schemaForDataPointer, type JsonSchema } from "../../app/forms/schema/json-schema";
import { getFormVersion } from "../../app/forms/versions/registry.server";
import { validateFormData } from "../../app/forms/validation/validators.server";

/** INPS's schema, outside the repository (never copied into it): `../shared/sinba/SINBA.xsd` from the repository root. */
export const SINBA_XSD_PATH = path.resolve("../shared/sinba/SINBA.xsd");
export const SINBA_XSD_PRESENT = existsSync(SINBA_XSD_PATH);
export const SINBA_XSD_SKIP_MESSAGE = `INPS SINBA.xsd not found at ${SINBA_XSD_PATH}: the XSD validation is skipped`;

/** Validates a flow with libxml2 (xmllint-wasm) against the official schema. */
export async function validateSinbaXml(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName: "flusso.xml", contents: xml }], schema: [readFileSync(SINBA_XSD_PATH, "utf8")] });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** A small deterministic random generator (mulberry32), so a failing generated set can be reproduced. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` cases of tutela-minori spread over the six comuni, each with a
 * submitted intake and (except every `incompleteEvery`-th, which the
 * pre-flight must list) a submitted scheda-sinba, every choice drawn from the
 * forms' own options; each data set is checked against its form first.
 * Inserted in bulk; returns the codes of the incomplete cases.
 */
export async function seedGeneratedSinbaCases(
  db: Kysely<Database>,
  input: { count: number; userId: number; seed?: number; incompleteEvery?: number },
): Promise<{ incomplete: string[] }> {
  const random = seededRandom(input.seed ?? 18);
  const [intake, sinba] = await Promise.all([getFormVersion(db, "scheda-segnalazione"), getFormVersion(db, "scheda-sinba")]);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const option = (schema: JsonSchema, pointer: string) => pick(choiceValues(schema, schemaForDataPointer(schema, pointer)!)) as string;
  const day = (from: number, to: number) => {
    const year = from + Math.floor(random() * (to - from + 1));
    return `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
  };
  const comuni = ["barlassina", "giussano", "lentate-sul-seveso", "meda", "seregno", "seveso"];
  const incompleteEvery = input.incompleteEvery ?? 10;
  const incomplete: string[] = [];
  const rows = Array.from({ length: input.count }, (_, i) => {
    const comune = comuni[i % comuni.length]!;
    const code = `GEN-${String(i + 1).padStart(5, "0")}`;
    const intakeData = {
      dataSegnalazione: day(2024, 2026),
      segnalante: { tipo: option(intake.schema, "/segnalante/tipo") },
      minore: { nome: "Gen", cognome: "Erato", dataNascita: day(2010, 2025), comuneResidenza: pick(comuni), sesso: option(intake.schema, "/minore/sesso") },
      nucleoFamiliare: Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
        relazione: option(intake.schema, "/nucleoFamiliare/0/relazione"),
        convivente: "si",
        condizioneProfessionale: option(intake.schema, "/nucleoFamiliare/0/condizioneProfessionale"),
      })),
      motiviSegnalazione: [option(intake.schema, "/motiviSegnalazione/0")],
      descrizioneMotivo: "Caso generato per le prove: nessun dato reale.",
      urgenza: option(intake.schema, "/urgenza"),
      altriServizi: random() < 0.5 ? [{ servizio: option(intake.schema, "/altriServizi/0/servizio") }] : [],
    };
    // Emergency placements need their date (the intake's own rule).
    if (intakeData.urgenza === "art403") Object.assign(intakeData, { dataCollocamento403: day(2024, 2026) });
    const disability = option(sinba.schema, "/minore/disabilita");
    const sinbaData = {
      dataCompilazione: day(2026, 2026),
      minore: {
        condizione: option(sinba.schema, "/minore/condizione"),
        luogoVita: option(sinba.schema, "/minore/luogoVita"),
        scuola: option(sinba.schema, "/minore/scuola"),
        condizioneLavoro: option(sinba.schema, "/minore/condizioneLavoro"),
        disabilita: disability,
        ...(disability === "si" ? { tipoDisabilita: option(sinba.schema, "/minore/tipoDisabilita"), certificazione: option(sinba.schema, "/minore/certificazione") } : {}),
      },
      valutazione: { problematicaMinore: option(sinba.schema, "/valutazione/problematicaMinore"), problematicaFamiglia: option(sinba.schema, "/valutazione/problematicaFamiglia") },
      autoritaGiudiziaria: {
        segnalato: option(sinba.schema, "/autoritaGiudiziaria/segnalato"),
        provvedimento: "si",
        dataProvvedimento: day(2020, 2026),
        autorita: option(sinba.schema, "/autoritaGiudiziaria/autorita"),
        responsabilitaGenitoriale: option(sinba.schema, "/autoritaGiudiziaria/responsabilitaGenitoriale"),
        tipoProvvedimento: option(sinba.schema, "/autoritaGiudiziaria/tipoProvvedimento"),
      },
      inserimentoStruttura: { carattere: option(sinba.schema, "/inserimentoStruttura/carattere"), forma: option(sinba.schema, "/inserimentoStruttura/forma"), conGenitore: option(sinba.schema, "/inserimentoStruttura/conGenitore"), esito: option(sinba.schema, "/inserimentoStruttura/esito") },
      interventi: [...new Set([option(sinba.schema, "/interventi/0"), option(sinba.schema, "/interventi/0")])],
      genitori: { titoloStudioMadre: option(sinba.schema, "/genitori/titoloStudioMadre"), titoloStudioPadre: option(sinba.schema, "/genitori/titoloStudioPadre") },
      isee: { fascia: option(sinba.schema, "/isee/fascia"), componenti: 1 + Math.floor(random() * 9) },
      fonteSegnalazione: option(sinba.schema, "/fonteSegnalazione"),
    };
    for (const [version, data] of [[intake, intakeData], [sinba, sinbaData]] as const) {
      const result = validateFormData(version, data);
      if (!result.valid) throw new Error(`generated ${version.slug} data is invalid: ${JSON.stringify(result.errors)}`);
    }
    const withSinba = (i + 1) % incompleteEvery !== 0;
    if (!withSinba) incomplete.push(code);
    return { code, comune, forms: withSinba ? [[intake.id, intakeData], [sinba.id, sinbaData]] as const : ([[intake.id, intakeData]] as const) };
  });
  const cases = await db
    .insertInto("cases")
    .values(rows.map((r, i) => ({ code: r.code, minor_ref: `GEN-MIN-${i + 1}`, service_code: "tutela-minori", comune_code: r.comune, created_by: input.userId })))
    .returning(["id", "code"])
    .execute();
  const caseIds = new Map(cases.map((c) => [c.code, c.id]));
  const submissions = rows.flatMap((r) => r.forms.map(([versionId, data]) => ({ caseId: caseIds.get(r.code)!, comune: r.comune, versionId, data })));
  const created = await db
    .insertInto("submissions")
    .values(submissions.map((s) => ({ form_version_id: s.versionId, service_code: "tutela-minori", comune_code: s.comune, case_id: s.caseId, status: "submitted" as const, revision: 1, created_by: input.userId })))
    .returning("id")
    .execute();
  await db
    .insertInto("submission_revisions")
    .values(created.map((c, i) => ({ submission_id: c.id, revision: 1, status: "submitted" as const, data: toJsonb(submissions[i]!.data), reason: null, author_id: input.userId })))
    .execute();
  return { incomplete };
}
