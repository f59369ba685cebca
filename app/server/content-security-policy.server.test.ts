import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce } from "./content-security-policy.server";

function directives(policy: string) {
  return Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
}

describe("contentSecurityPolicy", () => {
  const production = directives(contentSecurityPolicy("abc123"));
  it.each([
    ["script-src", ["'self'", "'nonce-abc123'"]],
    ["style-src", ["'self'", "'nonce-abc123'"]],
    ["frame-ancestors", ["'none'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    ["default-src", ["'self'"]],
  ])("production %s is %j", (name, value) => {
    expect(production[name]).toEqual(value);
  });

  it.each([[false], [true]])("never allows eval or inline scripts (dev: %s)", (dev) => {
    const policy = contentSecurityPolicy("n", { dev });
    expect(policy).not.toContain("unsafe-eval");
    expect(directives(policy)["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});
