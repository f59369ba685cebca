/**
 * A report table drawn as horizontal bars, rendered on the server as SVG (no
 * script, prints as it is). One bar per row; with several columns the bar is
 * stacked, each column with a fill of its own that differs by pattern and
 * lightness, not by colour alone (grey-scale print, colour-blind readers).
 * The numbers are also written beside each bar and, whole, in the table that
 * follows the chart; a suppressed count ("< 5") draws no length.
 */

/** What the chart needs of a table: the same shape the page shows. */
export interface ChartTable {
  key: string;
  title: string;
  columns: string[];
  rows: { label: string; cells: { text: string; value: number | null }[] }[];
}

/** Fills, each told apart without colour: solid dark, diagonal hatching, dots, light grey, cross-hatching, white. */
const FILLS = [
  { name: "pieno scuro", pattern: null, fill: "#1f3b57" },
  { name: "righe oblique", pattern: "stripes", fill: "#1f3b57" },
  { name: "puntini", pattern: "dots", fill: "#1f3b57" },
  { name: "grigio chiaro", pattern: null, fill: "#b8c2cc" },
  { name: "quadretti", pattern: "grid", fill: "#1f3b57" },
  { name: "bianco bordato", pattern: null, fill: "#ffffff" },
] as const;

function fillOf(i: number) {
  return FILLS[i % FILLS.length]!;
}

const WIDTH = 420;
const ROW = 46;
const TOP = 8;
const BAR = 16;
const TEXT_ROOM = 110;
/** About as many characters of 15-pixel text as fit across the chart. */
const LABEL_CHARS = 50;

/**
 * A row's label as it fits above its bar: whole, else its last part
 * ("… › Autonomia"), else cut with an ellipsis; the table gives it whole.
 */
export function chartLabel(label: string): string {
  if (label.length <= LABEL_CHARS) return label;
  const last = label.split(" › ").at(-1)!;
  if (last.length <= LABEL_CHARS) return last;
  return `${last.slice(0, LABEL_CHARS - 1).trimEnd()}…`;
}

function Patterns({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-stripes`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#ffffff" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#1f3b57" strokeWidth="3" />
      </pattern>
      <pattern id={`${id}-dots`} width="5" height="5" patternUnits="userSpaceOnUse">
        <rect width="5" height="5" fill="#ffffff" />
        <circle cx="2.5" cy="2.5" r="1.4" fill="#1f3b57" />
      </pattern>
      <pattern id={`${id}-grid`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#ffffff" />
        <path d="M 6 0 L 0 0 0 6" fill="none" stroke="#1f3b57" strokeWidth="1.2" />
      </pattern>
    </defs>
  );
}

function paint(id: string, i: number): string {
  const f = fillOf(i);
  return f.pattern ? `url(#${id}-${f.pattern})` : f.fill;
}

/** A square of a column's fill, for the legend. */
function Swatch({ id, index }: { id: string; index: number }) {
  return (
    <svg width="18" height="14" viewBox="0 0 18 14" aria-hidden="true" focusable="false">
      <Patterns id={`${id}-swatch-${index}`} />
      <rect x="0.5" y="0.5" width="17" height="13" fill={paint(`${id}-swatch-${index}`, index)} stroke="#1a1a1a" strokeWidth="1" />
    </svg>
  );
}

/** The chart's legend (only with several columns): each column's fill in words too. */
export function ChartLegend({ table }: { table: ChartTable }) {
  if (table.columns.length < 2) return null;
  const id = `grafico-${table.key}`;
  return (
    <ul className="report-legend" aria-label={`Legenda del grafico «${table.title}»`}>
      {table.columns.map((c, i) => (
        <li key={c}>
          <Swatch id={id} index={i} /> {c} <span className="visually-hidden">: {fillOf(i).name}</span>
        </li>
      ))}
    </ul>
  );
}

/** The description a screen reader hears before the table. */
export function chartDescription(table: ChartTable): string {
  const stacked = table.columns.length > 1;
  const fills = stacked ? ` Colonne nell'ordine: ${table.columns.map((c, i) => `${c} (${fillOf(i).name})`).join(", ")}.` : "";
  return `Barre orizzontali, una per riga della tabella «${table.title}»${stacked ? ", divise per colonna" : ""}; la lunghezza è il numero di cartelle o schede.${fills} I numeri da 1 a 4 non sono disegnati e compaiono come «< 5». Gli stessi valori sono nella tabella che segue.`;
}

export function ReportChart({ table }: { table: ChartTable }) {
  const id = `grafico-${table.key}`;
  const totals = table.rows.map((r) => r.cells.reduce((sum, c) => sum + (c.value ?? 0), 0));
  const max = Math.max(1, ...totals);
  const span = WIDTH - TEXT_ROOM;
  const height = TOP + table.rows.length * ROW + 4;
  return (
    <svg className="report-chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{`Grafico: ${table.title}`}</title>
      <desc id={`${id}-desc`}>{chartDescription(table)}</desc>
      <Patterns id={id} />
      {table.rows.map((row, r) => {
        const top = TOP + r * ROW;
        let x = 0;
        const segments = row.cells.map((cell, i) => {
          const w = ((cell.value ?? 0) / max) * span;
          const segment = { i, x, w };
          x += w;
          return segment;
        });
        return (
          <g key={row.label}>
            <text x={0} y={top + 14} fontSize={15} fill="#1a1a1a">
              {chartLabel(row.label)}
            </text>
            <line x1={0} x2={span} y1={top + 18 + BAR + 2} y2={top + 18 + BAR + 2} stroke="#d0d5da" strokeWidth={1} />
            {segments
              .filter((s) => s.w > 0)
              .map((s) => (
                <rect key={s.i} x={s.x} y={top + 18} width={s.w} height={BAR} fill={paint(id, s.i)} stroke="#1a1a1a" strokeWidth={1} />
              ))}
            <text x={x + 6} y={top + 18 + BAR - 3} fontSize={15} fontWeight={700} fill="#1a1a1a">
              {row.cells.map((c) => c.text).join(" · ")}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
