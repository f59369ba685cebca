import type { StoredSubmissionStatus } from "~/db/schema";

/** The stage a new scheda is filled for, as the fill page shows and applies it. */
export interface FillStage {
  key: string;
  label: string;
  /** The time point the stage fixes (written into the data, shown as context, not as a field); null when it fixes none. */
  timePoint: { field: string; value: string; title: string } | null;
  /** Schede already in this stage of the case, when the stage is filled once (offered instead of a second one). */
  existing: { id: number; formTitle: string; status: StoredSubmissionStatus; updatedAt: Date }[];
}

/** The data with the stage's time point written in (a post cannot move a scheda to another stage). */
export function withStageData(data: Record<string, unknown>, stage: FillStage | undefined): Record<string, unknown> {
  return stage?.timePoint ? { ...data, [stage.timePoint.field]: stage.timePoint.value } : data;
}

/** The uiSchema with the stage's time point field hidden: the page shows it as fixed context instead. */
export function withStageUi(uiSchema: Record<string, unknown>, stage: FillStage | undefined): Record<string, unknown> {
  if (!stage?.timePoint) return uiSchema;
  const { field } = stage.timePoint;
  const own = uiSchema[field];
  return { ...uiSchema, [field]: { ...(own && typeof own === "object" ? own : {}), "ui:widget": "hidden" } };
}
