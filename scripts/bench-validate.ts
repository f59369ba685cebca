// `npm run bench:validate` (a benchmark, not a test; run with --expose-gc):
// validations per second through Schedario's validation path (cache lookup +
// validate + Italian messages) against a raw compiled ajv function with the
// same options, compile time per form, and heap after compiling and evicting
// 1,000 versions.
import { readdir, readFile } from "node:fs/promises";
import type { ValidateFunction } from "ajv";
import { createAjv } from "~/forms/validation/create-ajv";
import type { MondoDelBambino } from "~/forms/generated";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { generateStandaloneValidator } from "~/forms/validation/standalone.server";
import { formVersionSchemaId, validateFormData, ValidatorCache } from "~/forms/validation/validators.server";
import { generateLargeForm, generateLargeFormData } from "../tests/support/large-form";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench:validate does)");

/** Calls fn for about `ms` milliseconds and returns calls per second. */
function opsPerSecond(fn: () => unknown, ms: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) fn();
    calls += 200;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

/**
 * Rates of two functions measured in alternating rounds (so that JIT and
 * machine noise hit both alike); the best round of each, since noise from
 * other processes only ever slows a round down.
 */
function compareRates(a: () => unknown, b: () => unknown, rounds = 9, ms = 300): [number, number] {
  for (let i = 0; i < 3000; i++) a(), b();
  const ra: number[] = [];
  const rb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ra.push(opsPerSecond(a, ms));
    rb.push(opsPerSecond(b, ms));
  }
  return [Math.max(...ra), Math.max(...rb)];
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const heapMb = () => {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const mondo = JSON.parse(await readFile("schemas/mondo-del-bambino/schema.json", "utf8")) as JsonSchema;
const side = (keys: string[]) => Object.fromEntries(keys.map((k, i) => [k, { valutazione: (i % 6) + 1, descrizione: "Osservazioni del T0.", contributi: ["operatore-sociale", "genitori"], voceBambino: "«Mi piace la scuola»" }]));
const mondoData: MondoDelBambino = {
  puntoRilevazione: "T0",
  dataValutazione: "2026-11-25",
  bisogniSviluppo: side(["saluteCrescita", "emozioniComportamenti", "identitaAutostima", "autonomia", "relazioniFamiliariSociali", "apprendimento", "giocoTempoLibero"]),
  risposteGenitoriali: side(["curaBaseSicurezza", "caloreAffettoStabilita", "guidaRegoleValori", "divertimentoStimoli", "autorealizzazioneGenitori"]),
  fattoriFamiliariAmbientali: side(["famigliaAllargataReteSociale", "rapportiScuolaServizi", "lavoroCondizioneEconomica", "abitazione", "partecipazioneInclusione"]),
  sintesiComplessiva: "Sintesi.",
};

const cases = [
  { name: "mondo-del-bambino", schema: mondo, data: mondoData as unknown },
  { name: "generated 500 fields", schema: generateLargeForm(500) as JsonSchema, data: generateLargeFormData(500) as unknown },
];

console.log("Validations per second (valid data)");
console.log("form                     Schedario path   raw ajv function   ratio");
for (const c of cases) {
  const version = { schemaId: formVersionSchemaId(c.name.replace(/\W+/g, "-"), 1), schema: c.schema };
  const cache = new ValidatorCache(10);
  if (!validateFormData(version, c.data, cache).valid) throw new Error(`${c.name}: sample data is not valid`);
  const raw: ValidateFunction = createAjv().compile(c.schema);
  if (!raw(c.data)) throw new Error(`${c.name}: sample data is not valid (raw)`);
  const [schedario, direct] = compareRates(() => validateFormData(version, c.data, cache), () => raw(c.data));
  console.log(`${c.name.padEnd(24)} ${fmt(schedario).padStart(14)} ${fmt(direct).padStart(18)}   ${(schedario / direct).toFixed(2)}`);
}

console.log("\nInvalid data (errors turned into Italian messages), Schedario path");
for (const c of cases) {
  const version = { schemaId: formVersionSchemaId(`invalid-${c.name.replace(/\W+/g, "-")}`, 1), schema: c.schema };
  const cache = new ValidatorCache(10);
  const invalid = { ...(c.data as Record<string, unknown>) };
  delete invalid[Object.keys(invalid)[0]!];
  const errors = validateFormData(version, invalid, cache).errors;
  console.log(`${c.name.padEnd(24)} ${fmt(opsPerSecond(() => validateFormData(version, invalid, cache), 1000)).padStart(14)} /s  (${errors.length} error: ${errors[0]?.message})`);
}

console.log("\nCompile time per form (server: ajv compile; publish: standalone code + esbuild bundle)");
const builtins = (await readdir("schemas", { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const forms = [
  ...(await Promise.all(builtins.map(async (slug) => ({ name: slug, schema: JSON.parse(await readFile(`schemas/${slug}/schema.json`, "utf8")) as JsonSchema })))),
  { name: "generated 500 fields", schema: generateLargeForm(500) as JsonSchema },
];
for (const f of forms) {
  const cache = new ValidatorCache(1);
  let started = performance.now();
  cache.get({ schemaId: formVersionSchemaId("compile-" + f.name.replace(/\W+/g, "-"), 1), schema: f.schema });
  const compileMs = performance.now() - started;
  started = performance.now();
  const code = await generateStandaloneValidator(f.schema, formVersionSchemaId("standalone-" + f.name.replace(/\W+/g, "-"), 1));
  const standaloneMs = performance.now() - started;
  console.log(`${f.name.padEnd(24)} compile ${compileMs.toFixed(1).padStart(6)} ms   standalone ${standaloneMs.toFixed(1).padStart(6)} ms   module ${(code.length / 1024).toFixed(0).padStart(4)} KiB`);
}

console.log("\nMemory: compiling 1,000 versions of mondo-del-bambino");
const baseline = heapMb();
const bounded = new ValidatorCache(100);
for (let v = 1; v <= 1000; v++) bounded.get({ schemaId: formVersionSchemaId("memoria", v), schema: mondo });
const whileCached = heapMb();
for (let v = 1; v <= 1000; v++) bounded.evict(formVersionSchemaId("memoria", v));
const afterEvict = heapMb();
console.log(`heapUsed before: ${baseline.toFixed(1)} MB`);
console.log(`after 1,000 compiles with a cache bounded to 100 (100 still cached): ${whileCached.toFixed(1)} MB`);
console.log(`after evicting every version: ${afterEvict.toFixed(1)} MB (growth ${(afterEvict - baseline).toFixed(1)} MB)`);
const unbounded = createAjv();
for (let v = 1; v <= 1000; v++) unbounded.compile({ ...mondo, $id: formVersionSchemaId("senza-limite", v) });
console.log(`for comparison, one ajv instance that never evicts, after 1,000 compiles: ${heapMb().toFixed(1)} MB`);
