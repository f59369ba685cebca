import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it.each([
    ["/admin/utenti", "/admin/utenti"],
    ["/profilo?password=cambiata", "/profilo?password=cambiata"],
    [null, "/"],
    ["", "/"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["admin", "/"],
    ["/ok\nSet-Cookie: x=1", "/"],
  ])("%j → %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });
});
