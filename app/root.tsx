import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { findCurrentUser } from "~/auth/guard.server";
import { canSomewhere } from "~/auth/policy";
import { FamilyLayout } from "~/components/family-layout";
import { SiteFooter } from "~/components/site-footer";
import { chromeLanguage, familyLanguage, languageInfo, type FamilyLanguage } from "~/consent/family-language";
import { useNonce } from "~/components/nonce";
import appStyles from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Every page sets its own title; this one shows only when the error page replaces a page. */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "Schedario" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Pagina non trovata" : status === 403 ? "Accesso non consentito" : "Errore";
  return [{ title: `${title} · Schedario` }];
};

/** Public: the layout shows who is signed in, if anyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await findCurrentUser(request);
  return {
    user: user && {
      displayName: user.displayName,
      canReadForms: canSomewhere(user.memberships, "form.read"),
      canManageUsers: canSomewhere(user.memberships, "user.manage"),
      canReadAudit: canSomewhere(user.memberships, "audit.read"),
      canDesignForms: canSomewhere(user.memberships, "form.design"),
      canDesignReports: canSomewhere(user.memberships, "report.design"),
      canReadCases: canSomewhere(user.memberships, "case.read"),
      canExportSinba: canSomewhere(user.memberships, "sinba.export"),
      canManageRetention: canSomewhere(user.memberships, "retention.manage"),
      canConfirmDeletions: canSomewhere(user.memberships, "retention.confirm"),
      canReadReports: canSomewhere(user.memberships, "report.read"),
    },
  };
}

/**
 * What a route may declare in its `handle`. `family`: a public page for
 * families (/c/:token): its own frame, the language of ?lang= on <html>, and
 * no Remix client runtime at all (the page is a plain HTML form; ADR 0010).
 */
export interface RouteHandle {
  family?: true;
}

