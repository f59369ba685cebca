import { describe, expect, it } from "vitest";
import { generateSecretToken, hashSecret, parseSecretToken, secretMatches } from "./secret-token.server";

const id = "abcdefghijklmnopqrstuvwx";
const secret = "234567abcdefghijklmnopqr";

describe("parseSecretToken", () => {
  it("accepts id.secret of 24 base32 characters each", () => {
    expect(parseSecretToken(`${id}.${secret}`)).toEqual({ id, secret });
  });

  it("accepts a freshly generated token", () => {
    const generated = generateSecretToken();
    expect(parseSecretToken(generated.token)).toEqual({ id: generated.id, secret: generated.secret });
  });

  it.each([
    ["the empty string", ""],
    ["no dot", `${id}${secret}`],
    ["two dots", `${id}.${secret}.x`],
    ["an empty secret", `${id}.`],
    ["an empty id", `.${secret}`],
    ["a short secret (23 characters)", `${id}.${secret.slice(1)}`],
    ["a long secret (25 characters)", `${id}.${secret}a`],
    ["upper case", `${id.toUpperCase()}.${secret}`],
    ["digits outside base32 (0, 1, 8, 9)", `${id}.${"0189".repeat(6)}`],
    ["padding", `${id}.${secret.slice(0, 22)}==`],
    ["surrounding spaces", ` ${id}.${secret} `],
    ["SQL in the id", `' or 1=1 --aaaaaaaaaaaaa.${secret}`],
    ["a JWT-looking string", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"],
  ])("rejects %s", (_what, token) => {
    expect(parseSecretToken(token)).toBeUndefined();
  });
});

describe("generateSecretToken", () => {
  it("carries 120 random bits in each half and never repeats", () => {
    const tokens = Array.from({ length: 1000 }, () => generateSecretToken());
    for (const t of tokens) {
      // 24 base32 characters × 5 bits = 120 bits.
      expect(t.id).toMatch(/^[a-z2-7]{24}$/);
      expect(t.secret).toMatch(/^[a-z2-7]{24}$/);
      expect(t.token).toBe(`${t.id}.${t.secret}`);
    }
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(1000);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(1000);
  });
});

describe("secretMatches (constant-time comparison of SHA-256 hashes)", () => {
  const stored = hashSecret(secret);
  it("stores a 32-byte SHA-256, not the secret", () => {
    expect(stored).toHaveLength(32);
    expect(Buffer.from(stored).toString("utf8")).not.toContain(secret);
  });
  it.each([
    ["the same secret", secret, true],
    ["one character changed", `${secret.slice(0, -1)}a`, false],
    ["the id instead of the secret", id, false],
    ["the empty string", "", false],
  ])("%s → %s", (_what, presented, expected) => {
    expect(secretMatches(stored, presented)).toBe(expected);
  });
  it("accepts a stored hash as a Node Buffer (what pg returns for bytea)", () => {
    expect(secretMatches(Buffer.from(stored), secret)).toBe(true);
  });
});
