import { readFile } from "node:fs/promises";
import path from "node:path";
import { createAjv } from "~/forms/validation/create-ajv";
import { pointerTokens } from "~/forms/schema/json-schema";
import { isValidItemValue, SINBA_ITEMS, type SinbaItemName } from "./codes";
import type { SinbaMapping, SinbaSource } from "./extract";

/**
 * Everything the SINBA flow needs that is not code (ADR 0015): the secret key
 * of the pseudonyms, the Ente's code and the operator's tax code from the
 * environment; the Ente's name and the comuni's catasto codes, and the
 * mapping from the forms, from the data files in `app/sinba/data/`, each validated by
 * its own JSON Schema.
 */

/** Where the data files live. */
export const SINBA_DATA_DIR = path.resolve("app/sinba/data");

/** A configuration or data problem: one Italian sentence saying what to fix. */
export class SinbaConfigError extends Error {
  override name = "SinbaConfigError";
}

export interface SinbaEnteData {
  denominazione: string;
  comuneSede: string;
  codiciCatastali: Record<string, string>;
  codiciCatastaliConfermati: boolean;
}

export interface SinbaConfig {
  pseudonymKey: string;
  enteCode: string;
  operatorTaxCode: string;
  ente: SinbaEnteData;
  mapping: SinbaMapping;
  /** Which values are the demo ones (only outside production): the page says so, the CLI warns. */
  demoValues: string[];
}

/** Demo values, used only when NODE_ENV is not production; they are not secrets and say so. */
export const DEMO_SINBA_ENV = {
  SINBA_PSEUDONYM_KEY: "DEMO-non-usare-in-produzione-chiave-sinba-schedario",
  SINBA_ENTE_CODE: "DEMO-AMBITO-SEREGNO",
  SINBA_OPERATOR_TAX_CODE: "DMOPRT80A01I625Z",
} as const;

const MIN_KEY_LENGTH = 32;
const TAX_CODE = /^(?:[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z][A-Z0-9]{3}[A-Z]|\d{11})$/;

type Env = Record<string, string | undefined>;

/** The three environment values, checked; demo values fill the gaps outside production. */
export function sinbaEnvironment(env: Env = process.env): Pick<SinbaConfig, "pseudonymKey" | "enteCode" | "operatorTaxCode" | "demoValues"> {
  const production = env.NODE_ENV === "production";
  const demoValues: string[] = [];
  const read = (name: keyof typeof DEMO_SINBA_ENV, what: string): string => {
    const value = env[name]?.trim();
    if (value) return value;
    if (production) throw new SinbaConfigError(`manca ${name} (${what}): impostala nell'ambiente, vedi README › Configurazione`);
    demoValues.push(name);
    return DEMO_SINBA_ENV[name];
  };
  const pseudonymKey = read("SINBA_PSEUDONYM_KEY", "chiave segreta degli pseudonimi");
  const enteCode = read("SINBA_ENTE_CODE", "codice dell'Ente presso l'INPS");
  const operatorTaxCode = read("SINBA_OPERATOR_TAX_CODE", "codice fiscale dell'operatore che invia il flusso").toUpperCase();
  if (pseudonymKey.length < MIN_KEY_LENGTH) {
    throw new SinbaConfigError(`SINBA_PSEUDONYM_KEY è troppo corta: servono almeno ${MIN_KEY_LENGTH} caratteri casuali (ad esempio: openssl rand -base64 48)`);
  }
  if (enteCode.length > 32) throw new SinbaConfigError("SINBA_ENTE_CODE è troppo lungo: al massimo 32 caratteri");
  if (!TAX_CODE.test(operatorTaxCode)) {
    throw new SinbaConfigError("SINBA_OPERATOR_TAX_CODE non è un codice fiscale valido (16 caratteri, o 11 cifre per un ente)");
  }
  return { pseudonymKey, enteCode, operatorTaxCode, demoValues };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new SinbaConfigError(`non riesco a leggere ${path.relative(process.cwd(), file)}: ${(error as Error).message}`);
  }
}

/** Reads a data file and checks it against the JSON Schema beside it (`x.json` ↔ `x.schema.json`). */
async function readValidated<T>(dir: string, name: string): Promise<T> {
  const [data, schema] = await Promise.all([readJson(path.join(dir, `${name}.json`)), readJson(path.join(dir, `${name}.schema.json`))]);
  const validate = createAjv().compile(schema as object);
  if (!validate(data)) {
    const error = validate.errors![0]!;
    throw new SinbaConfigError(`sinba/${name}.json non è valido in ${error.instancePath || "/"}: ${error.message}`);
  }
  return data as T;
}

/** The problems of a mapping that its JSON Schema cannot see: unknown items, codes INPS does not have, undeclared forms. */
export function mappingProblems(mapping: SinbaMapping): string[] {
  const problems: string[] = [];
  for (const [name, sources] of Object.entries(mapping.items) as [string, SinbaSource[]][]) {
    if (!Object.hasOwn(SINBA_ITEMS, name)) {
      problems.push(`la voce ${name} non esiste nel tracciato SINBA`);
      continue;
    }
    const format = SINBA_ITEMS[name as SinbaItemName].format;
    for (const source of sources) {
      if (!Object.hasOwn(mapping.forms, source.form)) problems.push(`${name}: il modulo ${source.form} non è elencato in "forms"`);
      for (const [value, code] of Object.entries(source.codes ?? {})) {
        if (!isValidItemValue(format, code)) problems.push(`${name}: il codice "${code}" (per "${value}") non è un valore ammesso`);
      }
      if (source.where && pointerTokens(source.where.field).filter((t) => t === "*").length !== pointerTokens(source.field).filter((t) => t === "*").length) {
        problems.push(`${name}: "where.field" deve avere gli stessi * di "field"`);
      }
    }
  }
  for (const name of Object.keys(SINBA_ITEMS) as SinbaItemName[]) {
    if (SINBA_ITEMS[name].required && !mapping.items[name]?.length) problems.push(`manca la voce obbligatoria ${name}`);
  }
  return problems;
}

/** The mapping and the Ente data, validated. */
export async function loadSinbaData(dir = SINBA_DATA_DIR): Promise<Pick<SinbaConfig, "mapping" | "ente">> {
  const [mapping, ente] = await Promise.all([readValidated<SinbaMapping>(dir, "mapping"), readValidated<SinbaEnteData>(dir, "ente")]);
  const problems = mappingProblems(mapping);
  if (problems.length) throw new SinbaConfigError(`app/sinba/data/mapping.json: ${problems[0]}${problems.length > 1 ? ` (e altri ${problems.length - 1} problemi)` : ""}`);
  if (!ente.codiciCatastali[ente.comuneSede]) throw new SinbaConfigError(`app/sinba/data/ente.json: manca il codice catastale del comune sede "${ente.comuneSede}"`);
  return { mapping, ente };
}

/** The whole configuration of the SINBA flow; throws SinbaConfigError with what to fix. */
export async function loadSinbaConfig(env: Env = process.env, dir = SINBA_DATA_DIR): Promise<SinbaConfig> {
  return { ...sinbaEnvironment(env), ...(await loadSinbaData(dir)) };
}
