import type { ReactNode } from "react";

/**
 * A data table with a caption for screen readers and column headers scoped
 * to their columns; rows go in as children. An empty column name is read as
 * "Azioni" but not shown. When a table is wider than a phone screen it
 * scrolls inside a labelled region that keyboard users can focus and scroll,
 * instead of pushing the whole page sideways.
 */
export function Table({
  caption,
  columns,
  compact,
  children,
}: {
  caption: string;
  columns: string[];
  compact?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className={compact ? "table table--compact" : "table"}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {/* Keyed by position: the headers are fixed, and a form's field may share a title with another column. */}
            {columns.map((column, i) => (
              <th scope="col" key={i}>
                {column || <span className="visually-hidden">Azioni</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
