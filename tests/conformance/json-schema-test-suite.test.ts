/**
 * The official JSON Schema Test Suite (draft-07) run through Schedario's own
 * validator configuration: `createAjv()` from app/forms/validation/create-ajv.ts, the
 * factory the server and lint use (ADR 0003).
 *
 * The suite is not part of this repository and not installable from npm (ADR 0003,
 * "Conformance suite not run"); the test looks for a checkout's `tests/draft7` in
 *   1. the JSON_SCHEMA_TEST_SUITE_DIR environment variable, else
 *   2. ../shared/json-schema-test-suite/tests/draft7, beside the repository root.
 * With neither, everything here is skipped with a message saying how to provide it.
 *
 * Every case of the required files (top level of draft7) is one vitest test, named
 * `file › group › case`. Groups Schedario refuses at compile time on purpose are
 * listed in `skippedGroups` with their reason; known failures (ADR 0003) are not
 * skipped: they run, count as failed in the summary, and are listed in
 * `knownFailures` with their reason (a listed case that starts passing fails,
 * so the list stays exact; an unlisted failing case fails by name). The last test prints the summary and asserts that at
 * least 99% of the required tests run pass. `optional/` is run and reported only.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { createAjv } from "~/forms/validation/create-ajv";

interface SuiteCase {
  description: string;
  data: unknown;
  valid: boolean;
}

interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: SuiteCase[];
}

const REQUIRED_RATIO = 0.99;

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const envDir = process.env.JSON_SCHEMA_TEST_SUITE_DIR;
const sharedDir = resolve(repoRoot, "../shared/json-schema-test-suite/tests/draft7");
const suiteDir = envDir ? resolve(envDir) : existsSync(sharedDir) ? sharedDir : undefined;

const howToProvide =
  "set JSON_SCHEMA_TEST_SUITE_DIR to a checkout's tests/draft7 " +
  "(https://github.com/json-schema-org/JSON-Schema-Test-Suite), " +
  `or place the suite at ${relative(repoRoot, sharedDir)}`;

/** Why a group is skipped, and the compile error that proves the reason still holds. */
interface SkipReason {
  reason: string;
  compileError: RegExp;
}

const remoteRefs: SkipReason = {
  reason:
    "remote references deliberately refused: Schedario's ajv loads no schema from the network " +
    "(no loadSchema) and lint accepts local $refs only",
  compileError: /^can't resolve reference /,
};

const strictMode: SkipReason = {
  reason:
    "strict mode refuses keywords that have no effect here; in a form they are typos (ADR 0003)",
  compileError: /^strict mode: /,
};

const missingFormat = (format: string): SkipReason => ({
  reason: `format "${format}" is not provided by ajv-formats; strict mode refuses unknown formats`,
  compileError: new RegExp(`^unknown format "${format}" ignored`),
});

/**
 * Groups Schedario refuses to compile, by file and group description
 * (`"*"`: every group of the file). Only compile-time refusals belong here:
 * the "skip list is accurate" test checks each one is still refused with the
 * expected error, so a skip can never hide a wrong validation result.
 */
const skippedGroups: Record<string, Record<string, SkipReason>> = {
  "refRemote.json": { "*": remoteRefs },
  "additionalItems.json": {
    "when items is schema, additionalItems does nothing": strictMode,
    "when items is schema, boolean additionalItems does nothing": strictMode,
    "additionalItems as false without items": strictMode,
    "additionalItems with null instance elements": strictMode,
  },
  "if-then-else.json": {
    "ignore if without then or else": strictMode,
    "ignore then without if": strictMode,
    "ignore else without if": strictMode,
    "non-interference across combined schemas": strictMode,
  },
  "ref.json": {
    "ref to if": strictMode,
    "ref to then": strictMode,
    "ref to else": strictMode,
  },
  "format.json": {
    "idn-email format": missingFormat("idn-email"),
    "idn-hostname format": missingFormat("idn-hostname"),
    "iri format": missingFormat("iri"),
    "iri-reference format": missingFormat("iri-reference"),
  },
};

