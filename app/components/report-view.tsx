import { Link } from "@remix-run/react";
import { ChartLegend, ReportChart } from "./report-chart";

/** One table of the report as the loader sends it (counts already suppressed, links already made). */
export interface ReportViewTable {
  key: string;
  title: string;
  description: string;
  columns: string[];
  rows: { label: string; cells: { text: string; value: number | null; href?: string }[] }[];
  notes: string[];
  chart: boolean;
}

/**
 * One section of the report: the title, what is counted, the chart (when the
 * table holds counts and something to draw), the table with every count
 * linking to the list it counts, the notes, the CSV.
 */
export function ReportSection({ table, csv, headingLevel = 2 }: { table: ReportViewTable; csv?: string; headingLevel?: 2 | 3 }) {
  const headingId = `tabella-${table.key}`;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const drawable = table.chart && table.rows.some((r) => r.cells.some((c) => c.value));
  return (
    <section className="report-section" aria-labelledby={headingId}>
      <Heading id={headingId}>{table.title}</Heading>
      <p>{table.description}</p>
      {drawable ? (
        <figure className="report-figure">
          <ReportChart table={table} />
          <ChartLegend table={table} />
        </figure>
      ) : null}
      {table.rows.length ? (
        <div className="table-scroll" role="region" aria-label={`Tabella: ${table.title}`} tabIndex={0}>
          <table className="table table--compact report-table">
            <caption>{table.title}</caption>
            <thead>
              <tr>
                <th scope="col">Voce</th>
                {table.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {row.cells.map((cell, i) => (
                    <td key={table.columns[i]}>{cell.href ? <Link to={cell.href}>{cell.text}</Link> : cell.text}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {table.notes.map((n) => (
        <p key={n} className="report-note">
          {n}
        </p>
      ))}
      {csv && table.rows.length ? (
        <p className="no-print">
          <a href={csv} download>
            Scarica «{table.title}» in CSV
          </a>
        </p>
      ) : null}
    </section>
  );
}
