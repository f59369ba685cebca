import type { FieldError } from "~/lib/errors";
import type { SubmissionStatus } from "./api-input";

/**
 * The browser's saves, through the JSON API (DESIGN §4) with the session
 * cookie: the same domain functions, checks and audit as every other client.
 * A save that leaves the page (autosave on `pagehide`) uses `keepalive`, so
 * the browser finishes it after the page is gone.
 */

/** The stored head of a submission, as GET /api/v1/submissions/:id returns it. */
export interface StoredSubmission {
  id: number;
  revision: number;
  status: SubmissionStatus;
  data: Record<string, unknown>;
  updatedAt: string;
}

export type SaveResult =
  | { kind: "saved"; id: number; revision: number; status: SubmissionStatus }
  | { kind: "invalid"; errors: FieldError[] }
  /** Someone saved since `revision`; nothing was written. */
  | { kind: "conflict"; currentRevision: number }
  /** 401: the session expired (or was closed elsewhere); nothing was written. */
  | { kind: "signedOut" }
  | { kind: "failed"; message: string };

export interface SaveRequest {
  data: Record<string, unknown>;
  status: SubmissionStatus;
  /** An existing submission: its id and the revision the page started from. */
  existing?: { id: number; revision: number; reason?: string | null };
  /** A new one: the form and where it goes. */
  create?: { slug: string; formVersion: number; service: string; comune: string | null; caseCode: string | null };
  keepalive?: boolean;
}

export async function saveSubmission(request: SaveRequest): Promise<SaveResult> {
  const { existing, create } = request;
  const url = existing ? `/api/v1/submissions/${existing.id}` : `/api/v1/forms/${encodeURIComponent(create!.slug)}/submissions`;
  const body = existing
    ? { data: request.data, status: request.status, revision: existing.revision, reason: existing.reason ?? undefined }
    : {
        data: request.data,
        status: request.status,
        service: create!.service,
        comune: create!.comune ?? undefined,
        case: create!.caseCode ?? undefined,
        formVersion: create!.formVersion,
      };
  let response: Response;
  try {
    response = await fetch(url, {
      method: existing ? "PUT" : "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      keepalive: request.keepalive,
    });
  } catch {
    return { kind: "failed", message: "connessione non riuscita" };
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { kind: "saved", id: answer.id as number, revision: answer.revision as number, status: answer.status as SubmissionStatus };
  if (response.status === 401) return { kind: "signedOut" };
  if (response.status === 409) return { kind: "conflict", currentRevision: answer.currentRevision as number };
  if (response.status === 422 && Array.isArray(answer.errors)) return { kind: "invalid", errors: answer.errors as FieldError[] };
  return { kind: "failed", message: typeof answer.error === "string" ? answer.error : `errore ${response.status}` };
}

/** The stored head of a submission (an audited read), or undefined when it cannot be read. */
export async function fetchStoredSubmission(id: number): Promise<StoredSubmission | undefined> {
  try {
    const response = await fetch(`/api/v1/submissions/${id}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    return response.ok ? ((await response.json()) as StoredSubmission) : undefined;
  } catch {
    return undefined;
  }
}
