import { describe, expect, it } from "vitest";
import { appOrigin, verifyRequestOrigin } from "./origin.server";

const expected = "https://schedario.ambitoseregno.it";

function request(method: string, headers: Record<string, string>) {
  return new Request("https://schedario.ambitoseregno.it/x", { method, headers });
}

describe("verifyRequestOrigin", () => {
  it.each([
    ["GET from anywhere", "GET", { Origin: "https://evil.example" }],
    ["HEAD without headers", "HEAD", {}],
    ["POST from our origin", "POST", { Origin: expected }],
    ["DELETE from our origin", "DELETE", { Origin: expected }],
    ["POST without Origin but Sec-Fetch-Site same-origin", "POST", { "Sec-Fetch-Site": "same-origin" }],
  ])("accepts %s", (_what, method, headers) => {
    expect(verifyRequestOrigin(request(method, headers), expected)).toBe(true);
  });

  it.each([
    ["POST from another site", "POST", { Origin: "https://evil.example" }],
    ["POST from a sibling subdomain", "POST", { Origin: "https://evil.ambitoseregno.it" }],
    ["POST over http instead of https", "POST", { Origin: "http://schedario.ambitoseregno.it" }],
    ["POST from another port", "POST", { Origin: "https://schedario.ambitoseregno.it:8443" }],
    ["POST with Origin null (sandboxed frame)", "POST", { Origin: "null" }],
    ["POST with our origin plus a path", "POST", { Origin: `${expected}/` }],
    ["POST without Origin or Sec-Fetch-Site", "POST", {}],
    ["POST with Sec-Fetch-Site same-site", "POST", { "Sec-Fetch-Site": "same-site" }],
    ["POST with Sec-Fetch-Site cross-site", "POST", { "Sec-Fetch-Site": "cross-site" }],
    [
      "a foreign Origin even with Sec-Fetch-Site same-origin",
      "POST",
      { Origin: "https://evil.example", "Sec-Fetch-Site": "same-origin" },
    ],
    ["PUT from another site", "PUT", { Origin: "https://evil.example" }],
    ["PATCH without headers", "PATCH", {}],
  ])("rejects %s", (_what, method, headers) => {
    expect(verifyRequestOrigin(request(method, headers), expected)).toBe(false);
  });
});

describe("appOrigin", () => {
  it.each([
    [{}, "http://localhost:3000"],
    [{ PORT: "8080" }, "http://localhost:8080"],
    [{ APP_ORIGIN: "https://schedario.example/", PORT: "8080" }, "https://schedario.example"],
    [{ APP_ORIGIN: "https://schedario.example:443/base" }, "https://schedario.example"],
  ])("%j → %s", (env, origin) => {
    expect(appOrigin(env)).toBe(origin);
  });
});
