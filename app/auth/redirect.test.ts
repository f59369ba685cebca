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
    ["/\t/evil.example", "/"],
    // Percent-encoded as a Location header must be: non-ASCII never leaves as raw bytes.
    ["/%EF%BC%85", "/%EF%BC%85"],
    ["/\uFF05", "/%EF%BC%85"],
    ["/schede?comune=città#sezione-è", "/schede?comune=citt%C3%A0#sezione-%C3%A8"],
    ["/a b", "/a%20b"],
  ])("%j → %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
    // What a Response may carry as a header (ByteString, no raw bytes over 0x7f).
    expect(new Headers({ Location: safeRedirect(to) }).get("Location")).toMatch(/^[\x21-\x7e]+$/);
  });
});
