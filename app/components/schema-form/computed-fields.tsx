import type { WidgetProps } from "@rjsf/utils";
import { findComputedFields } from "~/forms/schema/computed";
import { pointerTokens, type JsonSchema } from "~/forms/schema/json-schema";

type UiNode = Record<string, unknown>;

/** The widget name SchemaForm gives every computed field (ADR 0013). */
export const COMPUTED_WIDGET = "ComputedWidget";

/**
 * A computed field (ADR 0013): its value as text, read-only, kept up to date
 * by the form as the person answers (SchemaForm applies the same computation
 * as the server). An <output>, so the field's label names it and screen
 * readers announce it as a result; no input is posted: the server computes
 * the value again at every save.
 */
export function ComputedWidget({ id, value }: WidgetProps) {
  const known = value !== undefined && value !== null && value !== "";
  return (
    <p className="computed-value">
      <output id={id} className={known ? undefined : "computed-value--pending"}>
        {known ? formatComputed(value) : "non ancora calcolabile: mancano risposte"}
      </output>
      {known ? <span className="computed-value__note">calcolato automaticamente</span> : null}
    </p>
  );
}

/** Numbers the Italian way (decimal comma), text as it is. */
function formatComputed(value: unknown): string {
  return typeof value === "number" ? value.toLocaleString("it-IT", { maximumFractionDigits: 6 }) : String(value);
}

/** The uiSchema with `ui:widget` set to the computed widget at every computed field of the schema. */
export function withComputedWidgets(schema: JsonSchema, uiSchema: UiNode): UiNode {
  let result = uiSchema;
  for (const { pointer } of findComputedFields(schema)) result = setWidget(result, pointerTokens(pointer));
  return result;
}

function setWidget(ui: UiNode, tokens: string[]): UiNode {
  const [head, ...rest] = tokens;
  if (head === undefined) return { ...ui, "ui:widget": COMPUTED_WIDGET };
  const child = typeof ui[head] === "object" && ui[head] !== null ? (ui[head] as UiNode) : {};
  return { ...ui, [head]: setWidget(child, rest) };
}
