import { Link, useLocation } from "@remix-run/react";

/**
 * Keyset paging for lists, as plain links (no JavaScript needed): the next
 * page, and back to the first one with the same filters. A keyset cursor
 * only goes forward; the browser's back button returns to earlier pages.
 */
export function NextPageLinks({ nextPage, isFirstPage, nextLabel }: { nextPage?: string; isFirstPage: boolean; nextLabel: string }) {
  const { search } = useLocation();
  if (!nextPage && isFirstPage) return null;
  const first = new URLSearchParams(search);
  first.delete("cursore");
  return (
    <nav className="pager" aria-label="Pagine">
      {isFirstPage ? null : <Link to={`?${first}`}>Torna alla prima pagina</Link>}
      {nextPage ? (
        <Link to={nextPage} className="button button--secondary">
          {nextLabel}
        </Link>
      ) : null}
    </nav>
  );
}
