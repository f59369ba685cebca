import { describe, expect, it } from "vitest";
import { saveOutcome } from "./use-draft-save";

describe("saveOutcome", () => {
  it("a saved draft: success, and the new content hash to compare the next changes with", () => {
    expect(saveOutcome({ saved: true, contentHash: "h2" })).toEqual({ notice: { kind: "success", text: "Bozza salvata." }, savedHash: "h2" });
  });

  it("a conflict keeps the changes and offers to overwrite the hash now saved", () => {
    expect(saveOutcome({ conflict: true, currentHash: "h3", error: "conflitto" })).toEqual({
      notice: {
        kind: "conflict",
        currentHash: "h3",
        text: "Un'altra persona ha salvato questa bozza dopo che l'hai aperta. Le tue modifiche sono ancora qui, non salvate.",
      },
    });
  });

  it("lint problems are listed with their pointers (the root as /)", () => {
    const problems = [
      { source: "schema" as const, path: "/properties/nome", message: "manca il titolo" },
      { source: "schema" as const, path: "", message: "manca type" },
    ];
    expect(saveOutcome({ error: "il modulo ha 2 problemi", problems })).toEqual({
      notice: { kind: "error", text: "Bozza non salvata: il modulo ha 2 problemi (/properties/nome: manca il titolo; /: manca type)." },
    });
  });

  it("any other refusal says why", () => {
    expect(saveOutcome({ error: "la bozza non esiste più" })).toEqual({ notice: { kind: "error", text: "Bozza non salvata: la bozza non esiste più." } });
  });
});
