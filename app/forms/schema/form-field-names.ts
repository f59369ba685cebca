import type { FieldPathList } from "@rjsf/utils";
import { escapePointerToken } from "./json-schema";

/**
 * HTML names of the form's inputs are the JSON pointers of their fields
 * ("/minore/nome", "/nucleoFamiliare/0/eta"): without JavaScript the browser
 * posts them as they are and the server rebuilds the JSON from them
 * (form-data-to-json.ts). Checkboxes of a multi-choice list share their
 * pointer. Names that are not pointers (`_azione`, `_revisione`…) are the
 * page's own controls.
 */
export function pointerName(path: FieldPathList): string {
  return path.map((token) => `/${escapePointerToken(token)}`).join("");
}

/** Name of the submit buttons that add or remove array rows without JavaScript. */
export const ACTION_FIELD = "_azione";

/** Prefix of the hidden input that tells the server how many rows a list has ("_righe:/nucleoFamiliare"). */
export const ROW_COUNT_PREFIX = "_righe:";
