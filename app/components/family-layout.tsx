import type { ReactNode } from "react";
import { FAMILY_LANGUAGES, FAMILY_TEXT, languageQuery, type FamilyLanguage } from "~/consent/family-language";
import { SiteFooter } from "./site-footer";

/**
 * The frame of the family pages (/c/:token): no sign-in button, no menus, a
 * language switch and the same footer links as every page. Plain links and
 * no client JavaScript, so it works on any phone.
 */
export function FamilyLayout({ lang, path, children }: { lang: FamilyLanguage; path: string; children: ReactNode }) {
  const t = FAMILY_TEXT[lang];
  return (
    <>
      <a className="skip-link" href="#contenuto">
        {lang === "it" ? "Vai al contenuto" : "Skip to content"}
      </a>
      <header className="site-header">
        <div className="site-header__slim">
          <div className="container family-header">
            <span>{t.header}</span>
            <nav aria-label={t.languageNav} className="language-switch">
              <ul>
                {(Object.keys(FAMILY_LANGUAGES) as FamilyLanguage[]).map((l) => (
                  <li key={l}>
                    <a href={`${path}${languageQuery(l)}`} lang={l} hrefLang={l} aria-current={l === lang ? "true" : undefined}>
                      {FAMILY_LANGUAGES[l].label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </div>
      </header>
      <main id="contenuto" className="container family" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter text={t.footer} accessibilityLabel={t.accessibility} />
    </>
  );
}
