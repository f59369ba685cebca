import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/format-date";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";
import type { Submission } from "~/submissions/submissions.server";

/** The fill page's warning that the case already has a scheda for this stage, linking to it. */
export function ExistingStageSchede({ label, existing }: { label: string; existing: { id: number; formTitle: string; status: Submission["status"]; updatedAt: Date | string }[] }) {
  return (
    <div className="notice" role="note" aria-labelledby="existing-stage-title">
      <h2 id="existing-stage-title">Questa cartella ha già una scheda per «{label}»</h2>
      <ul>
        {existing.map((e) => (
          <li key={e.id}>
            <Link to={`/schede/${e.id}`}>
              {e.formTitle} n. {e.id}
            </Link>{" "}
            ({SUBMISSION_STATUS_LABELS[e.status].toLowerCase()}, aggiornata il {formatDateTime(e.updatedAt)})
          </li>
        ))}
      </ul>
      <p>Apri quella per continuarla o rettificarla. Compila qui sotto solo se serve davvero una seconda scheda per la stessa fase.</p>
    </div>
  );
}
