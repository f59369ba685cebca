import { useCallback, useEffect, useState } from "react";
import type { FormDocument } from "~/forms/builder/document";
import { pushHistory, redoHistory, startHistory, undoHistory } from "~/forms/builder/history";

type ShortcutKeys = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey">;

/** What a key press asks of the history: Ctrl/⌘+Z undoes, Ctrl/⌘+Y or Ctrl/⌘+Shift+Z redoes. */
export function historyShortcut(event: ShortcutKeys): "undo" | "redo" | undefined {
  if (!(event.ctrlKey || event.metaKey)) return undefined;
  const key = event.key.toLowerCase();
  if (key === "z" && !event.shiftKey) return "undo";
  if (key === "y" || (key === "z" && event.shiftKey)) return "redo";
  return undefined;
}

/** In a text input the browser's own undo applies, not the editor's. */
function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/**
 * The edited document with undo/redo, announced through `announce`. The
 * keyboard shortcuts work on the whole page while `shortcuts` is on (the
 * JSON tab turns them off: its texts have their own undo).
 */
export function useEditHistory(initial: FormDocument, { shortcuts, announce }: { shortcuts: boolean; announce: (message: string) => void }) {
  const [history, setHistory] = useState(() => startHistory(initial));

  const push = useCallback((doc: FormDocument) => setHistory(pushHistory(history, doc)), [history]);
  const undo = useCallback(() => {
    if (!history.past.length) return;
    setHistory(undoHistory(history));
    announce("Modifica annullata");
  }, [history, announce]);
  const redo = useCallback(() => {
    if (!history.future.length) return;
    setHistory(redoHistory(history));
    announce("Modifica ripristinata");
  }, [history, announce]);

  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (event: KeyboardEvent) => {
      const action = isEditable(event.target) ? undefined : historyShortcut(event);
      if (!action) return;
      if (action === "undo") undo();
      else redo();
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts, undo, redo]);

  return { doc: history.present, canUndo: history.past.length > 0, canRedo: history.future.length > 0, push, undo, redo };
}
