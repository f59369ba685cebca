import type { SeedStep } from "./seed-step";
import type { MembershipInput } from "~/auth/memberships.server";
import { createUser, findUserForLogin } from "~/auth/users.server";

/** The one password of every demo user (demo mode only; README-AUTH.md). */
export const DEMO_PASSWORD = "schedario-demo-2026";

/** DESIGN §6: one admin, one coordinator, workers in two services and two comuni, a viewer. */
export const DEMO_USERS: { email: string; displayName: string; membership: MembershipInput }[] = [
  { email: "admin@demo.schedario.it", displayName: "Anna Amministratrice", membership: { role: "admin" } },
  {
    email: "coordinatore@demo.schedario.it",
    displayName: "Carlo Coordinatore",
    membership: { role: "coordinator", service: "tutela-minori" },
  },
  {
    email: "operatore.seregno@demo.schedario.it",
    displayName: "Sara Operatrice (Seregno)",
    membership: { role: "worker", service: "tutela-minori", comune: "seregno" },
  },
  {
    email: "operatore.meda@demo.schedario.it",
    displayName: "Marco Operatore (Meda)",
    membership: { role: "worker", service: "tutela-minori", comune: "meda" },
  },
  {
    email: "operatore.affidi@demo.schedario.it",
    displayName: "Giulia Operatrice (Affidi)",
    membership: { role: "worker", service: "affidi" },
  },
  {
    email: "consultazione@demo.schedario.it",
    displayName: "Vera Consultazione",
    membership: { role: "viewer", service: "tutela-minori", comune: "giussano" },
  },
];

/** Creates the demo users that do not exist yet (by e-mail), so running it twice changes nothing. */
export const demoUsersSeedStep: SeedStep = {
  name: "demo users",
  async run(db) {
    let created = 0;
    for (const user of DEMO_USERS) {
      if (await findUserForLogin(db, user.email)) continue;
      await createUser(db, { ...user, password: DEMO_PASSWORD }, { actor: { kind: "system" } });
      created++;
    }
    return [
      `${created} created, ${
        DEMO_USERS.length - created
      } already there; every demo user's password is "${DEMO_PASSWORD}"`,
    ];
  },
};
