import { describe, expect, it } from "vitest";
import { HISTORY_LIMIT, pushHistory, redoHistory, startHistory, undoHistory } from "./history";

describe("undo/redo history", () => {
  it("undoes and redoes in order, and a new edit drops what was undone", () => {
    let h = startHistory("a");
    h = pushHistory(pushHistory(h, "b"), "c");
    h = undoHistory(h);
    expect(h.present).toBe("b");
    h = undoHistory(undoHistory(h));
    expect(h.present).toBe("a");
    h = redoHistory(h);
    expect(h.present).toBe("b");
    h = pushHistory(h, "d");
    expect(redoHistory(h)).toBe(h);
    expect([...h.past, h.present]).toEqual(["a", "b", "d"]);
  });

  it(`remembers at most ${HISTORY_LIMIT} steps`, () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 50; i++) h = pushHistory(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(50);
  });
});
