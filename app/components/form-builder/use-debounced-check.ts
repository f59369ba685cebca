import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
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
  const check = useFetcher<CheckResult>();
  const request = checkRequest(doc, data);
  // One check in flight at a time: a new submit would abort the running one, and an
  // aborted response is logged as an error by Remix while it decodes. The next check
  // waits for this one to end, then asks for the latest content only.
  const sent = useRef<string | undefined>(undefined);
  const idle = check.state === "idle";
  useEffect(() => {
    if (!request || !idle || request === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = request;
      check.submit({ intent: "controlla", ...JSON.parse(request) }, { method: "post", encType: "application/json" });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request, idle]);
  return {
    problems: check.data?.problems ?? [],
    errors: idle && check.data ? check.data.errors : null,
    setData,
  };
}
