import { Link, useBlocker, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { BuilderError, jsonEqual, type FieldPath, type FormDocument } from "~/forms/builder/document";
import { readFieldTree, type FieldNode } from "~/forms/builder/field-tree";
import { pushHistory, redoHistory, startHistory, undoHistory } from "~/forms/builder/history";
import { containerAt, displayOrder, fieldSlots, getSlot, slotTitle } from "~/forms/builder/locate";
import { addField, moveField, moveFieldBy, type EditResult } from "~/forms/builder/operations";
import { FIELD_KIND_LABELS, FIELD_KINDS, type FieldKind } from "~/forms/builder/palette";
import type { LintProblem } from "~/forms/lint.server";
import type { FieldError } from "~/forms/messages";
import { parseJson } from "~/forms/parse-json";
import { FieldList, FieldListContext, pathId } from "./field-list";
import { FieldProperties } from "./field-properties";
import { FormPreview } from "./form-preview";
import { JsonTab, syntaxError, type JsonTexts } from "./json-tab";

interface Draft {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  contentHash: string;
}

type Notice = { kind: "error" | "success"; text: string } | { kind: "conflict"; text: string; currentHash: string };
type CheckResult = { problems: LintProblem[]; errors: FieldError[] | null };
type SaveResult = { saved: true; contentHash: string } | { conflict: true; currentHash: string; error: string } | { problems: LintProblem[]; error: string } | { error: string };

const toTexts = (doc: FormDocument): JsonTexts => ({ schema: JSON.stringify(doc.schema, null, 2), uiSchema: JSON.stringify(doc.uiSchema, null, 2) });
const serialize = (doc: FormDocument) => JSON.stringify(doc);

/** The JSON texts as a document, or the reason they are not one. */
function parseTexts(texts: JsonTexts): FormDocument | string {
  for (const [name, text] of [["Schema", texts.schema], ["uiSchema", texts.uiSchema]] as const) {
    const error = syntaxError(text);
    if (error) return `${name}: ${error.message}`;
  }
  return { schema: parseJson(texts.schema) as FormDocument["schema"], uiSchema: parseJson(texts.uiSchema) as FormDocument["uiSchema"] };
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/**
 * The draft editor (issue 6): visual tab (palette, field tree, properties),
 * JSON tab (CodeMirror), live preview, undo/redo, save with conflict check.
 * Every change goes through a pure operation of ~/forms/builder, so what the
 * visual tab produces is lint-clean; what the JSON tab produces is linted by
 * the server before anything is saved.
 */
export function FormEditor({ slug, title, draft, welcome }: { slug: string; title: string; draft: Draft; welcome?: ReactNode }) {
  const [history, setHistory] = useState(() => startHistory<FormDocument>({ schema: draft.schema, uiSchema: draft.uiSchema }));
  const doc = history.present;
  const [saved, setSaved] = useState(() => ({ hash: draft.contentHash, json: serialize(history.present) }));
  const [selected, setSelected] = useState<FieldPath | undefined>();
  const [texts, setTexts] = useState<JsonTexts | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [previewData, setPreviewData] = useState<Record<string, unknown>>({});
  const [focusId, setFocusId] = useState<string | undefined>();
  const check = useFetcher<CheckResult>();
  const save = useFetcher<SaveResult>();
  const lastSave = useRef<{ json: string } | null>(null);

  // In the JSON tab the texts are the truth; the preview follows them while they parse.
  const parsed = texts ? parseTexts(texts) : doc;
  const current = typeof parsed === "string" ? undefined : parsed;
  const dirty = (current ? serialize(current) : "") !== saved.json;
  const tree = useMemo(() => readFieldTree(doc), [doc]);

  // Lint and preview validation on the server, a moment after the last change.
  const checkBody = current ? JSON.stringify({ schema: current.schema, uiSchema: current.uiSchema, data: previewData }) : undefined;
  useEffect(() => {
    if (!checkBody) return;
    const timer = setTimeout(() => {
      check.submit({ intent: "controlla", ...JSON.parse(checkBody) }, { method: "post", encType: "application/json" });
    }, 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [checkBody]);
  const problems = check.data?.problems ?? [];
  const pendingCheck = check.state !== "idle" || !check.data;

  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId, doc]);

  const apply = useCallback(
    (edit: (d: FormDocument) => EditResult | FormDocument, message: string, focus?: (path: FieldPath | undefined) => string | undefined) => {
      try {
        const result = edit(history.present);
        const next = "doc" in result && "path" in result ? result : { doc: result as FormDocument, path: undefined };
        setHistory(pushHistory(history, next.doc));
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
    [history, selected]
  );

  const undo = useCallback(() => {
    if (!history.past.length) return;
    setHistory(undoHistory(history));
    setAnnouncement("Modifica annullata");
  }, [history]);
  const redo = useCallback(() => {
    if (!history.future.length) return;
    setHistory(redoHistory(history));
    setAnnouncement("Modifica ripristinata");
  }, [history]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (texts || !(event.ctrlKey || event.metaKey) || isEditable(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) undo();
      else if (key === "y" || (key === "z" && event.shiftKey)) redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [texts, undo, redo]);

  // Unsaved changes are never lost silently: closing the tab asks, and so does leaving through a link.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  // The outcome of a save.
  useEffect(() => {
    const result = save.data;
    if (save.state !== "idle" || !result || !lastSave.current) return;
    if ("saved" in result) {
      setSaved({ hash: result.contentHash, json: lastSave.current.json });
      setNotice({ kind: "success", text: "Bozza salvata." });
    } else if ("conflict" in result) {
      setNotice({
        kind: "conflict",
        currentHash: result.currentHash,
        text: "Un'altra persona ha salvato questa bozza dopo che l'hai aperta. Le tue modifiche sono ancora qui, non salvate.",
      });
    } else {
      const list = "problems" in result ? result.problems.map((p) => `${p.path || "/"}: ${p.message}`).join("; ") : "";
      setNotice({ kind: "error", text: `Bozza non salvata: ${result.error}${list ? ` (${list})` : ""}.` });
    }
    lastSave.current = null;
  }, [save.state, save.data]);

  const submitSave = (expectedHash: string) => {
    if (!current) {
      setNotice({ kind: "error", text: `Bozza non salvata: ${parsed as string}. Correggere il JSON prima di salvare.` });
      return;
    }
    lastSave.current = { json: serialize(current) };
    save.submit({ intent: "salva", expectedHash, schema: current.schema, uiSchema: current.uiSchema } as never, { method: "post", encType: "application/json" });
  };

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
      if (!jsonEqual(next, doc)) setHistory(pushHistory(history, next));
      if (selected && !pathExists(next, selected)) setSelected(undefined);
      setTexts(null);
      setNotice(null);
    }
  };

  // Palette: new fields go into the selected section or group, or after the selected field.
  const target = insertionPoint(doc, selected);
  const add = (kind: FieldKind) =>
    apply(
      (d) => addField(d, target.container, kind, target.index),
      `Aggiunto il campo ${FIELD_KIND_LABELS[kind]} in ${target.label}`,
      (path) => path && pathId(path, "seleziona")
    );

  const listActions = {
    selected: selected?.join("."),
    select: (path: FieldPath) => setSelected(path),
    moveBy: (path: FieldPath, delta: -1 | 1) =>
      apply(
        (d) => moveFieldBy(d, path, delta),
        "",
        (moved) => moved && pathId(moved, delta < 0 ? "su" : "giu")
      ),
    drop: (from: FieldPath, to: FieldPath, index: number) => apply((d) => moveField(d, from, to, index), "Campo spostato"),
  };
  // Announce moves with the new position ("3 di 5"), which the list only shows visually.
  const moveBy = (path: FieldPath, delta: -1 | 1) => {
    const order = displayOrder(containerAt(doc, path.slice(0, -1)));
    const position = order.indexOf(path.at(-1)!) + delta;
    listActions.moveBy(path, delta);
    if (position >= 0 && position < order.length) setAnnouncement(`«${titleAt(doc, path)}» spostato in posizione ${position + 1} di ${order.length}`);
  };

  return (
    <div className="builder">
      <div className="builder__header">
        <div>
          <p className="breadcrumb">
            <Link to={`/admin/moduli/${slug}`}>{title}</Link>
          </p>
          <h1>Bozza di «{title}»</h1>
        </div>
        <div className="builder__toolbar" role="toolbar" aria-label="Azioni della bozza">
          <button type="button" className="button button--secondary" onClick={undo} disabled={!history.past.length || Boolean(texts)} aria-keyshortcuts="Control+Z">
            Annulla
          </button>
          <button type="button" className="button button--secondary" onClick={redo} disabled={!history.future.length || Boolean(texts)} aria-keyshortcuts="Control+Y">
            Ripeti
          </button>
          <button type="button" className="button" onClick={() => submitSave(saved.hash)} disabled={save.state !== "idle"}>
            {save.state !== "idle" ? "Salvataggio…" : "Salva la bozza"}
          </button>
          <span className="builder__status" aria-live="polite">
            {dirty ? "Modifiche non salvate" : "Tutto salvato"}
          </span>
          <Link to={`/admin/moduli/${slug}/pubblica`}>Verifica e pubblica</Link>
        </div>
      </div>
      <p className="visually-hidden" aria-live="assertive" role="status">
        {announcement}
      </p>
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
              <button type="button" className="button button--danger" onClick={() => submitSave(notice.currentHash)}>
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

      <div className="builder__tabs" role="tablist" aria-label="Modalità di modifica">
        <button type="button" role="tab" id="scheda-visuale" aria-selected={!texts} aria-controls="pannello-modifica" onClick={() => switchTab("visuale")}>
          Editor visuale
        </button>
        <button type="button" role="tab" id="scheda-json" aria-selected={Boolean(texts)} aria-controls="pannello-modifica" onClick={() => switchTab("json")}>
          JSON
        </button>
      </div>

      <div className="builder__body">
        <div className="builder__edit" id="pannello-modifica" role="tabpanel" aria-labelledby={texts ? "scheda-json" : "scheda-visuale"}>
          {texts ? (
            <JsonTab texts={texts} onChange={setTexts} problems={pendingCheck && !check.data ? [] : problems} />
          ) : (
            <div className="builder__visual">
              <section className="builder-palette" aria-labelledby="tavolozza-titolo">
                <h2 id="tavolozza-titolo">Aggiungi un campo</h2>
                <p className="field__hint">Va in: {target.label}</p>
                <ul>
                  {FIELD_KINDS.map((kind) => (
                    <li key={kind}>
                      <button type="button" className="button button--small button--secondary" data-kind={kind} onClick={() => add(kind)}>
                        <span className="visually-hidden">Aggiungi: </span>
                        {FIELD_KIND_LABELS[kind]}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
              <section className="builder-fields" aria-labelledby="campi-titolo">
                <h2 id="campi-titolo">Campi del modulo</h2>
                <p className="field__hint">
                  Riordina con i pulsanti ↑ ↓ o trascinando. Ctrl+Z annulla, Ctrl+Y ripete.
                  {selected ? (
                    <>
                      {" "}
                      <button type="button" className="link-button" onClick={() => setSelected(undefined)}>
                        Deseleziona
                      </button>
                    </>
                  ) : null}
                </p>
                <FieldListContext.Provider value={{ ...listActions, moveBy }}>
                  <FieldList nodes={tree} containerPath={[]} label="Il modulo" />
                </FieldListContext.Provider>
                {problems.length ? (
                  <div className="notice notice--error">
                    <p>Problemi da correggere prima di salvare:</p>
                    <ul>
                      {problems.map((p, i) => (
                        <li key={i}>
                          {p.source} {p.path || "/"}: {p.message}
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </section>
              {selected && pathExists(doc, selected) ? (
                <FieldProperties doc={doc} path={selected} containers={containerNodes(tree)} apply={apply} />
              ) : (
                <section className="builder-panel">
                  <h2>Proprietà</h2>
                  <p>Seleziona un campo nell'elenco per vederne e modificarne le proprietà.</p>
                </section>
              )}
            </div>
          )}
        </div>
        <FormPreview doc={current} errors={check.state === "idle" && check.data ? check.data.errors : null} onData={setPreviewData} />
      </div>
    </div>
  );
}

function pathExists(doc: FormDocument, path: FieldPath): boolean {
  try {
    return fieldSlots(containerAt(doc, path.slice(0, -1)).schema).has(path.at(-1)!);
  } catch {
    return false;
  }
}

function titleAt(doc: FormDocument, path: FieldPath): string {
  return slotTitle(doc.schema, getSlot(doc, path));
}

/** Sections and groups the visual editor can open, depth first. */
function containerNodes(nodes: FieldNode[]): FieldNode[] {
  return nodes.flatMap((n) => (n.children ? [n, ...containerNodes(n.children)] : []));
}

/** Where the palette adds: inside a selected section/group, after a selected field, else at the end of the form. */
function insertionPoint(doc: FormDocument, selected: FieldPath | undefined): { container: FieldPath; index?: number; label: string } {
  if (!selected || !pathExists(doc, selected)) return { container: [], label: "fine del modulo" };
  const node = readFieldTree(doc, selected.slice(0, -1)).find((n) => n.key === selected.at(-1));
  if (node?.children) return { container: selected, label: `sezione «${node.title}»` };
  const order = displayOrder(containerAt(doc, selected.slice(0, -1)));
  return { container: selected.slice(0, -1), index: order.indexOf(selected.at(-1)!) + 1, label: `dopo «${node?.title ?? selected.at(-1)}»` };
}
