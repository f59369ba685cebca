/** Undo/redo over immutable states: the present, what came before and what was undone. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** How many steps undo remembers: enough for a session, bounded for a 500-field form. */
export const HISTORY_LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** A new present; what was undone can no longer be redone. */
export function pushHistory<T>(history: History<T>, present: T): History<T> {
  return { past: [...history.past, history.present].slice(-HISTORY_LIMIT), present, future: [] };
}

export function undoHistory<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redoHistory<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}