/** What a family route's loader returns under `family`: the chosen language and those its page offers. */
export interface FamilyPageLanguages {
  lang: FamilyLanguage;
  languages: { code: FamilyLanguage; name: string }[];
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const location = useLocation();
  const matches = useMatches();
  const family = matches.some((m) => (m.handle as RouteHandle | undefined)?.family);
  if (family) {
    // The family route's loader says which languages this request offers; without it (an error page), Italian or English.
    const data = matches.find((m) => (m.handle as RouteHandle | undefined)?.family)?.data as { family?: FamilyPageLanguages } | undefined;
    const asked = familyLanguage(location.search);
    const languages = data?.family ?? { lang: asked === "en" ? "en" : "it", languages: ["it", "en"].map((code) => ({ code, name: languageInfo(code).name })) };
    const chrome = chromeLanguage(languages.lang);
    return (
      <html lang={chrome} dir={languageInfo(chrome).dir}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <Meta />
          <Links />
          <script src="/consent-form.js" defer />
        </head>
        <body>
          <FamilyLayout lang={languages.lang} languages={languages.languages} path={location.pathname}>
            {children}
          </FamilyLayout>
        </body>
      </html>
    );
  }
  // Undefined while the root loader itself failed (the error boundary renders inside this layout).
  const user = useRouteLoaderData<typeof loader>("root")?.user;
  return (
    <html lang="it">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenuto">
          Vai al contenuto
        </a>
        <header className="site-header">
          <div className="site-header__slim">
            <div className="container">Ambito Territoriale di Seregno · Servizi associati per la tutela dei minori</div>
          </div>
          <div className="site-header__main container">
            <Link to="/" className="site-header__brand">
              <span className="site-header__name">Schedario</span>
              <span className="site-header__tagline">Schede, valutazioni e relazioni dei servizi</span>
            </Link>
            {user ? (
              <div className="site-header__user">
                <span>
                  <span className="visually-hidden">Accesso effettuato come </span>
                  {user.displayName}
                </span>
                <Form method="post" action="/logout">
                  <button type="submit" className="button button--light">
                    Esci
                  </button>
                </Form>
              </div>
            ) : (
              <Link to="/login" className="button button--light">
                Accedi
              </Link>
            )}
          </div>
          <nav className="site-nav" aria-label="Navigazione principale">
            <ul className="container">
              {user ? (
                <li>
                  <NavLink to="/lavoro">Il mio lavoro</NavLink>
                </li>
              ) : (
                <li>
                  <NavLink to="/" end>
                    Home
                  </NavLink>
                </li>
              )}
              {user?.canReadCases ? (
                <>
                  <li>
                    <NavLink to="/casi">Cartelle</NavLink>
                  </li>
                  <li>
                    <NavLink to="/schede">Schede</NavLink>
                  </li>
                </>
              ) : null}
              {user?.canReadForms ? (
                <li>
                  <NavLink to="/moduli">Moduli</NavLink>
                </li>
              ) : null}
              {user?.canReadReports ? (
                <li>
                  <NavLink to="/rapporti">Report</NavLink>
                </li>
              ) : null}
              {user?.canExportSinba ? (
                <li>
                  <NavLink to="/sinba">Flusso SINBA</NavLink>
                </li>
              ) : null}
              {user?.canManageRetention ? (
                <li>
                  <NavLink to="/conservazione">Conservazione</NavLink>
                </li>
              ) : null}
              {user?.canManageUsers ? (
                <li>
                  <NavLink to="/admin/utenti">Utenti</NavLink>
                </li>
              ) : null}
              {user?.canDesignForms ? (
                <li>
                  <NavLink to="/admin/moduli">Moduli (gestione)</NavLink>
                </li>
              ) : null}
              {user?.canDesignReports ? (
                <li>
                  <NavLink to="/admin/rapporti">Report (gestione)</NavLink>
                </li>
              ) : null}
              {user?.canReadAudit ? (
                <li>
                  <NavLink to="/admin/registro">Registro attività</NavLink>
                </li>
              ) : null}
              {user?.canConfirmDeletions ? (
                <li>
                  <NavLink to="/admin/conservazione">Eliminazioni</NavLink>
                </li>
              ) : null}
              {user ? (
                <li>
                  <NavLink to="/profilo">Il mio profilo</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        </header>
        <main id="contenuto" className="container" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter
          text="Schedario · Ambito Territoriale di Seregno: Barlassina, Giussano, Lentate sul Seveso, Meda, Seregno, Seveso"
          accessibilityLabel="Dichiarazione di accessibilità"
        />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <section>
        <h1>Accesso non consentito</h1>
        <p>Il tuo ruolo non permette di usare questa pagina. Se pensi che sia un errore, rivolgiti all'amministratore di Schedario.</p>
        <p>
          <Link to="/">Torna alla pagina iniziale</Link>
        </p>
      </section>
    );
  }
  if (isRouteErrorResponse(error) && (error.status === 400 || error.status === 413)) {
    // The server's screen (app/http/request-screen.server.ts) refuses what cannot be stored, with a sentence saying why.
    return (
      <section>
        <h1>Richiesta non valida</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : "I dati inviati non possono essere salvati così come sono."}</p>
        <p>Torna indietro, correggi i dati e riprova. Nulla è stato salvato.</p>
        <p>
          <Link to="/">Torna alla pagina iniziale</Link>
        </p>
      </section>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <section>
        <h1>Pagina non trovata</h1>
        <p>L'indirizzo non corrisponde a nessuna pagina, oppure non hai accesso a questi dati.</p>
        <p>
          <Link to="/">Torna alla pagina iniziale</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>Si è verificato un errore</h1>
      <p>
        Non è stato possibile completare la richiesta. Nessun dato già salvato è andato perso. Riprova tra qualche
        istante; se il problema continua, avvisa l'amministratore di Schedario.
      </p>
      <p>
        <Link to="/">Torna alla pagina iniziale</Link>
      </p>
    </section>
  );
}
