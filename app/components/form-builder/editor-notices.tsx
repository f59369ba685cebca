import type { Blocker } from "@remix-run/react";
import type { ReactNode } from "react";

/** The editor's one message at a time: an edit refused, a save's outcome, a save refused for a conflict. */
export type Notice = { kind: "error" | "success"; text: string } | { kind: "conflict"; text: string; currentHash: string };

/**
 * The messages above the editor: the page's welcome until the first notice,
 * the notice (a conflict offers to open the saved version or overwrite it)
 * and, when a link would lose unsaved changes, the question whether to leave.
 */
export function EditorNotices({
  slug,
  welcome,
  notice,
  blocker,
  onOverwrite,
}: {
  slug: string;
  welcome?: ReactNode;
  notice: Notice | null;
  blocker: Blocker;
  onOverwrite: (currentHash: string) => void;
}) {
  return (
    <>
      {welcome && !notice ? (
        <div className="notice notice--success" role="status">
          <p>{welcome}</p>
        </div>
      ) : null}
      {notice ? (
        <div className={`notice builder__notice notice--${notice.kind === "success" ? "success" : "error"}`} role="alert">
          <p>{notice.text}</p>
          {notice.kind === "conflict" ? (
            <div className="actions">
              <a href={`/admin/moduli/${slug}/bozza`} target="_blank" rel="noreferrer">
                Apri la versione salvata in una nuova scheda
              </a>
              <button type="button" className="button button--danger" onClick={() => onOverwrite(notice.currentHash)}>
                Sovrascrivi con le mie modifiche
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {blocker.state === "blocked" ? (
        <div className="notice notice--error" role="alertdialog" aria-labelledby="uscita-titolo">
          <p id="uscita-titolo">La bozza ha modifiche non salvate. Uscire senza salvarle?</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => blocker.reset()}>
              Resta nell'editor
            </button>
            <button type="button" className="button button--danger" onClick={() => blocker.proceed()}>
              Esci senza salvare
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