const refSibling =
  "ajv applies keywords beside $ref (draft-07 ignores them); lint refuses them in forms, so no stored form depends on it";

/** Cases Schedario's validator gets wrong, by file › group › case, with the reason (ADR 0003). */
const knownFailures: Record<string, string> = {
  "ref.json › ref overrides any sibling keywords › ref valid, maxItems ignored": refSibling,
  "ref.json › $ref prevents a sibling $id from changing the base uri › $ref resolves to /definitions/base_foo, data does not validate": refSibling,
  "ref.json › $ref prevents a sibling $id from changing the base uri › $ref resolves to /definitions/base_foo, data validates": refSibling,
  "properties.json › properties whose names are Javascript object property names › __proto__ not valid":
    "ajv reads data.__proto__, which is the prototype, not the JSON key",
  "multipleOf.json › float division = inf › always invalid, but naive implementations may raise an overflow error":
    "multipleOfPrecision: 8 (kept so that multipleOf 0.1 accepts 0.3, as rjsf does) turns Infinity into NaN, which passes",
};

function skipReasonOf(file: string, group: string): SkipReason | undefined {
  const entries = skippedGroups[file];
  return entries?.[group] ?? entries?.["*"];
}

function readGroups(path: string): SuiteGroup[] {
  return JSON.parse(readFileSync(path, "utf8")) as SuiteGroup[];
}

/** A fresh instance per group, as the server uses one per form version: `$id`s never clash. */
function compile(schema: unknown): ValidateFunction {
  return createAjv().compile(schema as object);
}

function compileError(schema: unknown): string | undefined {
  try {
    compile(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`;
}

if (!suiteDir) {
  const message = `JSON Schema Test Suite draft7 not found: ${howToProvide}`;
  console.log(`${message} — conformance tests skipped.`);
  describe.skip(`JSON Schema Test Suite draft7 (${message})`, () => {
    it("runs the draft7 suite through createAjv()", () => {});
  });
} else if (!existsSync(join(suiteDir, "type.json"))) {
  // An explicit JSON_SCHEMA_TEST_SUITE_DIR that is wrong is a mistake to report, not a skip.
  describe("JSON Schema Test Suite draft7", () => {
    it("finds the suite", () => {
      throw new Error(`${suiteDir} does not look like a checkout's tests/draft7 (no type.json): ${howToProvide}`);
    });
  });
} else {
  defineSuite(suiteDir);
}

