import { useNavigate } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type Ref } from "react";
import { SchemaForm } from "~/components/schema-form";
import { copyValues } from "~/forms/schema/copy-values";
import { pruneEmptyObjects } from "~/forms/schema/prune-empty";
import type { FieldError } from "~/lib/errors";
import { fetchStoredSubmission, saveSubmission, type SaveRequest } from "~/submissions/submission-client";
import { stashKey, stashUnsaved, takeUnsaved } from "~/submissions/unsaved-stash";
import type { JsonSchema } from "~/forms/schema/json-schema";
import type { FillTarget } from "~/submissions/fill-target";
import { ConflictPanel, type ConflictTheirs } from "./conflict-panel";

/** What a form page needs of a version to render and validate it (all JSON, sent to the browser). */
export interface EditorVersion {
  slug: string;
  title: string;
  description: string | null;
  version: number;
  schemaId: string;
  /** The schema under the version's `$id`, as the validator module knows it. */
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
  validatorUrl: string;
}

/** Autosave period while there are unsaved changes (issue 5). */
const AUTOSAVE_MS = 30_000;

const clock = new Intl.DateTimeFormat("it-IT", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Rome" });

export interface SubmissionEditorProps {
  version: EditorVersion;
  /** new: /moduli/:slug/compila · draft: /schede/:id · amend: /schede/:id/rettifica */
  mode: "new" | "draft" | "amend";
  /** The submission being edited and the revision the page shows (draft and amend). */
  submission?: { id: number; revision: number };
  /** Where a new submission goes (new). */
  target?: FillTarget;
  data: Record<string, unknown>;
  /** Errors to show from the first render (a post without JavaScript that did not validate). */
  errors?: FieldError[];
  /** A post without JavaScript that found someone else's save (the form holds what was posted). */
  conflict?: ConflictTheirs;
  /** The amendment's reason as posted. */
  reason?: string | null;
  /** `data` holds changes not saved yet (carried from the compila page): autosave them. */
  startsDirty?: boolean;
}

/**
 * The form page's editor: the version's form with "Salva bozza" and "Invia"
 * (or "Invia rettifica"), posting as an ordinary HTML form without
 * JavaScript. With JavaScript, saves go through the JSON API: drafts are
 * autosaved every 30 s while there are changes and when the page is hidden or
 * left, and a save that finds someone else's newer revision (409) opens the
 * conflict section instead of overwriting anything. Autosave only ever
 * saves drafts of a draft: the domain refuses to turn a submitted scheda
 * back into a draft, and every save carries the revision it started from.
 */
export function SubmissionEditor(props: SubmissionEditorProps) {
  const { version, mode, target } = props;
  const navigate = useNavigate();
  const [formKey, setFormKey] = useState(0);
  const [startData, setStartData] = useState(props.data);
  const [errors, setErrors] = useState(props.errors);
  const [status, setStatus] = useState("");
  const [conflict, setConflict] = useState<{ theirs: ConflictTheirs; yours: Record<string, unknown> } | undefined>();
  const [hydrated, setHydrated] = useState(false);
  // A save answered 401: the session expired while the page was open (issue 13).
  const [signedOut, setSignedOut] = useState(false);
  const signedOutRef = useRef(false);
  signedOutRef.current = signedOut;
  const revision = useRef(props.conflict?.revision ?? props.submission?.revision ?? 0);
  const [shownRevision, setShownRevision] = useState(revision.current);
  const latest = useRef(props.data);
  const dirty = useRef(props.startsDirty ?? false);
  // Counts changes, so a save knows whether more were typed while it was under way.
  const changes = useRef(0);
  // Once submitted, this page saves nothing more (autosave must never make it a draft again).
  const done = useRef(false);
  const saving = useRef(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const id = useRef(props.submission?.id);
  // Read by the autosave timers; a ref keeps `save` (and the listeners) the same across renders.
  const conflictOpen = useRef(false);
  const leavingForSavedPage = useRef(false);
  const restored = useRef(false);
  conflictOpen.current = conflict !== undefined;

  /** Where this page's typed data wait in the tab while signed out (unsaved-stash.ts). */
  const stashKeyNow = useCallback(() => stashKey({ submissionId: id.current, page: window.location.pathname + window.location.search }), []);
  const stash = useCallback(() => {
    stashUnsaved(window.sessionStorage, stashKeyNow(), { data: latest.current, revision: revision.current, reason: reasonRef.current?.value ?? null });
  }, [stashKeyNow]);

  useEffect(() => {
    setHydrated(true);
    // Back from signing in again: what was typed before is put back, and saved as soon as possible.
    const kept = takeUnsaved(window.sessionStorage, stashKeyNow());
    if (!kept) return;
    latest.current = kept.data;
    revision.current = kept.revision;
    setShownRevision(kept.revision);
    if (reasonRef.current && kept.reason) reasonRef.current.value = kept.reason;
    dirty.current = true;
    changes.current++;
    setStartData(kept.data);
    setFormKey((k) => k + 1);
    setStatus("Ripresi i dati scritti prima del nuovo accesso.");
    restored.current = true;
  }, [stashKeyNow]);

  const onChange = useCallback((data: Record<string, unknown>, fieldId?: string) => {
    latest.current = pruneEmptyObjects(data);
    // rjsf reports its own defaults on mount: only a person's change needs saving.
    if (fieldId !== undefined) {
      dirty.current = true;
      changes.current++;
    }
  }, []);

  const save = useCallback(
    async (saveStatus: "draft" | "submitted", data: Record<string, unknown>, background: { keepalive: boolean } | null) => {
      if (saving.current || done.current || (background && conflictOpen.current)) return;
      saving.current = true;
      const changesAtStart = changes.current;
      if (!background) setStatus(saveStatus === "draft" ? "Salvataggio in corso…" : "Invio in corso…");
      const request: SaveRequest = id.current
        ? { data, status: saveStatus, existing: { id: id.current, revision: revision.current, reason: reasonRef.current?.value.trim() || null } }
        : { data, status: saveStatus, create: { slug: version.slug, formVersion: version.version, ...target! } };
      const result = await saveSubmission({ ...request, keepalive: background?.keepalive });
      saving.current = false;
      if (result.kind !== "signedOut") setSignedOut(false);
      if (result.kind === "saved") {
        // Saved after all (signed in again in another tab): a stash left behind would come back stale.
        if (signedOutRef.current) takeUnsaved(window.sessionStorage, stashKeyNow());
        // Changes typed while the save was under way stay unsaved.
        if (changes.current === changesAtStart) dirty.current = false;
        if (saveStatus === "submitted") done.current = true;
        id.current = result.id;
        revision.current = result.revision;
        setShownRevision(result.revision);
        setErrors(undefined);
        setStatus(`${saveStatus === "draft" ? "Bozza salvata" : "Scheda inviata"} alle ${clock.format(new Date())}`);
        if (saveStatus === "submitted") navigate(`/schede/${result.id}?salvata=${mode === "amend" ? "rettificata" : "inviata"}`);
        else if (mode === "new") {
          // What was typed during the save travels with the navigation (the new page resumes from it, unsaved):
          // saving it again on the way out could race the new page's load of this revision.
          leavingForSavedPage.current = true;
          navigate(`/schede/${result.id}?salvata=bozza`, { replace: true, state: { unsaved: dirty.current ? latest.current : null, revision: result.revision } });
        }
      } else if (result.kind === "invalid") {
        setStatus(background ? "" : "La scheda non è stata salvata: correggi gli errori indicati.");
        if (!background) setErrors(result.errors);
      } else if (result.kind === "signedOut") {
        // Nothing is lost: the data stay in the form and, for the trip to the sign-in page, in the tab.
        setSignedOut(true);
        stash();
        if (!background) setStatus("Non salvato: la sessione è scaduta (vedi in alto).");
      } else if (result.kind === "conflict") {
        const stored = id.current ? await fetchStoredSubmission(id.current) : undefined;
        setStatus("Non salvato: qualcun altro ha salvato la scheda nel frattempo (vedi in alto).");
        if (stored) setConflict({ theirs: stored, yours: latest.current });
      } else {
        setStatus(`Salvataggio non riuscito (${result.message}). Le modifiche sono ancora nel modulo: riprova.`);
      }
    },
    [mode, navigate, stash, stashKeyNow, target, version.slug, version.version]
  );

  // Autosave: drafts only, never while a conflict is open.
  useEffect(() => {
    if (mode === "amend") return;
    const tick = () => {
      if (dirty.current) void save("draft", latest.current, { keepalive: false });
    };
    const leaving = () => {
      if (signedOutRef.current && dirty.current) stash();
      if (dirty.current && !leavingForSavedPage.current) void save("draft", latest.current, { keepalive: true });
    };
    // Restored after signing in again: saved at once, not in 30 s.
    if (restored.current) {
      restored.current = false;
      tick();
    }
    const onVisibility = () => {
      if (document.visibilityState === "hidden") leaving();
    };
    const timer = window.setInterval(tick, AUTOSAVE_MS);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", leaving);
    return () => {
      // Leaving the page inside the app (a link) does not fire pagehide.
      leaving();
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", leaving);
    };
  }, [mode, save, stash]);

  const onSubmit = useCallback((data: Record<string, unknown>) => void save("submitted", pruneEmptyObjects(data), null), [save]);

  const resolveConflict = (pointers: string[]) => {
    if (!conflict) return;
    const merged = copyValues(conflict.theirs.data, latest.current, pointers);
    revision.current = conflict.theirs.revision;
    setShownRevision(conflict.theirs.revision);
    latest.current = merged;
    dirty.current = pointers.length > 0;
    setStartData(merged);
    setFormKey((k) => k + 1);
    setConflict(undefined);
    setStatus(`Ripartito dalla revisione ${conflict.theirs.revision}${pointers.length ? " con i tuoi valori scelti: ricorda di salvare" : ""}.`);
  };

  const shownConflict = conflict ?? (props.conflict && { theirs: props.conflict, yours: props.data });
  return (
    <>
      {signedOut ? <SessionExpired onLeave={stash} /> : null}
      {shownConflict ? (
        <ConflictPanel
          key={shownConflict.theirs.revision}
          schema={version.schema}
          theirs={shownConflict.theirs}
          yours={shownConflict.yours}
          interactive={hydrated}
          onResolve={conflict ? resolveConflict : undefined}
        />
      ) : null}
      <SchemaForm
        key={formKey}
        schema={version.schema}
        uiSchema={version.uiSchema}
        formData={startData}
        validatorUrl={version.validatorUrl}
        errors={errors}
        errorFieldIds={{ "/reason": "motivo" }}
        onChange={onChange}
        onSubmit={onSubmit}
        id={FORM_ID}
        before={
          mode === "amend" ? (
            <ReasonField defaultValue={props.reason ?? ""} inputRef={reasonRef} error={errors?.find((e) => e.path === "/reason")?.message} />
          ) : null
        }
      >
        <input type="hidden" name="_revisione" value={shownRevision} />
        {/* A new scheda is saved on the version this page rendered, even if another was published meanwhile (ADR 0007). */}
        {mode === "new" ? <input type="hidden" name="_versione" value={version.version} /> : null}
        <div className="form-actions">
          {mode === "amend" ? null : (
            <button
              type="submit"
              name="_stato"
              value="draft"
              formNoValidate
              className="button button--secondary"
              onClick={(event) => {
                if (!hydrated) return;
                event.preventDefault();
                void save("draft", latest.current, null);
              }}
            >
              Salva bozza
            </button>
          )}
          <button type="submit" name="_stato" value="submitted" className="button">
            {mode === "amend" ? "Invia rettifica" : "Invia"}
          </button>
          <p className="save-status" role="status" aria-live="polite">
            {status}
          </p>
        </div>
      </SchemaForm>
    </>
  );
}

/**
 * The notice of an expired session (issue 13): at the top of the screen
 * (sticky, wherever the person is typing), announced (role=alert) without
 * taking the focus from the field. The sign-in page comes back here
 * (redirectTo), where the stashed data are put back into the form.
 */
function SessionExpired({ onLeave }: { onLeave: () => void }) {
  const here = typeof window === "undefined" ? "/" : window.location.pathname + window.location.search;
  return (
    <div className="notice notice--error session-expired" role="alert">
      <p>La sessione è scaduta: i dati che hai scritto sono ancora in questa pagina. Accedi di nuovo per salvarli.</p>
      <p>
        <a href={`/login?redirectTo=${encodeURIComponent(here)}`} onClick={onLeave}>
          Accedi di nuovo
        </a>
      </p>
    </div>
  );
}

/** The <form>'s id: the amendment's reason and its button sit above the form (issue 13) and belong to it by `form=`. */
const FORM_ID = "scheda";

/**
 * The amendment's reason, at the top where the worker starts (issue 13),
 * with its own "Invia rettifica": a correction of one field near the top
 * needs no scroll to the end of a long form.
 */
function ReasonField({ defaultValue, inputRef, error }: { defaultValue: string; inputRef: Ref<HTMLTextAreaElement>; error?: string }) {
  return (
    <div className={`field amend-reason${error ? " field--error" : ""}`}>
      <label className="field__label" htmlFor="motivo">
        Motivo della rettifica
        <span className="field__required">
          <span aria-hidden="true"> *</span>
          <span className="visually-hidden"> (obbligatorio)</span>
        </span>
      </label>
      <p className="field__hint" id="motivo-hint">
        Perché la scheda inviata viene corretta: resta nello storico accanto alla nuova revisione.
      </p>
      {error ? (
        <p className="field__error" id="motivo-error">
          <span className="visually-hidden">Errore: </span>
          {error}
        </p>
      ) : null}
      <textarea
        id="motivo"
        name="_motivo"
        form={FORM_ID}
        className="input textarea"
        rows={3}
        required
        defaultValue={defaultValue}
        ref={inputRef}
        aria-describedby={error ? "motivo-hint motivo-error" : "motivo-hint"}
        aria-invalid={error ? true : undefined}
      />
      <p className="amend-reason__action">
        <button type="submit" form={FORM_ID} name="_stato" value="submitted" className="button">
          Invia rettifica
        </button>
      </p>
    </div>
  );
}
