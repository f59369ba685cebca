import { Link } from "@remix-run/react";
import { CHANGE_ARROWS, changeText, formatAverage, scalePosition, type Change, type ScaleLevel, type TimePointLabel, type Triangle, type TriangleSide } from "~/cases/triangle";
import { formatDateTime } from "~/lib/format-date";

/** What the triangle page shows, as the loader sends it (dates may arrive as strings). */
export interface TriangleViewData {
  case: { id: number; code: string; minorRef: string };
  triangle: Triangle | null;
  shownVersion: number | null;
  sources: { timePoint: string; submissionId: number; formVersion: number; updatedAt: Date | string }[];
  notices: string[];
}

/**
 * How each time point is drawn: a shape, a fill and a line style that tell
 * them apart without colour (grey-scale print, colour-blind readers); the
 * colour only helps. More time points than shapes reuse them with a number.
 */
const MARKERS = [
  { shape: "circle", fill: "#ffffff", stroke: "#0b5394", name: "cerchio vuoto" },
  { shape: "square", fill: "#8c8c8c", stroke: "#5c3b00", name: "quadrato grigio" },
  { shape: "triangle", fill: "#1a1a1a", stroke: "#1a1a1a", name: "triangolo nero" },
] as const;

function marker(i: number) {
  return MARKERS[i % MARKERS.length]!;
}

/** One marker centred on (x, y). */
function Marker({ index, x, y }: { index: number; x: number; y: number }) {
  const m = marker(index);
  const common = { fill: m.fill, stroke: m.stroke, strokeWidth: 2 };
  if (m.shape === "circle") return <circle cx={x} cy={y} r={6} {...common} />;
  if (m.shape === "square") return <rect x={x - 5.5} y={y - 5.5} width={11} height={11} {...common} />;
  return <polygon points={`${x},${y - 7} ${x + 7},${y + 5.5} ${x - 7},${y + 5.5}`} {...common} />;
}

/** The legend of the markers, shared by the three charts. */
function Legend({ timePoints }: { timePoints: TimePointLabel[] }) {
  return (
    <ul className="triangle-legend" aria-label="Legenda dei grafici">
      {timePoints.map((tp, i) => (
        <li key={tp.value}>
          <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" focusable="false">
            <Marker index={i} x={0} y={0} />
          </svg>{" "}
          {tp.label} <span className="visually-hidden">: {marker(i).name}</span>
        </li>
      ))}
    </ul>
  );
}

const CHART = { width: 480, left: 16, right: 16, top: 44, row: 44 };

/**
 * One side as a dot plot drawn on the server: a row per sub-dimension (and
 * the side's mean), the scale from worst (left) to best (right), a marker per
 * time point joined by a dashed line in time order.
 */
