import { useState } from "react";
import { useDebouncedSubmit } from "../use-debounced-submit";
import type { FormDocument } from "~/forms/builder/document";
import type { LintProblem } from "~/forms/validation/lint.server";
import type { FieldError } from "~/lib/errors";

type CheckResult = { problems: LintProblem[]; errors: FieldError[] | null };

/** How long typing must pause before the server checks: one request per pause, not per key. */
export const CHECK_DELAY_MS = 400;

/**
 * What the server is asked to check: the document (undefined while the JSON
 * tab does not parse: nothing to check) and the preview's data, as one string
 * so that a re-render with the same content asks nothing new.
 */
export function checkRequest(doc: FormDocument | undefined, data: Record<string, unknown>): string | undefined {
  return doc ? JSON.stringify({ schema: doc.schema, uiSchema: doc.uiSchema, data }) : undefined;
}

/**
 * Lint of the document and validation of the preview's data on the server
 * (the "controlla" intent of the draft page), a moment after the last change.
 * `problems` are lint's; `errors` the preview data's, null while a check runs.
 */
export function useDebouncedCheck(doc: FormDocument | undefined) {
  const [data, setData] = useState<Record<string, unknown>>({});
  const check = useDebouncedSubmit<CheckResult>(checkRequest(doc, data), CHECK_DELAY_MS, (fetcher, request) =>
    fetcher.submit({ intent: "controlla", ...JSON.parse(request) }, { method: "post", encType: "application/json" })
  );
  const idle = check.state === "idle";
  return {
    problems: check.data?.problems ?? [],
    errors: idle && check.data ? check.data.errors : null,
    setData,
  };
}
