import { describe, expect, it } from "vitest";
import { shareUnchanged } from "./share-unchanged";

describe("shareUnchanged", () => {
  it("keeps the previous objects of unchanged parts and the new ones along the changed path", () => {
    const prev = { a: { x: 1 }, rows: [{ n: "A" }, { n: "B" }], b: {} };
    const next = { a: { x: 1 }, rows: [{ n: "A" }, { n: "Bo" }], b: {} };
    const shared = shareUnchanged(prev, next);
    expect(shared).toEqual(next);
    expect(shared.a).toBe(prev.a);
    expect(shared.b).toBe(prev.b);
    expect(shared.rows[0]).toBe(prev.rows[0]);
    expect(shared.rows[1]).toEqual({ n: "Bo" });
    expect(shared.rows).not.toBe(prev.rows);
    expect(shared).not.toBe(prev);
  });

  it("returns the previous value when nothing changed", () => {
    const prev = { a: [1, 2], b: { c: "x" } };
    expect(shareUnchanged(prev, structuredClone(prev))).toBe(prev);
  });

  it("sees added, removed and undefined keys, and rows added or removed, as changes", () => {
    expect(shareUnchanged({ a: 1 }, { a: 1, b: undefined })).toEqual({ a: 1, b: undefined });
    expect(shareUnchanged({ a: 1, b: undefined }, { a: 1 })).toEqual({ a: 1 });
    expect(Object.keys(shareUnchanged({ a: 1, b: undefined }, { a: 1 }))).toEqual(["a"]);
    const prev = { rows: [{ n: "A" }] };
    const next = { rows: [{ n: "A" }, { n: "B" }] };
    const shared = shareUnchanged(prev, next);
    expect(shared.rows).toEqual(next.rows);
    expect(shared.rows[0]).toBe(prev.rows[0]);
    expect(shareUnchanged([1, 2], [1])).toEqual([1]);
  });

  it("never shares across types", () => {
    expect(shareUnchanged({ 0: "a" }, ["a"])).toEqual(["a"]);
    expect(shareUnchanged(["a"], { 0: "a" })).toEqual({ 0: "a" });
    expect(shareUnchanged({ a: null }, { a: {} })).toEqual({ a: {} });
    const date = new Date(0);
    expect(shareUnchanged(new Date(0), date)).toBe(date);
  });
});
