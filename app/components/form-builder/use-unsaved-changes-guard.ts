import { useBlocker } from "@remix-run/react";
import { useEffect } from "react";

/** A navigation to block: with unsaved changes, to another page (a new query string keeps the editor, and the changes). */
export function leavesWithUnsavedChanges(dirty: boolean, navigation: { currentLocation: { pathname: string }; nextLocation: { pathname: string } }): boolean {
  return dirty && navigation.currentLocation.pathname !== navigation.nextLocation.pathname;
}

/**
 * Unsaved changes are never lost silently: while `dirty`, closing the tab asks
 * (the browser's own dialog), and so does leaving through a link (the
 * returned blocker is "blocked" until the page asks the person).
 */
export function useUnsavedChangesGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
  return useBlocker((navigation) => leavesWithUnsavedChanges(dirty, navigation));
}
