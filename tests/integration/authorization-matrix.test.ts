import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { createTestCase } from "../support/cases";
import { createTestUser } from "../support/factories";
import { createPublishedForm, simpleSchema } from "../support/forms";
import { TEST_ORIGIN, callRoute, formPost, useDatabaseForRoutes } from "../support/routes";
import { createTestSubmission } from "../support/submissions";
import { createConsentRequest } from "../../app/consent/consent-requests.server";
import { scopeFor } from "../../app/auth/policy";
import { publishBuiltinConsentForm } from "../support/consent";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Every route module × every handler it exports × every kind of caller,
 * against the statuses DESIGN §4 and §7 call for. The route list comes from
 * the routes folder itself: a new route without an entry in ACCESS fails
 * the first test, so nobody can add a page or endpoint without deciding who
 * may use it.
 */

const routeModules = {
  ...import.meta.glob<Record<string, unknown>>("../../app/root.tsx", { eager: true }),
  ...import.meta.glob<Record<string, unknown>>("../../app/routes/*.{ts,tsx}", { eager: true }),
};
const routes = Object.fromEntries(
  Object.entries(routeModules).map(([file, module]) => [
    file.includes("/routes/") ? path.basename(file).replace(/\.tsx?$/, "") : "root",
    module,
  ])
);

type Caller = "anonymous" | "none" | "admin" | "coordinator" | "worker" | "viewer";
const CALLERS: Caller[] = ["anonymous", "none", "admin", "coordinator", "worker", "viewer"];
/** 302 to /login?redirectTo=… (pages ask anonymous callers to sign in). */
const LOGIN = "login" as const;
type Outcome = number | typeof LOGIN;
type Expectation = Record<Caller, Outcome>;

const all = (outcome: Outcome): Expectation => Object.fromEntries(CALLERS.map((c) => [c, outcome])) as Expectation;
const signedIn = (outcome: Outcome, anonymous: Outcome = LOGIN): Expectation => ({ ...all(outcome), anonymous });
const adminOnly = (outcome: Outcome): Expectation => ({ ...all(403), anonymous: LOGIN, admin: outcome });
/** Case data over the API: coordinator, worker and viewer; admin reads it only through audited tools. */
const caseReaders = (outcome: Outcome): Expectation => ({ ...all(outcome), anonymous: 401, none: 403, admin: 403 });
/** Case data on pages: the same readers; anonymous callers are sent to sign in. */
const casePageReaders = (outcome: Outcome): Expectation => ({ ...all(outcome), anonymous: LOGIN, none: 403, admin: 403 });
/** Pages that change case data: workers only. */
const caseWriters = (outcome: Outcome): Expectation => ({ ...all(403), anonymous: LOGIN, worker: outcome });

interface HandlerAccess {
  path: string;
  params?: Record<string, string>;
  /** Public handlers are listed as such on purpose, never by omission. */
  public?: true;
  expect: Expectation;
  /** For scoped routes: the same handler on a target outside the callers' scope. */
  outOfScope?: { path: string; params: Record<string, string>; expect: Expectation };
}

