import { describe, expect, it } from "vitest";
import { leavesWithUnsavedChanges } from "./use-unsaved-changes-guard";

const navigation = (from: string, to: string) => ({ currentLocation: { pathname: from }, nextLocation: { pathname: to } });

describe("leavesWithUnsavedChanges", () => {
  it.each([
    ["unsaved, to another page", true, navigation("/admin/moduli/prova/bozza", "/admin/moduli/prova"), true],
    ["unsaved, same page (a query string or hash changes)", true, navigation("/admin/moduli/prova/bozza", "/admin/moduli/prova/bozza"), false],
    ["all saved, to another page", false, navigation("/admin/moduli/prova/bozza", "/admin/moduli"), false],
  ])("%s → %s", (_, dirty, to, blocked) => {
    expect(leavesWithUnsavedChanges(dirty, to)).toBe(blocked);
  });
});
