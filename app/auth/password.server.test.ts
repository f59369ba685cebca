import { describe, expect, it } from "vitest";
import { passwordProblem } from "./credential-rules";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server";

describe("hashPassword", () => {
  it("uses argon2id with the parameters of ADR 0004 and a fresh salt each time", async () => {
    const [a, b] = [await hashPassword("una password di prova"), await hashPassword("una password di prova")];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });
});

describe("verifyPassword", () => {
  it.each([
    ["the same password", "una password di prova", true],
    ["another case", "Una password di prova", false],
    ["a trailing space", "una password di prova ", false],
    ["the empty string", "", false],
    ["an overlong password (refused before hashing)", "x".repeat(10_000), false],
  ])("%s → %s", async (_what, password, expected) => {
    const stored = await hashPassword("una password di prova");
    expect(await verifyPassword(stored, password)).toBe(expected);
  });

  it.each([["not a hash"], [""], ["$argon2id$v=19$m=19456,t=2,p=1$broken"]])("returns false for a malformed hash %j", async (hash) => {
    expect(await verifyPassword(hash, "qualunque cosa")).toBe(false);
  });

  it("has a dummy hash with the same parameters, so unknown e-mails cost the same", async () => {
    expect(await dummyPasswordHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("passwordProblem", () => {
  it.each([
    ["11 characters", "a".repeat(11), /almeno 12/],
    ["12 characters", "a".repeat(12), undefined],
    ["a passphrase with spaces", "cavallo batteria graffetta", undefined],
    ["12 spaces", " ".repeat(12), /solo di spazi/],
    ["257 characters", "a".repeat(257), /al massimo 256/],
  ])("%s", (_what, password, expected) => {
    const problem = passwordProblem(password);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});
