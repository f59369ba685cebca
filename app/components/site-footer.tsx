import { Link } from "@remix-run/react";

/**
 * The footer of every page, the family pages' included: who runs the service
 * and the link to the accessibility statement, which AgID wants on every page.
 * The statement is in Italian whatever the page's language, hence hrefLang.
 * On the family pages (no client runtime) the link is a plain one.
 */
export function SiteFooter({ text, accessibilityLabel }: { text: string; accessibilityLabel: string }) {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{text}</p>
        <ul className="site-footer__links">
          <li>
            <Link to="/accessibilita" hrefLang="it">
              {accessibilityLabel}
            </Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}
