import type { StoredSubmissionStatus } from "~/db/schema";

/** How pages name a submission's status (declined and withdrawn come only from family consent links). */
export const SUBMISSION_STATUS_LABELS: Record<StoredSubmissionStatus, string> = {
  draft: "Bozza",
  submitted: "Inviata",
  declined: "Consenso negato",
  withdrawn: "Consenso ritirato",
};