function defineSuite(draft7: string): void {
  const requiredFiles = readdirSync(draft7)
    .filter((name) => name.endsWith(".json"))
    .sort();
  const tally = { passed: 0, failed: 0, skipped: 0 };
  const skipped: { file: string; group: string; cases: number; reason: string }[] = [];
  const knownFailed: string[] = [];
  let runnable = 0;

  describe("JSON Schema Test Suite draft7 (required)", () => {
    for (const file of requiredFiles) {
      describe(file, () => {
        for (const group of readGroups(join(draft7, file))) {
          const skip = skipReasonOf(file, group.description);
          if (skip) {
            tally.skipped += group.tests.length;
            skipped.push({ file, group: group.description, cases: group.tests.length, reason: skip.reason });
            describe.skip(`${group.description} [skipped: ${skip.reason}]`, () => {
              for (const suiteCase of group.tests) it(suiteCase.description, () => {});
            });
            continue;
          }
          runnable += group.tests.length;
          describe(group.description, () => {
            let validate: ValidateFunction | undefined;
            for (const suiteCase of group.tests) {
              const name = `${file} › ${group.description} › ${suiteCase.description}`;
              const knownFailure = knownFailures[name];
              it(knownFailure ? `${suiteCase.description} [known failure: ${knownFailure}]` : suiteCase.description, () => {
                let outcome: boolean | Error;
                try {
                  validate ??= compile(group.schema);
                  outcome = validate(suiteCase.data) === suiteCase.valid;
                } catch (error) {
                  outcome = error instanceof Error ? error : new Error(String(error));
                }
                if (outcome === true) tally.passed += 1;
                else tally.failed += 1;
                if (knownFailure) {
                  knownFailed.push(`${name}: ${knownFailure}`);
                  expect(outcome, "listed as a known failure but passes now: remove it from knownFailures").not.toBe(true);
                  return;
                }
                if (outcome instanceof Error) throw outcome;
                expect(outcome, `expected ${suiteCase.valid ? "valid" : "invalid"}`).toBe(true);
              });
            }
          });
        }
      });
    }

    it("the skip list is accurate: every listed group exists and is still refused at compile time", () => {
      const problems: string[] = [];
      for (const [file, groups] of Object.entries(skippedGroups)) {
        const path = join(draft7, file);
        const suiteGroups = existsSync(path) ? readGroups(path) : [];
        for (const [name, skip] of Object.entries(groups)) {
          const matching = suiteGroups.filter((group) => name === "*" || group.description === name);
          if (matching.length === 0) problems.push(`${file} › ${name}: no such group in the suite`);
          for (const group of matching) {
            const error = compileError(group.schema);
            if (!error) problems.push(`${file} › ${group.description}: now compiles, run it instead of skipping it`);
            else if (!skip.compileError.test(error))
              problems.push(`${file} › ${group.description}: refused for another reason: ${error}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it(`passes at least ${percent(REQUIRED_RATIO)} of the required tests it runs`, () => {
      const run = tally.passed + tally.failed;
      const ratio = run === 0 ? 0 : tally.passed / run;
      const lines = [
        `JSON Schema Test Suite draft7: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped (${percent(ratio)} of run tests)`,
        `Skipped groups (${skipped.length}):`,
        ...skipped.map((entry) => `  - ${entry.file} › ${entry.group} (${entry.cases}): ${entry.reason}`),
        `Known failures (${knownFailed.length}):`,
        ...knownFailed.map((entry) => `  - ${entry}`),
      ];
      console.log(lines.join("\n"));
      expect(run, "every required case must run (do not filter this file with -t)").toBe(runnable);
      expect(ratio).toBeGreaterThanOrEqual(REQUIRED_RATIO);
    });
  });

  describe("JSON Schema Test Suite draft7 (optional/, reported only)", () => {
    it("reports optional/ results, not counted toward the required ratio", () => {
      const optionalDir = join(draft7, "optional");
      const files = existsSync(optionalDir)
        ? readdirSync(optionalDir, { recursive: true })
            .map(String)
            .filter((name) => name.endsWith(".json"))
            .sort()
        : [];
      const optional = { passed: 0, failed: 0, refused: 0 };
      const notes: string[] = [];
      for (const file of files) {
        for (const group of readGroups(join(optionalDir, file))) {
          let validate: ValidateFunction;
          try {
            validate = compile(group.schema);
          } catch (error) {
            optional.refused += group.tests.length;
            notes.push(`  - refused: ${file} › ${group.description} (${group.tests.length}): ${(error as Error).message}`);
            continue;
          }
          const failures = group.tests.filter((suiteCase) => {
            try {
              return validate(suiteCase.data) !== suiteCase.valid;
            } catch {
              return true;
            }
          });
          optional.passed += group.tests.length - failures.length;
          optional.failed += failures.length;
          for (const suiteCase of failures)
            notes.push(`  - failed: ${file} › ${group.description} › ${suiteCase.description}`);
        }
      }
      console.log(
        [
          `JSON Schema Test Suite draft7 optional/ (not counted): ${optional.passed} passed, ` +
            `${optional.failed} failed, ${optional.refused} refused at compile time`,
          ...notes,
        ].join("\n"),
      );
    });
  });
}
