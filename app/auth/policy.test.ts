import { describe, expect, it } from "vitest";
import { decide, scopeCovers, scopeFor, type Membership, type Role } from "./policy";

let nextId = 1;
const m = (role: Role, service: string | null = null, comune: string | null = null): Membership => ({
  id: nextId++,
  role,
  service,
  comune,
});

const admin = [m("admin")];
const coordinator = [m("coordinator", "tutela-minori")];
const workerSeregno = [m("worker", "tutela-minori", "seregno")];
const viewerMeda = [m("viewer", "tutela-minori", "meda")];
const workerTwoPlaces = [m("worker", "tutela-minori", "seregno"), m("viewer", "affidi")];
const nobody: Membership[] = [];

const tm = (comune?: string | null) => ({ service: "tutela-minori", ...(comune !== undefined ? { comune } : {}) });

describe("decide: role × action × scope (DESIGN §7)", () => {
  it.each([
    // Unscoped actions: admin only.
    ["admin", admin, "user.manage", undefined, "allow"],
    ["coordinator", coordinator, "user.manage", undefined, "forbidden"],
    ["worker", workerSeregno, "audit.read", undefined, "forbidden"],
    ["admin", admin, "audit.read", undefined, "allow"],
    ["admin", admin, "form.design", undefined, "allow"],
    ["viewer", viewerMeda, "form.design", undefined, "forbidden"],
    // Form definitions are not case data: every role reads those of its services.
    ["admin reads any service's forms", admin, "form.read", { service: "affidi" }, "allow"],
    ["viewer reads own service's forms", viewerMeda, "form.read", tm(), "allow"],
    ["worker, another service's forms", workerSeregno, "form.read", { service: "affidi" }, "not-found"],
    ["no memberships, forms", nobody, "form.read", tm(), "forbidden"],
    ["no memberships", nobody, "team.read", tm(), "forbidden"],
    // Case data: admin reads it only through audited tools, never through case.read.
    ["admin", admin, "case.read", tm("seregno"), "forbidden"],
    ["coordinator, any comune of the service", coordinator, "case.read", tm("giussano"), "allow"],
    ["coordinator, another service", coordinator, "case.read", { service: "affidi", comune: null }, "not-found"],
    ["worker, own comune", workerSeregno, "case.read", tm("seregno"), "allow"],
    ["worker, another comune", workerSeregno, "case.read", tm("meda"), "not-found"],
    ["worker, a service-wide record", workerSeregno, "case.read", tm(null), "not-found"],
    ["worker writes in own comune", workerSeregno, "case.write", tm("seregno"), "allow"],
    ["worker writes in another comune", workerSeregno, "case.write", tm("meda"), "not-found"],
    ["viewer reads own comune", viewerMeda, "case.read", tm("meda"), "allow"],
    ["viewer never writes", viewerMeda, "case.write", tm("meda"), "forbidden"],
    ["coordinator never writes", coordinator, "case.write", tm("seregno"), "forbidden"],
    ["coordinator reports", coordinator, "report.read", tm(), "allow"],
    ["worker has no reports", workerSeregno, "report.read", tm(), "forbidden"],
    ["admin designs reports", admin, "report.design", undefined, "allow"],
    ["coordinator does not design reports", coordinator, "report.design", undefined, "forbidden"],
    // Retention (ADR 0024): the coordinator proposes within the service, an admin confirms.
    ["coordinator manages retention of the service", coordinator, "retention.manage", tm("meda"), "allow"],
    ["coordinator, retention of another service", coordinator, "retention.manage", { service: "affidi", comune: null }, "not-found"],
    ["worker never manages retention", workerSeregno, "retention.manage", tm("seregno"), "forbidden"],
    ["admin never proposes", admin, "retention.manage", tm("seregno"), "forbidden"],
    ["admin confirms deletions", admin, "retention.confirm", undefined, "allow"],
    ["coordinator never confirms", coordinator, "retention.confirm", undefined, "forbidden"],
    // A role counts only where it is held.
    ["worker+viewer writes where a worker", workerTwoPlaces, "case.write", tm("seregno"), "allow"],
    [
      "worker+viewer writes where only a viewer",
      workerTwoPlaces,
      "case.write",
      { service: "affidi", comune: null },
      "not-found",
    ],
    ["worker+viewer reads where a viewer", workerTwoPlaces, "case.read", { service: "affidi", comune: null }, "allow"],
    // Lists of a service: any grant in the service covers it.
    ["worker lists own service", workerSeregno, "team.read", tm(), "allow"],
    ["worker lists another service", workerSeregno, "team.read", { service: "affidi" }, "not-found"],
    ["admin lists any service", admin, "team.read", { service: "affidi" }, "allow"],
  ] as const)("%s: %s on %j → %s", (_who, memberships, action, target, expected) => {
    expect(decide(memberships, action, target)).toBe(expected);
  });

  it("refuses to decide a scoped action without a target (a programming error, not a 403)", () => {
    expect(() => decide(workerSeregno, "case.read")).toThrow(/scoped and needs a target/);
  });
});

describe("scopeFor / scopeCovers", () => {
  it("keeps only the memberships whose role allows the action", () => {
    expect(scopeFor(workerTwoPlaces, "case.write").grants).toEqual([{ service: "tutela-minori", comune: "seregno" }]);
    expect(scopeFor(workerTwoPlaces, "case.read").grants).toHaveLength(2);
    expect(scopeFor(admin, "case.read").grants).toEqual([]);
  });
  it.each([
    [{ service: "tutela-minori", comune: "seregno" }, true],
    [{ service: "tutela-minori", comune: "meda" }, false],
    [{ service: "tutela-minori" }, true],
    [{ service: "affidi" }, false],
  ])("worker in Seregno covers %j → %s", (target, expected) => {
    expect(scopeCovers(scopeFor(workerSeregno, "case.read"), target)).toBe(expected);
  });
});