/** The policy of every route: by route id (file name), by handler. `{}` = no loader or action. */
const ACCESS: Record<string, { GET?: HandlerAccess; POST?: HandlerAccess }> = {
  root: { GET: { path: "/", public: true, expect: all(200) } },
  // Signed in, the home is Il mio lavoro.
  _index: { GET: { path: "/", public: true, expect: { ...all(302), anonymous: 200 } } },
  lavoro: { GET: { path: "/lavoro", expect: signedIn(200) } },
  accessibilita: {},
  healthz: { GET: { path: "/healthz", public: true, expect: all(200) } },
  login: {
    GET: { path: "/login", public: true, expect: { ...all(302), anonymous: 200 } },
    // Empty form: 400 with field errors, for anyone.
    POST: { path: "/login", public: true, expect: all(400) },
  },
  // Password reset: public (the link's token is the only credential); an unknown link is a 404 for anyone.
  "reimposta-password.$token": {
    GET: { path: "/reimposta-password/:token", params: { token: "sconosciuto" }, public: true, expect: all(404) },
    POST: { path: "/reimposta-password/:token", params: { token: "sconosciuto" }, public: true, expect: all(404) },
  },
  // Without SMTP_URL (as here) the page only says whom to ask, and there is nothing to post.
  "password-dimenticata": {
    GET: { path: "/password-dimenticata", public: true, expect: all(200) },
    POST: { path: "/password-dimenticata", public: true, expect: all(404) },
  },
  logout: {
    GET: { path: "/logout", public: true, expect: all(302) },
    POST: { path: "/logout", expect: signedIn(302) },
  },
  "profilo._index": { GET: { path: "/profilo", expect: signedIn(200) } },
  "profilo.password": {
    GET: { path: "/profilo/password", expect: signedIn(200) },
    POST: { path: "/profilo/password", expect: signedIn(400) },
  },
  "profilo.token": {
    GET: { path: "/profilo/token", expect: signedIn(200) },
    POST: { path: "/profilo/token", expect: signedIn(400) },
  },
  "admin.utenti._index": { GET: { path: "/admin/utenti", expect: adminOnly(200) } },
  "admin.utenti.nuovo": {
    GET: { path: "/admin/utenti/nuovo", expect: adminOnly(200) },
    POST: { path: "/admin/utenti/nuovo", expect: adminOnly(400) },
  },
  "admin.utenti.$userId": {
    GET: { path: "/admin/utenti/:userId", params: { userId: "WORKER" }, expect: adminOnly(200) },
    POST: { path: "/admin/utenti/:userId", params: { userId: "WORKER" }, expect: adminOnly(400) },
  },
  // Deletions proposed by coordinators: only an admin decides; the empty form names no decision (400).
  "admin.conservazione": {
    GET: { path: "/admin/conservazione", expect: adminOnly(200) },
    POST: { path: "/admin/conservazione", expect: adminOnly(400) },
  },
  // Cases due for deletion: coordinators (retention.manage) of their services.
  // Retention rules: admins; the empty form names no operation (400).
  "admin.conservazione_.regole": {
    GET: { path: "/admin/conservazione/regole", expect: adminOnly(200) },
    POST: { path: "/admin/conservazione/regole", expect: adminOnly(400) },
  },
  conservazione: { GET: { path: "/conservazione", expect: { ...all(403), anonymous: LOGIN, coordinator: 200 } } },
  "admin.registro": { GET: { path: "/admin/registro", expect: adminOnly(200) } },
  "admin.registro[.]csv": { GET: { path: "/admin/registro.csv", expect: adminOnly(200) } },
  "admin.moduli._index": { GET: { path: "/admin/moduli", expect: adminOnly(200) } },
  // Report definitions (report.design): admins only; the empty form asks for a preview of nothing (400).
  "admin.rapporti._index": { GET: { path: "/admin/rapporti", expect: adminOnly(200) } },
  "admin.rapporti.$chiave": {
    GET: { path: "/admin/rapporti/:chiave", params: { chiave: "nuovo" }, expect: adminOnly(200) },
    POST: { path: "/admin/rapporti/:chiave", params: { chiave: "nuovo" }, expect: adminOnly(400) },
  },
  "admin.moduli.nuovo": {
    GET: { path: "/admin/moduli/nuovo", expect: adminOnly(200) },
    POST: { path: "/admin/moduli/nuovo", expect: adminOnly(400) },
  },
  // The matrix's empty form has no intent: 400 after the guard.
  "admin.moduli.$slug._index": {
    GET: { path: "/admin/moduli/matrice-tm", params: { slug: "matrice-tm" }, expect: adminOnly(200) },
    POST: { path: "/admin/moduli/matrice-tm", params: { slug: "matrice-tm" }, expect: adminOnly(400) },
  },
  "admin.moduli.$slug.pubblica": {
    GET: { path: "/admin/moduli/matrice-tm/pubblica", params: { slug: "matrice-tm" }, expect: adminOnly(200) },
    POST: { path: "/admin/moduli/matrice-tm/pubblica", params: { slug: "matrice-tm" }, expect: adminOnly(400) },
  },
  "admin.moduli.$slug.esporta": {
    GET: { path: "/admin/moduli/matrice-tm/esporta?versione=1", params: { slug: "matrice-tm" }, expect: adminOnly(200) },
  },
  // Translations of a consent form; the empty form body names no language (400).
  "admin.moduli.$slug.traduzioni": {
    GET: { path: "/admin/moduli/consenso-intervento/traduzioni", params: { slug: "consenso-intervento" }, expect: adminOnly(200) },
    POST: { path: "/admin/moduli/consenso-intervento/traduzioni", params: { slug: "consenso-intervento" }, expect: adminOnly(400) },
  },
  // The draft editor; the matrix's empty form body asks for nothing known (400).
  "admin.moduli.$slug.bozza": {
    GET: { path: "/admin/moduli/matrice-tm/bozza", params: { slug: "matrice-tm" }, expect: adminOnly(200) },
    POST: { path: "/admin/moduli/matrice-tm/bozza", params: { slug: "matrice-tm" }, expect: adminOnly(400) },
  },
  "servizi.$service": {
    GET: {
      path: "/servizi/tutela-minori",
      params: { service: "tutela-minori" },
      expect: { ...signedIn(200), none: 403 },
      outOfScope: {
        path: "/servizi/affidi",
        params: { service: "affidi" },
        expect: { anonymous: LOGIN, none: 403, admin: 200, coordinator: 404, worker: 404, viewer: 404 },
      },
    },
  },
  "moduli._index": { GET: { path: "/moduli", expect: { ...signedIn(200), none: 403 } } },
  // A scheda: read by case readers in scope (admin reads case data only through audited tools); saved by workers.
  "schede.$id._index": {
    GET: {
      path: "/schede/:id",
      params: { id: "SUBMISSION" },
      expect: { ...signedIn(200), none: 403, admin: 403 },
      outOfScope: { path: "/schede/:id", params: { id: "OTHER_SUBMISSION" }, expect: { ...signedIn(404), none: 403, admin: 403 } },
    },
    // The matrix's empty form carries no revision: a conflict, shown on the page (200), nothing written.
    POST: { path: "/schede/:id", params: { id: "SUBMISSION" }, expect: { ...signedIn(403), coordinator: 403, worker: 200 } },
  },
  // Amending needs a submitted scheda; the matrix's is a draft, so a worker is sent back to it.
  "schede.$id.rettifica": {
    GET: {
      path: "/schede/:id/rettifica",
      params: { id: "SUBMISSION" },
      expect: { ...signedIn(403), worker: 302 },
      outOfScope: { path: "/schede/:id/rettifica", params: { id: "OTHER_SUBMISSION" }, expect: { ...signedIn(404), none: 403, admin: 403 } },
    },
    POST: { path: "/schede/:id/rettifica", params: { id: "SUBMISSION" }, expect: { ...signedIn(403), worker: 200 } },
  },
  // Filling a form is case.write: workers only; another service is a 404.
  "moduli.$slug.compila": {
    GET: {
      path: "/moduli/matrice-tm/compila?servizio=tutela-minori&comune=seregno",
      params: { slug: "matrice-tm" },
      expect: { ...signedIn(403), worker: 200 },
      outOfScope: {
        path: "/moduli/matrice-affidi/compila?servizio=affidi",
        params: { slug: "matrice-affidi" },
        expect: { ...signedIn(403), worker: 404 },
      },
    },
    // The matrix's empty form is an empty draft: created, then a redirect to it.
    POST: {
      path: "/moduli/matrice-tm/compila?servizio=tutela-minori&comune=seregno",
      params: { slug: "matrice-tm" },
      expect: { ...signedIn(403), worker: 302 },
    },
  },
  // A version's browser validator: form.read (every role, by service); no membership or another service is a 404.
  "moduli.$slug.versioni.$version.validatore[.]js": {
    GET: {
      path: "/moduli/matrice-tm/versioni/1/validatore.js",
      params: { slug: "matrice-tm", version: "1" },
      expect: { ...signedIn(200), none: 404 },
      outOfScope: {
        path: "/moduli/matrice-affidi/versioni/1/validatore.js",
        params: { slug: "matrice-affidi", version: "1" },
        expect: { ...signedIn(404), admin: 200 },
      },
    },
  },
  "api.v1.me": { GET: { path: "/api/v1/me", expect: signedIn(200, 401) } },
  "api.v1.services.$service.team": {
    GET: {
      path: "/api/v1/services/tutela-minori/team",
      params: { service: "tutela-minori" },
      expect: { ...signedIn(200, 401), none: 403 },
      outOfScope: {
        path: "/api/v1/services/affidi/team",
        params: { service: "affidi" },
        expect: { anonymous: 401, none: 403, admin: 200, coordinator: 404, worker: 404, viewer: 404 },
      },
    },
  },
  "api.v1.openapi[.]json": { GET: { path: "/api/v1/openapi.json", expect: signedIn(200, 401) } },
  "api.v1.forms._index": { GET: { path: "/api/v1/forms", expect: { ...signedIn(200, 401), none: 403 } } },
  "api.v1.forms.$slug._index": {
    GET: {
      path: "/api/v1/forms/matrice-tm",
      params: { slug: "matrice-tm" },
      expect: { ...signedIn(200, 401), none: 403 },
      outOfScope: {
        path: "/api/v1/forms/matrice-affidi",
        params: { slug: "matrice-affidi" },
        expect: { anonymous: 401, none: 403, admin: 200, coordinator: 404, worker: 404, viewer: 404 },
      },
    },
  },
  "api.v1.forms.$slug.versions.$version": {
    GET: {
      path: "/api/v1/forms/matrice-tm/versions/1",
      params: { slug: "matrice-tm", version: "1" },
      expect: { ...signedIn(200, 401), none: 403 },
      outOfScope: {
        path: "/api/v1/forms/matrice-affidi/versions/1",
        params: { slug: "matrice-affidi", version: "1" },
        expect: { anonymous: 401, none: 403, admin: 200, coordinator: 404, worker: 404, viewer: 404 },
      },
    },
  },
  // Only workers write; the matrix's empty form body is not JSON (400).
  "api.v1.forms.$slug.submissions": {
    POST: {
      path: "/api/v1/forms/matrice-tm/submissions",
      params: { slug: "matrice-tm" },
      expect: { ...all(403), anonymous: 401, worker: 400 },
    },
  },
  "api.v1.submissions._index": { GET: { path: "/api/v1/submissions", expect: caseReaders(200) } },
  "api.v1.submissions.$id._index": {
    GET: {
      path: "/api/v1/submissions/:id",
      params: { id: "SUBMISSION" },
      expect: caseReaders(200),
      outOfScope: { path: "/api/v1/submissions/:id", params: { id: "OTHER_SUBMISSION" }, expect: caseReaders(404) },
    },
    // The action serves PUT only: a POST from a worker is a 405, after the guard.
    POST: { path: "/api/v1/submissions/:id", params: { id: "SUBMISSION" }, expect: { ...all(403), anonymous: 401, worker: 405 } },
  },
  "api.v1.submissions.$id.history": {
    GET: {
      path: "/api/v1/submissions/:id/history",
      params: { id: "SUBMISSION" },
      expect: caseReaders(200),
      outOfScope: {
        path: "/api/v1/submissions/:id/history",
        params: { id: "OTHER_SUBMISSION" },
        expect: caseReaders(404),
      },
    },
  },
  "casi._index": { GET: { path: "/casi", expect: casePageReaders(200) } },
  // An empty form: 400 with field errors, for workers only.
  "casi.nuovo": { GET: { path: "/casi/nuovo", expect: caseWriters(200) }, POST: { path: "/casi/nuovo", expect: caseWriters(400) } },
  "casi.$caseId": {
    GET: {
      path: "/casi/:caseId",
      params: { caseId: "CASE" },
      expect: casePageReaders(200),
      outOfScope: { path: "/casi/:caseId", params: { caseId: "OTHER_CASE" }, expect: casePageReaders(404) },
    },
    // No intent: 400 for workers.
    POST: { path: "/casi/:caseId", params: { caseId: "CASE" }, expect: caseWriters(400) },
  },
  "schede._index": { GET: { path: "/schede", expect: casePageReaders(200) } },
  "schede.$id_.storico": {
    GET: {
      path: "/schede/:id/storico",
      params: { id: "SUBMISSION" },
      expect: casePageReaders(200),
      outOfScope: { path: "/schede/:id/storico", params: { id: "OTHER_SUBMISSION" }, expect: casePageReaders(404) },
    },
  },
  // Exports are reports: coordinators only (DESIGN §7).
  "api.v1.export": {
    GET: {
      path: "/api/v1/export?form=matrice-tm&format=csv",
      expect: { ...all(403), anonymous: 401, coordinator: 200 },
      outOfScope: { path: "/api/v1/export?form=matrice-affidi&format=csv", params: {}, expect: { ...all(403), anonymous: 401, coordinator: 404 } },
    },
  },
  // The SINBA flow: coordinators and admins (pseudonymous, audited). With no complete case the download goes back to the check page.
  "sinba._index": { GET: { path: "/sinba?dal=2026-01-01&al=2026-12-31", expect: { ...all(403), anonymous: LOGIN, admin: 200, coordinator: 200 } } },
  "sinba.flusso[.]xml": {
    GET: { path: "/sinba/flusso.xml?dal=2026-01-01&al=2026-12-31", expect: { ...all(403), anonymous: LOGIN, admin: 302, coordinator: 302 } },
  },
  // The coordinators' report and the CSV of its tables; a service outside the scope is a 404.
  "rapporti._index": {
    GET: {
      path: "/rapporti?periodo=anno&anno=2026",
      expect: { ...all(403), anonymous: LOGIN, coordinator: 200 },
      outOfScope: { path: "/rapporti?servizio=affidi", params: {}, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
    },
  },
  "rapporti.$tabella[.]csv": {
    GET: {
      path: "/rapporti/:tabella.csv?periodo=anno&anno=2026",
      params: { tabella: "cartelle" },
      expect: { ...all(403), anonymous: LOGIN, coordinator: 200 },
      outOfScope: { path: "/rapporti/:tabella.csv?servizio=affidi", params: { tabella: "cartelle" }, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
    },
  },
  "rapporti[.]pdf": {
    GET: {
      path: "/rapporti.pdf?periodo=anno&anno=2026",
      expect: { ...all(403), anonymous: LOGIN, coordinator: 200 },
      outOfScope: { path: "/rapporti.pdf?servizio=affidi", params: {}, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
    },
  },
  // Family pages: public (the token is the only credential); an unknown token is a 404 for anyone.
  "c.$token": {
    GET: { path: "/c/:token", params: { token: "sconosciuto" }, public: true, expect: all(404) },
    POST: { path: "/c/:token", params: { token: "sconosciuto" }, public: true, expect: all(404) },
  },
  "c.$token_.ricevuta[.]pdf": {
    GET: { path: "/c/:token/ricevuta.pdf", params: { token: "sconosciuto" }, public: true, expect: all(404) },
  },
  "casi.$caseId_.consensi": {
    GET: {
      path: "/casi/:caseId/consensi",
      params: { caseId: "CASE" },
      expect: { ...caseReaders(200), anonymous: LOGIN },
      outOfScope: { path: "/casi/:caseId/consensi", params: { caseId: "OTHER_CASE" }, expect: { ...caseReaders(404), anonymous: LOGIN } },
    },
    // Only workers write; the matrix's empty form names no operation (400).
    POST: {
      path: "/casi/:caseId/consensi",
      params: { caseId: "CASE" },
      expect: { ...all(403), anonymous: LOGIN, worker: 400 },
      outOfScope: { path: "/casi/:caseId/consensi", params: { caseId: "OTHER_CASE" }, expect: { ...all(403), anonymous: LOGIN, worker: 404 } },
    },
  },
  // Who consulted a case: coordinators whose report scope covers it.
  "casi.$caseId_.accessi": {
    GET: {
      path: "/casi/:caseId/accessi",
      params: { caseId: "CASE" },
      expect: { ...all(403), anonymous: LOGIN, coordinator: 200 },
      outOfScope: { path: "/casi/:caseId/accessi", params: { caseId: "OTHER_CASE" }, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
    },
  },
  // The same report as a PDF, and the copy of all the case's data for the family (GDPR art. 15): the same coordinators.
  ...Object.fromEntries(
    ["accessi.pdf", "copia-dati.pdf", "copia-dati.json"].map((file) => [
      `casi.$caseId_.${file.replace(".", "[.]")}`,
      {
        GET: {
          path: `/casi/:caseId/${file}`,
          params: { caseId: "CASE" },
          expect: { ...all(403), anonymous: LOGIN, coordinator: 200 },
          outOfScope: { path: `/casi/:caseId/${file}`, params: { caseId: "OTHER_CASE" }, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
        },
      },
    ]),
  ),
  // A case's retention, legal hold and deletion proposal: coordinators whose retention scope covers it; the empty form names no operation (400).
  "casi.$caseId_.conservazione": {
    GET: {
      path: "/casi/:caseId/conservazione",
      params: { caseId: "CASE" },
      expect: { ...all(403), anonymous: LOGIN, coordinator: 200 },
      outOfScope: { path: "/casi/:caseId/conservazione", params: { caseId: "OTHER_CASE" }, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
    },
    POST: {
      path: "/casi/:caseId/conservazione",
      params: { caseId: "CASE" },
      expect: { ...all(403), anonymous: LOGIN, coordinator: 400 },
      outOfScope: { path: "/casi/:caseId/conservazione", params: { caseId: "OTHER_CASE" }, expect: { ...all(403), anonymous: LOGIN, coordinator: 404 } },
    },
  },
  // The P.I.P.P.I. triangle of a case, page and PDF: readers of the case (200 also before any assessment: the page explains).
  "casi.$caseId_.triangolo": {
    GET: {
      path: "/casi/:caseId/triangolo",
      params: { caseId: "CASE" },
      expect: casePageReaders(200),
      outOfScope: { path: "/casi/:caseId/triangolo", params: { caseId: "OTHER_CASE" }, expect: casePageReaders(404) },
    },
  },
  "casi.$caseId_.triangolo[.]pdf": {
    GET: {
      path: "/casi/:caseId/triangolo.pdf",
      params: { caseId: "CASE" },
      expect: casePageReaders(200),
      outOfScope: { path: "/casi/:caseId/triangolo.pdf", params: { caseId: "OTHER_CASE" }, expect: casePageReaders(404) },
    },
  },
  // Court orders of a case: readers see them, workers record them; the matrix's empty form names no operation (400).
  "casi.$caseId_.provvedimenti": {
    GET: {
      path: "/casi/:caseId/provvedimenti",
      params: { caseId: "CASE" },
      expect: casePageReaders(200),
      outOfScope: { path: "/casi/:caseId/provvedimenti", params: { caseId: "OTHER_CASE" }, expect: casePageReaders(404) },
    },
    POST: {
      path: "/casi/:caseId/provvedimenti",
      params: { caseId: "CASE" },
      expect: caseWriters(400),
      outOfScope: { path: "/casi/:caseId/provvedimenti", params: { caseId: "OTHER_CASE" }, expect: { ...all(403), anonymous: LOGIN, worker: 404 } },
    },
  },
  // Only workers create consent links; the matrix's empty form body is not JSON (400).
  "api.v1.consent-requests._index": {
    POST: { path: "/api/v1/consent-requests", expect: { ...all(403), anonymous: 401, worker: 400 } },
  },
  "api.v1.consent-requests.$id._index": {
    GET: {
      path: "/api/v1/consent-requests/:id",
      params: { id: "CONSENT" },
      expect: caseReaders(200),
      outOfScope: { path: "/api/v1/consent-requests/:id", params: { id: "OTHER_CONSENT" }, expect: caseReaders(404) },
    },
  },
  "api.v1.consent-requests.$id.revoke": {
    POST: {
      path: "/api/v1/consent-requests/:id/revoke",
      params: { id: "CONSENT_TO_REVOKE" },
      expect: { ...all(403), anonymous: 401, worker: 200 },
      outOfScope: { path: "/api/v1/consent-requests/:id/revoke", params: { id: "OTHER_CONSENT" }, expect: { ...all(403), anonymous: 401, worker: 404 } },
    },
  },
  "api.v1.$": {
    GET: { path: "/api/v1/nothing-here", params: { "*": "nothing-here" }, expect: signedIn(404, 401) },
    POST: { path: "/api/v1/nothing-here", params: { "*": "nothing-here" }, expect: signedIn(404, 401) },
  },
};

let t: TestDatabase;
const userIds = {} as Record<Exclude<Caller, "anonymous">, number>;
/** Submissions and cases the SUBMISSION/CASE (Seregno, in scope) and OTHER_… (affidi, out of scope) params stand for. */
const submissionIds = { SUBMISSION: 0, OTHER_SUBMISSION: 0, CASE: 0, OTHER_CASE: 0 };
/** Consent requests in scope (tutela-minori · seregno) and out of it (affidi). */
const consentIds = { CONSENT: 0, CONSENT_TO_REVOKE: 0, OTHER_CONSENT: 0 };
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.db);
  userIds.admin = (await createTestUser(t.db, { role: "admin" })).id;
  userIds.coordinator = (await createTestUser(t.db, { role: "coordinator", service: "tutela-minori" })).id;
  userIds.worker = (await createTestUser(t.db, { role: "worker", service: "tutela-minori", comune: "seregno" })).id;
  userIds.viewer = (await createTestUser(t.db, { role: "viewer", service: "tutela-minori", comune: "seregno" })).id;
  const none = await createTestUser(t.db, { role: "viewer", service: "affidi" });
  await t.db.deleteFrom("memberships").where("user_id", "=", none.id).execute();
  userIds.none = none.id;
  await createPublishedForm(t.db, "matrice-tm", simpleSchema(), ["tutela-minori"]);
  await createPublishedForm(t.db, "matrice-affidi", simpleSchema(), ["affidi"]);
  const inScope = { userId: userIds.worker, form: "matrice-tm", service: "tutela-minori", comune: "seregno" };
  submissionIds.SUBMISSION = (await createTestSubmission(t.db, inScope)).id;
  const affidiWorker = await createTestUser(t.db, { role: "worker", service: "affidi" });
  const outOfScope = { userId: affidiWorker.id, form: "matrice-affidi", service: "affidi" };
  submissionIds.OTHER_SUBMISSION = (await createTestSubmission(t.db, outOfScope)).id;
  submissionIds.CASE = (await createTestCase(t.db, { ...inScope, code: "TM-MATRICE" })).id;
  submissionIds.OTHER_CASE = (await createTestCase(t.db, { ...outOfScope, code: "AF-MATRICE" })).id;
  await publishBuiltinConsentForm(t.db);
  const consentFor = async (userId: number, service: string, comune: string | null) => {
    const scope = scopeFor([{ id: 0, role: "worker", service, comune }], "case.write");
    const caller = { scope, userId, audit: { actor: { kind: "user" as const, userId } } };
    const input = { form: "consenso-intervento", service, comune, case: null, recipient: { name: "Maria Rossi", relationship: "madre", email: null }, expiresInDays: 14 };
    return (await t.db.transaction().execute((trx) => createConsentRequest(trx, caller, input))).request.id;
  };
  consentIds.CONSENT = await consentFor(userIds.worker, "tutela-minori", "seregno");
  consentIds.CONSENT_TO_REVOKE = await consentFor(userIds.worker, "tutela-minori", "seregno");
  consentIds.OTHER_CONSENT = await consentFor(affidiWorker.id, "affidi", null);
});
afterAll(() => t.destroy());

/** A fresh session per request: logout ends the one it is given. */
async function cookieFor(caller: Caller): Promise<Record<string, string>> {
  if (caller === "anonymous") return {};
  const { token } = await createSession(t.db, userIds[caller]);
  return { Cookie: `schedario_session=${token}` };
}

function resolveParams(params: Record<string, string> = {}) {
  const placeholder = (v: string) =>
    v === "WORKER"
      ? String(userIds.worker)
      : v in submissionIds
        ? String(submissionIds[v as keyof typeof submissionIds])
        : v in consentIds
          ? String(consentIds[v as keyof typeof consentIds])
          : v;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, placeholder(v)]));
}

