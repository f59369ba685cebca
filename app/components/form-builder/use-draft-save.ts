import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { FormDocument } from "~/forms/builder/document";
import type { LintProblem } from "~/forms/validation/lint.server";
import type { Notice } from "./editor-notices";

export type SaveResult =
  | { saved: true; contentHash: string }
  | { conflict: true; currentHash: string; error: string }
  | { problems: LintProblem[]; error: string }
  | { error: string };

const serialize = (doc: FormDocument) => JSON.stringify(doc);

/** The notice after a save answered; a saved draft also has a new content hash. */
export function saveOutcome(result: SaveResult): { notice: Notice; savedHash?: string } {
  if ("saved" in result) return { notice: { kind: "success", text: "Bozza salvata." }, savedHash: result.contentHash };
  if ("conflict" in result) {
    return {
      notice: {
        kind: "conflict",
        currentHash: result.currentHash,
        text: "Un'altra persona ha salvato questa bozza dopo che l'hai aperta. Le tue modifiche sono ancora qui, non salvate.",
      },
    };
  }
  const list = "problems" in result ? result.problems.map((p) => `${p.path || "/"}: ${p.message}`).join("; ") : "";
  return { notice: { kind: "error", text: `Bozza non salvata: ${result.error}${list ? ` (${list})` : ""}.` } };
}

/**
 * Saving the draft (the "salva" intent of the draft page) with a conflict
 * check: each save names the content hash it expects to replace, and the
 * server refuses if someone saved in between. `edited` is the document being
 * edited, or why the JSON tab's texts are not one. `dirty` compares it with
 * what was saved last; outcomes arrive through `onNotice`.
 */
export function useDraftSave(
  draft: { schema: FormDocument["schema"]; uiSchema: FormDocument["uiSchema"]; contentHash: string },
  edited: FormDocument | string,
  onNotice: (notice: Notice) => void,
) {
  const save = useFetcher<SaveResult>();
  const [saved, setSaved] = useState(() => ({ hash: draft.contentHash, json: serialize({ schema: draft.schema, uiSchema: draft.uiSchema }) }));
  // What the save in flight sends: once saved, it is what `dirty` compares with.
  const inFlight = useRef<{ json: string } | null>(null);
  const current = typeof edited === "string" ? undefined : edited;
  const dirty = (current ? serialize(current) : "") !== saved.json;

  useEffect(() => {
    const result = save.data;
    if (save.state !== "idle" || !result || !inFlight.current) return;
    const outcome = saveOutcome(result);
    if (outcome.savedHash !== undefined) setSaved({ hash: outcome.savedHash, json: inFlight.current.json });
    onNotice(outcome.notice);
    inFlight.current = null;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save.state, save.data]);

  /** Saves over the version with `expectedHash` (by default the one last saved here; the conflict notice offers to overwrite the other person's). */
  const submit = (expectedHash = saved.hash) => {
    if (!current) {
      onNotice({ kind: "error", text: `Bozza non salvata: ${edited as string}. Correggere il JSON prima di salvare.` });
      return;
    }
    inFlight.current = { json: serialize(current) };
    save.submit({ intent: "salva", expectedHash, schema: current.schema, uiSchema: current.uiSchema } as never, { method: "post", encType: "application/json" });
  };

  return { dirty, saving: save.state !== "idle", submit };
}
