import { Link } from "@remix-run/react";
import type { TimelineStage } from "~/cases/timeline";
import { formatDateTime } from "~/lib/format-date";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";

/** A stage as the case page sends it: the timeline's stage and, for workers of an open case, where to start it. */
export type CasePathStage = Omit<TimelineStage, "entries"> & {
  entries: (Omit<TimelineStage["entries"][number], "createdAt" | "updatedAt"> & { updatedAt: Date | string })[];
  startUrl: string | null;
};

/**
 * The case's path (its service's stages, in order) with each stage's schede.
 * A stage's button opens its form with the stage set; a stage filled once
 * that already has a scheda offers it, and two schede in it are flagged.
 */
export function CasePath({ name, stages }: { name: string; stages: CasePathStage[] }) {
  if (!stages.length) return <p>Nessuna scheda in questa cartella.</p>;
  return (
    <ol className="timeline" aria-label={`${name}: fasi nell'ordine`}>
      {stages.map((stage) => (
        <li key={stage.key} className={`timeline__stage${stage.entries.length ? " timeline__stage--done" : ""}`}>
          <h3>{stage.label}</h3>
          {stage.duplicate ? (
            <p className="notice timeline__flag">
              Questa fase ha {stage.entries.length} schede, ma se ne compila una sola: tieni quella giusta e annota nelle altre
              perché esistono.
            </p>
          ) : null}
          {stage.entries.length ? (
            <ul className="timeline__entries">
              {stage.entries.map((e) => (
                <li key={e.id}>
                  <Link to={`/schede/${e.id}`}>
                    {e.formTitle} n. {e.id}
                  </Link>
                  <span className={e.status === "draft" ? "tag tag--draft" : "tag"}>{SUBMISSION_STATUS_LABELS[e.status]}</span>
                  <span>aggiornata il {formatDateTime(e.updatedAt)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="timeline__empty">Nessuna scheda.</p>
          )}
          {stage.form && !stage.available ? <p className="timeline__empty">Modulo non ancora disponibile per questo servizio.</p> : null}
          {stage.startUrl ? (
            <Link to={stage.startUrl} className="button button--secondary button--small">
              {stage.entries.length && !stage.repeatable ? "Compila un'altra scheda" : "Compila"}
              <span className="visually-hidden"> {stage.label}</span>
            </Link>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