function SideChart({ side, scale, timePoints, id }: { side: TriangleSide; scale: ScaleLevel[]; timePoints: TimePointLabel[]; id: string }) {
  const span = CHART.width - CHART.left - CHART.right;
  const x = (position: number) => CHART.left + (scale.length > 1 ? (position / (scale.length - 1)) * span : span / 2);
  const rows = [
    ...side.subDimensions.map((s) => ({ key: s.key, title: s.title, positions: s.ratings.map((r) => r?.rank ?? null), mean: false })),
    { key: "media", title: "Media del lato", positions: side.averages.map((a) => (a === null ? null : scalePosition(scale, a))), mean: true },
  ];
  const height = CHART.top + rows.length * CHART.row + 8;
  const offset = (i: number) => (i - (timePoints.length - 1) / 2) * 6;
  return (
    <svg
      className="triangle-chart"
      viewBox={`0 0 ${CHART.width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{`${side.title}: valutazioni a ${timePoints.map((t) => t.value).join(", ")}`}</title>
      <desc id={`${id}-desc`}>
        {`Una riga per sottodimensione, dal livello peggiore a sinistra al migliore a destra. ${timePoints
          .map((t, i) => `${t.value}: ${marker(i).name}`)
          .join("; ")}. Gli stessi valori sono nella tabella che segue.`}
      </desc>
      {scale.map((level, i) => (
        <g key={String(level.value)}>
          <text x={x(i)} y={CHART.top - 14} textAnchor={i === 0 ? "start" : i === scale.length - 1 ? "end" : "middle"} fontSize={13} fill="#1a1a1a">
            {typeof level.value === "number" ? level.value : i + 1}
          </text>
        </g>
      ))}
      {scale.length ? (
        <>
          <text x={CHART.left - 8} y={14} fontSize={12} fill="#4d5a66">
            {`← ${scale[0]!.label}`}
          </text>
          <text x={CHART.width - CHART.right + 8} y={14} fontSize={12} fill="#4d5a66" textAnchor="end">
            {`${scale.at(-1)!.label} →`}
          </text>
        </>
      ) : null}
      {rows.map((row, r) => {
        const top = CHART.top + r * CHART.row;
        const trackY = top + 28;
        const points = row.positions.flatMap((p, i) => (p === null ? [] : [{ i, px: x(p), py: trackY + offset(i) }]));
        return (
          <g key={row.key}>
            {row.mean ? <line x1={0} x2={CHART.width} y1={top + 2} y2={top + 2} stroke="#1a1a1a" strokeWidth={1} /> : null}
            <text x={CHART.left - 8} y={top + 14} fontSize={14} fontWeight={row.mean ? 700 : 400} fill="#1a1a1a">
              {row.title}
            </text>
            <line x1={x(0)} x2={x(scale.length - 1)} y1={trackY} y2={trackY} stroke="#c5c7c9" strokeWidth={1} />
            {scale.map((level, i) => (
              <line key={String(level.value)} x1={x(i)} x2={x(i)} y1={trackY - 9} y2={trackY + 9} stroke="#c5c7c9" strokeWidth={1} />
            ))}
            {points.length > 1 ? (
              <polyline points={points.map((p) => `${p.px},${p.py}`).join(" ")} fill="none" stroke="#4d5a66" strokeWidth={1.5} strokeDasharray="4 3" />
            ) : null}
            {points.map((p) => (
              <Marker key={p.i} index={p.i} x={p.px} y={p.py} />
            ))}
            {!points.length ? (
              <text x={CHART.width / 2} y={trackY + 4} fontSize={12} fill="#4d5a66" textAnchor="middle" stroke="#ffffff" strokeWidth={4} paintOrder="stroke">
                non valutata
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

function ChangeCell({ change }: { change: Change }) {
  return (
    <td className={`triangle-change triangle-change--${change.direction}`}>
      <span aria-hidden="true" className="triangle-change__arrow">
        {CHANGE_ARROWS[change.direction]}
      </span>{" "}
      {changeText(change)}
    </td>
  );
}

/** The same numbers as the chart, as a table: a row per sub-dimension, a column per time point, the change in words. */
function SideTable({ side, timePoints }: { side: TriangleSide; timePoints: TimePointLabel[] }) {
  return (
    <div className="table-scroll" role="region" aria-label={`Tabella: ${side.title}`} tabIndex={0}>
      <table className="table table--compact triangle-table">
        <caption>{side.title}: valutazione per tempo di rilevazione e andamento</caption>
        <thead>
          <tr>
            <th scope="col">Sottodimensione</th>
            {timePoints.map((tp) => (
              <th scope="col" key={tp.value}>
                {tp.label}
              </th>
            ))}
            <th scope="col">Andamento</th>
          </tr>
        </thead>
        <tbody>
          {side.subDimensions.map((sub) => (
            <tr key={sub.key}>
              <th scope="row">{sub.title}</th>
              {sub.ratings.map((r, i) => (
                <td key={timePoints[i]!.value}>{r ? r.label : <span className="triangle-missing">non valutata</span>}</td>
              ))}
              <ChangeCell change={sub.change} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Media del lato</th>
            {side.averages.map((a, i) => (
              <td key={timePoints[i]!.value}>{formatAverage(a)}</td>
            ))}
            <ChangeCell change={side.change} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The narratives of a side, one disclosure per sub-dimension that has any. */
function SideNarratives({ side, timePoints }: { side: TriangleSide; timePoints: TimePointLabel[] }) {
  const narrated = side.subDimensions.filter((s) => s.narratives.length);
  if (!narrated.length) return <p className="triangle-missing">Nessuna descrizione scritta per questo lato.</p>;
  const labelOf = (value: string) => timePoints.find((t) => t.value === value)?.label ?? value;
  return (
    <div className="triangle-narratives">
      {narrated.map((sub) => (
        <details key={sub.key}>
          <summary>
            Descrizioni di «{sub.title}» ({sub.narratives.map((n) => n.timePoint).join(", ")})
          </summary>
          <dl>
            {sub.narratives.flatMap((n) =>
              n.texts.map((text) => (
                <div key={`${n.timePoint}-${text.title}`}>
                  <dt>
                    {labelOf(n.timePoint)} · {text.title}
                  </dt>
                  <dd>{text.text}</dd>
                </div>
              ))
            )}
          </dl>
        </details>
      ))}
    </div>
  );
}

/**
 * The P.I.P.P.I. triangle of a case: which schede it is read from, what was
 * aligned or left out, then per side a chart, the table with the same
 * numbers and the narratives on demand. No script: it prints on A4 as it is.
 */
export function TriangleView({ view }: { view: TriangleViewData }) {
  const t = view.triangle;
  const pdf = `/casi/${view.case.id}/triangolo.pdf`;
  return (
    <>
      <p className="no-print">
        <Link to={`/casi/${view.case.id}`}>← Cartella {view.case.code}</Link>
      </p>
      <h1>Il Mondo del Bambino — cartella {view.case.code}</h1>
      <p>
        Riferimento del minore: <strong>{view.case.minorRef}</strong>
      </p>
      {!t ? (
        <p>
          Nessuna valutazione «Il Mondo del Bambino» è stata ancora inviata per questa cartella: il confronto appare quando almeno una
          scheda di T0, T1 o T2 è inviata (le bozze non contano).
        </p>
      ) : (
        <>
          <h2>Da quali schede</h2>
          <ul>
            {view.sources.map((s) => (
              <li key={s.timePoint}>
                {t.timePoints.find((tp) => tp.value === s.timePoint)?.label ?? s.timePoint}:{" "}
                <Link to={`/schede/${s.submissionId}`}>scheda n. {s.submissionId}</Link>, versione {s.formVersion} del modulo, aggiornata il{" "}
                {formatDateTime(s.updatedAt)}
              </li>
            ))}
          </ul>
          {view.notices.length ? (
            <div className="notice" role="note">
              {view.notices.map((n) => (
                <p key={n}>{n}</p>
              ))}
            </div>
          ) : null}
          <p>
            Livelli e nomi come nella versione {view.shownVersion} del modulo.{" "}
            {t.scale.length ? (
              <>
                La scala va dal livello peggiore «{t.scale[0]!.label}» al migliore «{t.scale.at(-1)!.label}», nell'ordine del modulo:
                «migliorato» vuol dire salito verso «{t.scale.at(-1)!.label}», tra il primo e l'ultimo tempo in cui la sottodimensione è
                valutata; «non confrontabile» che è valutata in meno di due tempi. La media del lato conta solo le sottodimensioni valutate.
              </>
            ) : null}
          </p>
          <p className="no-print">
            <a href={pdf} download className="button button--secondary">
              Scarica in PDF
            </a>{" "}
            Per stampare usa la stampa del browser: la pagina si adatta al foglio A4.
          </p>
          <Legend timePoints={t.timePoints} />
          {t.sides.map((side, i) => (
            <section key={side.key} className="triangle-side" aria-labelledby={`lato-${i}`}>
              <h2 id={`lato-${i}`}>{side.title}</h2>
              <SideChart side={side} scale={t.scale} timePoints={t.timePoints} id={`grafico-${i}`} />
              <SideTable side={side} timePoints={t.timePoints} />
              <SideNarratives side={side} timePoints={t.timePoints} />
            </section>
          ))}
        </>
      )}
    </>
  );
}

/**
 * The case page's way to the triangle, under the path's assessment stages:
 * the link once an assessment is submitted, otherwise why there is none yet.
 */
export function CaseTriangleLink({ caseId, submitted }: { caseId: number; submitted: string[] }) {
  return (
    <section aria-labelledby="case-triangle" className="triangle-link">
      <h2 id="case-triangle">Il Mondo del Bambino: confronto tra T0, T1 e T2</h2>
      {submitted.length ? (
        <p>
          Valutazioni inviate: {submitted.join(", ")}.{" "}
          <Link to={`/casi/${caseId}/triangolo`}>Vedi il triangolo</Link>: ogni sottodimensione ai diversi tempi, con l'andamento e le
          descrizioni, da stampare o scaricare in PDF.
        </p>
      ) : (
        <p>
          Il confronto appare quando è inviata almeno una scheda «Il Mondo del Bambino» di T0, T1 o T2 (le bozze non contano).
        </p>
      )}
    </section>
  );
}
