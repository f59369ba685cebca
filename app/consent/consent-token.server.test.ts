import { describe, expect, it } from "vitest";
import { consentSecretMatches, generateConsentToken, hashConsentSecret, parseConsentToken } from "./consent-token.server";

const id = "abcdefghijklmnopqrstuvwx";
const secret = "234567abcdefghijklmnopqrstuvwxyz";

describe("parseConsentToken", () => {
  it("accepts id.secret of 24 and 32 base32 characters", () => {
    expect(parseConsentToken(`${id}.${secret}`)).toEqual({ id, secret });
  });

  it("accepts a freshly generated token", () => {
    const t = generateConsentToken();
    expect(parseConsentToken(t.token)).toEqual({ id: t.id, secret: t.secret });
  });

  it.each([
    ["the empty string", ""],
    ["no dot", `${id}${secret}`],
    ["two dots", `${id}.${secret}.x`],
    ["a session-sized secret (24 characters)", `${id}.${secret.slice(8)}`],
    ["a long secret (33 characters)", `${id}.${secret}a`],
    ["upper case", `${id}.${secret.toUpperCase()}`],
    ["digits outside base32", `${id}.${"0189".repeat(8)}`],
    ["surrounding spaces", ` ${id}.${secret} `],
    ["a path", `../${id}.${secret}`],
  ])("rejects %s", (_what, token) => {
    expect(parseConsentToken(token)).toBeUndefined();
  });
});

describe("generateConsentToken", () => {
  it("carries at least 128 random bits in the secret and never repeats", () => {
    const tokens = Array.from({ length: 1000 }, () => generateConsentToken());
    for (const t of tokens) expect(t.secret.length * 5).toBeGreaterThanOrEqual(128);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1000);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(1000);
  });
});

describe("consentSecretMatches", () => {
  it("accepts the secret whose hash is stored, and nothing else", () => {
    const stored = hashConsentSecret(secret);
    expect(consentSecretMatches(stored, secret)).toBe(true);
    expect(consentSecretMatches(stored, `${secret.slice(0, -1)}a`)).toBe(false);
    expect(consentSecretMatches(stored, "")).toBe(false);
  });
});
