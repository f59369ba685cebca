import type { ReactNode } from "react";
import { familyText, languageInfo, languageQuery, type FamilyLanguage } from "~/consent/family-language";
import { SiteFooter } from "./site-footer";

/**
 * The frame of the family pages (/c/:token): no sign-in button, no menus, a
 * language switch and the same footer links as every page. Plain links and
 * no client JavaScript, so it works on any phone.
 */
export function FamilyLayout({
  lang,
  languages,
  path,
  children,
}: {
  lang: FamilyLanguage;
  /** The languages this page offers, each named in itself. */
  languages: readonly { code: FamilyLanguage; name: string }[];
  path: string;
  children: ReactNode;
}) {
  const t = familyText(lang);
  return (
    <>
      <a className="skip-link" href="#contenuto">
        {t.skipToContent}
      </a>
      <header className="site-header">
        <div className="site-header__slim">
          <div className="container family-header">
            <span>{t.header}</span>
            <nav aria-label={t.languageNav} className="language-switch">
              <ul>
                {languages.map((l) => (
                  <li key={l.code}>
                    <a
                      href={`${path}${languageQuery(l.code)}`}
                      lang={l.code}
                      hrefLang={l.code}
                      dir={languageInfo(l.code).dir}
                      aria-current={l.code === lang ? "true" : undefined}
                    >
                      {l.name}
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
