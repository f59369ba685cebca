import { describe, expect, it } from "vitest";
import { historyShortcut } from "./use-edit-history";

const keys = (key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean } = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, ...modifiers });

describe("historyShortcut", () => {
  it.each([
    ["Ctrl+Z", keys("z", { ctrlKey: true }), "undo"],
    ["⌘+Z", keys("z", { metaKey: true }), "undo"],
    ["Ctrl+Z with Caps Lock", keys("Z", { ctrlKey: true }), "undo"],
    ["Ctrl+Y", keys("y", { ctrlKey: true }), "redo"],
    ["Ctrl+Shift+Z", keys("Z", { ctrlKey: true, shiftKey: true }), "redo"],
    ["⌘+Shift+Z", keys("z", { metaKey: true, shiftKey: true }), "redo"],
    ["Z alone", keys("z"), undefined],
    ["Shift+Z", keys("Z", { shiftKey: true }), undefined],
    ["Ctrl+S", keys("s", { ctrlKey: true }), undefined],
  ])("%s → %s", (_, event, action) => {
    expect(historyShortcut(event)).toBe(action);
  });
});
