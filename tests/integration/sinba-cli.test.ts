import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, databaseConfigFromEnv } from "~/db/db.server";
import { seedDemo } from "~/demo/seed.server";
import { runCliProcess } from "../support/run-cli";
import { SINBA_XSD_PRESENT, validateSinbaXml } from "../support/sinba";
import { createCliTestDatabase, type CliTestDatabase } from "../support/test-database";

/** Each test starts a CLI process (tsx), slow on a busy machine. */
const CLI_TIMEOUT = 90_000;
let db: CliTestDatabase;
beforeAll(async () => {
  db = await createCliTestDatabase();
  // Seeded in this process (cli.test.ts covers `db seed-demo` itself), after loading lint's regex checker outside its time budget.
  await import("recheck");
  const seeding = createDatabase(databaseConfigFromEnv(db.env));
  await seedDemo(seeding);
  await seeding.destroy();
}, 180_000);
afterAll(() => db.destroy());

const production = { NODE_ENV: "production", SINBA_PSEUDONYM_KEY: "k".repeat(40), SINBA_ENTE_CODE: "ENTE-PROVA", SINBA_OPERATOR_TAX_CODE: "RSSMRA80A01F205X" };

describe("npm run cli -- sinba export", () => {
  it("prints the flow of the period on standard output (exit 0)", async () => {
    const result = await runCliProcess(["sinba", "export", "--from", "2026-01-01", "--to", "2026-12-31"], { env: { ...db.env, ...production } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Flusso xmlns="http:\/\/inps.it\/Casellario">/);
    expect(result.stdout).toContain('<Ente Codice="ENTE-PROVA" Denominazione="Ambito Territoriale di Seregno" Indirizzo="I625" CFOperatore="RSSMRA80A01F205X"/>');
    expect(result.stdout.match(/<SINBA /g)).toHaveLength(2);
    if (SINBA_XSD_PRESENT) expect(await validateSinbaXml(result.stdout)).toEqual({ valid: true, errors: [] });
  }, CLI_TIMEOUT);

  it.each([
    { what: "a missing --to", args: ["--from", "2026-01-01"], message: "sinba export: Indica la data di fine (AAAA-MM-GG)." },
    { what: "an impossible date", args: ["--from", "2026-02-30", "--to", "2026-12-31"], message: "sinba export: La data di inizio «2026-02-30» non è valida: scrivila come AAAA-MM-GG, ad esempio 2026-01-31." },
    { what: "an unknown comune", args: ["--from", "2026-01-01", "--to", "2026-12-31", "--comune", "milano"], message: "sinba export: Comune sconosciuto: «milano»." },
    { what: "a period with no case", args: ["--from", "2020-01-01", "--to", "2020-12-31"], message: "sinba export: Nessuna cartella in carico nel periodo: non c'è nulla da inviare." },
  ])("refuses $what with one Italian line and exit 1", async ({ args, message }) => {
    const result = await runCliProcess(["sinba", "export", ...args], { env: { ...db.env, ...production } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(message);
  }, CLI_TIMEOUT);

  it("refuses to export in production without the pseudonym key", async () => {
    const result = await runCliProcess(["sinba", "export", "--from", "2026-01-01", "--to", "2026-12-31"], { env: { ...db.env, ...production, SINBA_PSEUDONYM_KEY: "" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toMatch(/^sinba export: manca SINBA_PSEUDONYM_KEY \(chiave segreta degli pseudonimi\): impostala nell'ambiente/);
  }, CLI_TIMEOUT);
});
