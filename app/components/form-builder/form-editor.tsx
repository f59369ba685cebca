import { useCallback, useEffect, useState, type ReactNode } from "react";
import { BuilderError, jsonEqual, type FieldPath, type FormDocument } from "~/forms/builder/document";
import { EditorHeader } from "./editor-header";
import { EditorNotices, type Notice } from "./editor-notices";
import { EditorTabs, type Panel } from "./editor-tabs";
import { pathExists, titleAt } from "./field-paths";
import { FormPreview } from "./form-preview";
import { JsonTab, parseTexts, toTexts, type JsonTexts } from "./json-tab";
import { useDebouncedCheck } from "./use-debounced-check";
import { useDraftSave } from "./use-draft-save";
import { useEditHistory } from "./use-edit-history";
import { useUnsavedChangesGuard } from "./use-unsaved-changes-guard";
import { VisualEditor, type ApplyWithFocus } from "./visual-editor";

interface Draft {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  contentHash: string;
}

/**
 * The draft editor (issue 6): visual tab (palette, field tree, properties),
 * JSON tab (CodeMirror), live preview, undo/redo, save with conflict check.
 * Every change goes through a pure operation of ~/forms/builder, so what the
 * visual tab produces is lint-clean; what the JSON tab produces is linted by
 * the server before anything is saved.
 */
export function FormEditor({ slug, title, draft, welcome }: { slug: string; title: string; draft: Draft; welcome?: ReactNode }) {
  const [selected, setSelected] = useState<FieldPath | undefined>();
  // In the JSON tab (texts not null) the texts are the truth; the preview follows them while they parse.
  const [texts, setTexts] = useState<JsonTexts | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusId, setFocusId] = useState<string | undefined>();
  // Below desktop width the editor shows one panel at a time, chosen with tabs (CSS decides when).
  const [panel, setPanel] = useState<Panel>("modifica");
  const history = useEditHistory({ schema: draft.schema, uiSchema: draft.uiSchema }, { shortcuts: !texts, announce: setAnnouncement });
  const doc = history.doc;
  const parsed = texts ? parseTexts(texts) : doc;
  const current = typeof parsed === "string" ? undefined : parsed;
  const check = useDebouncedCheck(current);
  const save = useDraftSave(draft, parsed, setNotice);
  const blocker = useUnsavedChangesGuard(save.dirty);

  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId, doc]);

  const apply: ApplyWithFocus = useCallback(
    (edit, message, focus) => {
      try {
        const result = edit(doc);
        const next = "doc" in result && "path" in result ? result : { doc: result as FormDocument, path: undefined };
        history.push(next.doc);
        if (next.path) setSelected(next.path);
        else if (selected && !pathExists(next.doc, selected)) setSelected(undefined);
        setNotice(null);
        setAnnouncement(message);
        setFocusId(focus?.(next.path));
      } catch (error) {
        if (!(error instanceof BuilderError)) throw error;
        setNotice({ kind: "error", text: `Modifica non applicata: ${error.message}.` });
        setAnnouncement(`Modifica non applicata: ${error.message}`);
      }
    },
    [doc, history.push, selected],
  );

  const switchTab = (to: "visuale" | "json") => {
    if (to === "json" && !texts) {
      setTexts(toTexts(doc));
      setNotice(null);
    }
    if (to === "visuale" && texts) {
      const next = parseTexts(texts);
      if (typeof next === "string") {
        setNotice({ kind: "error", text: `Il JSON non è valido, quindi resti nella scheda JSON: ${next}` });
        return;
      }
      if (!jsonEqual(next, doc)) history.push(next);
      if (selected && !pathExists(next, selected)) setSelected(undefined);
      setTexts(null);
      setNotice(null);
    }
  };

  return (
    <div className="builder" data-panel={texts && panel === "proprieta" ? "modifica" : panel}>
      <EditorHeader slug={slug} title={title} history={{ ...history, enabled: !texts }} save={save} />
      <p className="visually-hidden" aria-live="assertive" role="status">
        {announcement}
      </p>
      <EditorNotices slug={slug} welcome={welcome} notice={notice} blocker={blocker} onOverwrite={save.submit} />
      <EditorTabs
        json={Boolean(texts)}
        onMode={switchTab}
        panel={panel}
        onPanel={setPanel}
        selectedTitle={selected && pathExists(doc, selected) ? titleAt(doc, selected) : undefined}
      />
      <div className="builder__body">
        <div className="builder__edit" id="pannello-modifica" role="tabpanel" aria-labelledby={texts ? "scheda-json" : "scheda-visuale"}>
          {texts ? (
            <JsonTab texts={texts} onChange={setTexts} problems={check.problems} />
          ) : (
            <VisualEditor doc={doc} selected={selected} onSelect={setSelected} apply={apply} announce={setAnnouncement} problems={check.problems} />
          )}
        </div>
        <FormPreview doc={current} errors={check.errors} onData={check.setData} />
      </div>
    </div>
  );
}
