import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, auditActionLabel } from "./audit-labels";

const appDir = path.resolve(import.meta.dirname, "..");
/** Dotted literals that are not actions: kysely column references of the table `forms`. */
const NOT_ACTIONS = new Set(["forms.id", "forms.slug"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("audit action labels", () => {
  it("label every kind of event recorded anywhere in the app", () => {
    // recordAuditEvent's type already requires a label; this catches kinds that
    // reach it some other way (a cast, a helper typed with `string`).
    const unlabelled = new Set<string>();
    for (const file of sourceFiles(appDir)) {
      // A permission asked of the guard ("audit.read") looks like an action but is not one.
      const text = readFileSync(file, "utf8").replace(/requirePermission\([^)]*\)/g, "");
      if (!/recordAuditEvent|AuditAction/.test(text)) continue;
      const groups = Object.keys(AUDIT_ACTION_GROUPS).join("|");
      const literals = [
        ...text.matchAll(/\baction:\s*["']([a-z_]+(?:\.[a-z_]+)+)["']/g),
        ...text.matchAll(new RegExp(`["']((?:${groups})\\.[a-z_]+(?:\\.[a-z_]+)*)["']`, "g")),
      ].map((m) => m[1]!);
      for (const action of literals) {
        if (!(action in AUDIT_ACTION_LABELS) && !NOT_ACTIONS.has(action)) unlabelled.add(`${path.relative(appDir, file)}: ${action}`);
      }
    }
    // Permission names share the look of actions ("case.read" is both); policy.ts is not scanned.
    expect([...unlabelled]).toEqual([]);
  });

  it("put every kind in a group of the filter, with distinct Italian labels", () => {
    for (const action of Object.keys(AUDIT_ACTION_LABELS)) {
      expect(AUDIT_ACTION_GROUPS[action.split(".")[0]!], action).toBeDefined();
    }
    const labels = Object.values(AUDIT_ACTION_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("never shows an unknown action's code", () => {
    expect(auditActionLabel("auth.login.failed")).toBe("Accesso non riuscito");
    expect(auditActionLabel("something.old")).toBe("Altra operazione");
  });
});
