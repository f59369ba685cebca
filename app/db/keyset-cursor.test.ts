import { describe, expect, it } from "vitest";
import { decodeKeysetCursor, encodeKeysetCursor } from "./keyset-cursor";

describe("keyset cursors", () => {
  it("round-trips an id", () => {
    expect(decodeKeysetCursor(encodeKeysetCursor(4711))).toBe(4711);
  });

  it.each(["", "not-base64!", Buffer.from("[]").toString("base64url"), Buffer.from('{"before":"3"}').toString("base64url"), Buffer.from('{"before":1.5}').toString("base64url")])(
    "refuses %j",
    (cursor) => {
      expect(decodeKeysetCursor(cursor)).toBeUndefined();
    }
  );
});