async function request(
  method: "GET" | "POST",
  access: { path: string; params?: Record<string, string> },
  headers: Record<string, string>
) {
  const params = resolveParams(access.params);
  const urlPath = access.path.replace(/:(\w+)/g, (_, name: string) => params[name]!);
  return method === "GET" ? new Request(`${TEST_ORIGIN}${urlPath}`, { headers }) : formPost(urlPath, {}, headers);
}

function outcomeOf(result: { status: number; headers: Headers }): Outcome {
  if (result.status === 302 && result.headers.get("Location")?.startsWith("/login?redirectTo=")) return LOGIN;
  return result.status;
}

const HANDLERS = { GET: "loader", POST: "action" } as const;

describe("the authorization matrix covers every route", () => {
  it("has an entry for every route module, and the handlers it lists are exactly those exported", () => {
    expect(Object.keys(routes).sort()).toEqual(Object.keys(ACCESS).sort());
    for (const [id, module] of Object.entries(routes)) {
      const exported = (["GET", "POST"] as const).filter((m) => typeof module[HANDLERS[m]] === "function");
      expect({ id, handlers: exported }).toEqual({ id, handlers: Object.keys(ACCESS[id] ?? {}) });
    }
  });

  it("lists as public only the routes that are meant to be public", () => {
    const publicRoutes = Object.entries(ACCESS)
      .filter(([, handlers]) => Object.values(handlers).every((h) => h.public))
      .map(([id]) => id)
      .sort();
    expect(publicRoutes).toEqual([
      "_index",
      "accessibilita",
      "c.$token",
      "c.$token_.ricevuta[.]pdf",
      "healthz",
      "login",
      "password-dimenticata",
      "reimposta-password.$token",
      "root",
    ]);
  });
});

