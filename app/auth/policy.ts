/**
 * Who may do what, where (DESIGN §7). The one place that maps role × action
 * × scope to a decision; every loader, action and API handler asks it first
 * (through guard.server.ts). Pure and shared with the browser, which uses it
 * only to decide which links to show — the server decides again.
 */

import { ROLES, type Role } from "~/db/schema";

export { ROLES, type Role };

/** Italian names of the roles, for pages. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Amministratore",
  coordinator: "Coordinatore",
  worker: "Operatore",
  viewer: "Consultazione",
};

/** One membership: a role in a service (null: the whole Ambito, admin only) and a comune (null: all). */
export interface Membership {
  id: number;
  role: Role;
  service: string | null;
  comune: string | null;
}

/**
 * Every action the application checks. `scoped` actions concern data that
 * belongs to a service (and maybe a comune): a caller may hold the role yet
 * not cover the target, and then the answer is 404, never a hint that it exists.
 */
export const PERMISSIONS = {
  /** Create and disable users, add and remove memberships. */
  "user.manage": { roles: ["admin"], scoped: false },
  /** Browse and export the audit trail. */
  "audit.read": { roles: ["admin"], scoped: false },
  /** Design and publish forms. */
  "form.design": { roles: ["admin"], scoped: false },
  /** See the forms offered to a service and their published versions (not case data). */
  "form.read": { roles: ["admin", "coordinator", "worker", "viewer"], scoped: true },
  /** See who works in a service (and comune). */
  "team.read": { roles: ["admin", "coordinator", "worker", "viewer"], scoped: true },
  /** Read cases and submissions. Admin reads case data only through audited tools, not through this. */
  "case.read": { roles: ["coordinator", "worker", "viewer"], scoped: true },
  /** Create and edit cases, submissions and consent requests. */
  "case.write": { roles: ["worker"], scoped: true },
  /** Declare reports over a form's field and preview their figures over the whole Ambito (audited: ADR 0027). */
  "report.design": { roles: ["admin"], scoped: false },
  /** Reports and exports of a service. */
  "report.read": { roles: ["coordinator"], scoped: true },
  /** Retention of a service's closed cases: legal holds, proposing the deletion of a due case (ADR 0024). */
  "retention.manage": { roles: ["coordinator"], scoped: true },
  /** Confirming or rejecting a deletion proposed by someone else (the second person, ADR 0024). */
  "retention.confirm": { roles: ["admin"], scoped: false },
  /** How long each service's closed cases are kept: the retention rules (ADR 0024). */
  "retention.rules": { roles: ["admin"], scoped: false },
  /** The statutory SINBA flow to INPS and its pre-flight check (pseudonymous, audited: ADR 0015). */
  "sinba.export": { roles: ["admin", "coordinator"], scoped: true },
} as const satisfies Record<string, { roles: readonly Role[]; scoped: boolean }>;

export type Action = keyof typeof PERMISSIONS;

/** What a scoped action is about: a service and, for territorial data, a comune. */
export interface ScopeTarget {
  service: string;
  /** Omitted: anything in the service the caller covers (e.g. a list). */
  comune?: string | null;
}

/** allow · forbidden (403: the role may never do this) · not-found (404: outside the caller's scope). */
export type Decision = "allow" | "forbidden" | "not-found";

/** One (service, comune) pair where the caller may do an action; null means "every". */
export interface Grant {
  service: string | null;
  comune: string | null;
}

declare const scopeBrand: unique symbol;
/**
 * Where a caller may perform one action. Only `scopeFor` makes one, so a
 * query function that takes a Scope cannot be called without asking the policy.
 */
export interface Scope {
  readonly action: Action;
  readonly grants: readonly Grant[];
  readonly [scopeBrand]: true;
}

function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action].roles;
}

/** The caller's scope for an action: the memberships whose role allows it. */
export function scopeFor(memberships: readonly Membership[], action: Action): Scope {
  const grants = memberships
    .filter((m) => rolesFor(action).includes(m.role))
    .map((m) => ({ service: m.service, comune: m.comune }));
  return { action, grants } as unknown as Scope;
}

/** Whether a scope covers a target (a service-wide target is covered by any grant in that service). */
export function scopeCovers(scope: Scope, target: ScopeTarget): boolean {
  return scope.grants.some(
    (g) =>
      (g.service === null || g.service === target.service) &&
      (target.comune === undefined || g.comune === null || g.comune === target.comune)
  );
}

/** The policy decision for an action, on a target when the action is scoped. */
export function decide(memberships: readonly Membership[], action: Action, target?: ScopeTarget): Decision {
  const scope = scopeFor(memberships, action);
  if (scope.grants.length === 0) return "forbidden";
  if (!PERMISSIONS[action].scoped) return "allow";
  if (!target) throw new Error(`policy: "${action}" is scoped and needs a target`);
  return scopeCovers(scope, target) ? "allow" : "not-found";
}

/** Whether the caller may do the action somewhere (for showing links). */
export function canSomewhere(memberships: readonly Membership[], action: Action): boolean {
  return scopeFor(memberships, action).grants.length > 0;
}
