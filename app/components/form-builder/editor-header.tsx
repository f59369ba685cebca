import { Link } from "@remix-run/react";

/**
 * The editor's title and toolbar: undo/redo (off in the JSON tab, whose
 * texts have their own), save, the saved state (announced politely) and the
 * way to publishing.
 */
export function EditorHeader({
  slug,
  title,
  history,
  save,
}: {
  slug: string;
  title: string;
  history: { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void; enabled: boolean };
  save: { dirty: boolean; saving: boolean; submit: () => void };
}) {
  return (
    <div className="builder__header">
      <div>
        <p className="breadcrumb">
          <Link to={`/admin/moduli/${slug}`}>{title}</Link>
        </p>
        <h1>Bozza di «{title}»</h1>
      </div>
      <div className="builder__toolbar" role="toolbar" aria-label="Azioni della bozza">
        <button type="button" className="button button--secondary" onClick={history.undo} disabled={!history.canUndo || !history.enabled} aria-keyshortcuts="Control+Z" title="Torna a prima dell'ultima modifica (Ctrl+Z)">
          <span aria-hidden="true">↶ </span>Annulla modifica
        </button>
        <button type="button" className="button button--secondary" onClick={history.redo} disabled={!history.canRedo || !history.enabled} aria-keyshortcuts="Control+Y" title="Rifai la modifica appena annullata (Ctrl+Y)">
          <span aria-hidden="true">↷ </span>Ripeti modifica
        </button>
        <button type="button" className="button" onClick={() => save.submit()} disabled={save.saving}>
          {save.saving ? "Salvataggio…" : "Salva la bozza"}
        </button>
        <span className="builder__status" aria-live="polite">
          {save.dirty ? "Modifiche non salvate" : "Tutto salvato"}
        </span>
        <Link to={`/admin/moduli/${slug}/pubblica`}>Verifica e pubblica</Link>
      </div>
    </div>
  );
}