const cells = Object.entries(ACCESS).flatMap(([id, handlers]) =>
  (Object.entries(handlers) as ["GET" | "POST", HandlerAccess][]).flatMap(([method, access]) => [
    ...CALLERS.map((caller) => ({ id, method, caller, scope: "in scope", access, expected: access.expect[caller] })),
    ...(access.outOfScope
      ? CALLERS.map((caller) => ({
          id,
          method,
          caller,
          scope: "out of scope",
          access: access.outOfScope!,
          expected: access.outOfScope!.expect[caller],
        }))
      : []),
  ])
);

describe("status by route × caller × scope", () => {
  it.each(cells)("$method $id as $caller ($scope) → $expected", async ({ id, method, caller, access, expected }) => {
    const handler = routes[id]![HANDLERS[method]] as Parameters<typeof callRoute>[0];
    const req = await request(method, access, await cookieFor(caller));
    const result = await callRoute(handler, req, { params: resolveParams(access.params) });
    expect(outcomeOf(result)).toBe(expected);
  });
});

const postCells = cells.filter((c) => c.method === "POST" && c.scope === "in scope" && c.caller === "admin");

describe("every POST with a cookie session from another origin is refused (CSRF)", () => {
  it.each(postCells)("POST $id from https://evil.example → 403", async ({ id, access }) => {
    const handler = routes[id]!.action as Parameters<typeof callRoute>[0];
    for (const headers of [{ Origin: "https://evil.example" }, { Origin: "null" }]) {
      const req = await request("POST", access, { ...(await cookieFor("admin")), ...headers });
      expect((await callRoute(handler, req, { params: resolveParams(access.params) })).status).toBe(403);
    }
    // No Origin and no Sec-Fetch-Site at all: refused too.
    const bare = await request("POST", access, await cookieFor("admin"));
    bare.headers.delete("Origin");
    expect((await callRoute(handler, bare, { params: resolveParams(access.params) })).status).toBe(403);
  });
});
