import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/format-date";
import type { EditorVersion } from "~/components/submission-editor";
import type { Submission } from "~/submissions/submissions.server";
import { SUBMISSION_STATUS_LABELS } from "~/submissions/status-labels";

/** A scheda as its pages show it: the submission, its pinned version and what the caller may do. */
export interface SubmissionPageData {
  submission: Omit<Submission, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string; caseId: number | null };
  version: EditorVersion;
  /** The caller may save it (case.write where it belongs). */
  canWrite: boolean;
  /** A published version newer than the pinned one (the draft stays on its own). */
  newerVersion: number | null;
}

const SAVED_NOTICES: Record<string, string> = {
  bozza: "Bozza salvata.",
  inviata: "Scheda inviata.",
  rettificata: "Rettifica salvata: la nuova revisione è nello storico insieme al motivo.",
};

/** Title, status and where a scheda belongs, with links to its history and its case. */
export function SubmissionHeader({
  page,
  names,
  saved,
  heading,
}: {
  page: SubmissionPageData;
  names: { services: Record<string, string>; comuni: Record<string, string> };
  saved?: string | null;
  heading?: string;
}) {
  const { submission, version } = page;
  const notice = saved ? SAVED_NOTICES[saved] : undefined;
  return (
    <>
      <p>
        <Link to="/moduli">Moduli</Link>
      </p>
      <h1>{heading ?? version.title}</h1>
      {notice ? (
        <div className="notice notice--success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>Stato</dt>
          <dd>
            <span className={`tag${submission.status === "draft" ? " tag--draft" : ""}`}>{SUBMISSION_STATUS_LABELS[submission.status]}</span>
          </dd>
        </div>
        <div>
          <dt>Servizio</dt>
          <dd>{names.services[submission.service] ?? submission.service}</dd>
        </div>
        {submission.comune ? (
          <div>
            <dt>Comune</dt>
            <dd>{names.comuni[submission.comune] ?? submission.comune}</dd>
          </div>
        ) : null}
        {submission.case ? (
          <div>
            <dt>Cartella</dt>
            <dd>{submission.caseId ? <Link to={`/casi/${submission.caseId}`}>{submission.case}</Link> : submission.case}</dd>
          </div>
        ) : null}
        <div>
          <dt>Modulo</dt>
          <dd>
            {version.title}, versione {version.version}
          </dd>
        </div>
        <div>
          <dt>Revisione</dt>
          <dd>
            {submission.revision}, salvata il {formatDateTime(submission.updatedAt)} ·{" "}
            <Link to={`/schede/${submission.id}/storico`}>Storico delle revisioni</Link>
          </dd>
        </div>
      </dl>
    </>
  );
}
