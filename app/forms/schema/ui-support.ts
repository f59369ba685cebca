/**
 * The uiSchema Schedario runs: which `ui:widget` values exist for which field
 * type, and which `ui:` keys are understood. Lint refuses anything else, so a
 * form that passes lint never meets rjsf's "No widget" crash or a control
 * styled with inline styles the CSP blocks. The README's table lists the same
 * set (a test keeps them in step), and a theme test renders every entry.
 */

/** rjsf's schema types, as `getSchemaType` from @rjsf/utils returns them. */
export type FieldType = "string" | "number" | "integer" | "boolean" | "array";

export interface SupportedWidget {
  /** The `ui:widget` value (rjsf's alias). */
  name: string;
  /** rjsf's registry name of the widget that draws it (Schedario's theme or rjsf's core). */
  component: string;
  types: readonly FieldType[];
  /** What it looks like (README table). */
  description: string;
}

export const SUPPORTED_WIDGETS: readonly SupportedWidget[] = [
  { name: "text", component: "TextWidget", types: ["string", "number", "integer"], description: "one-line text box (the default)" },
  { name: "textarea", component: "TextareaWidget", types: ["string"], description: "multi-line text" },
  { name: "email", component: "EmailWidget", types: ["string"], description: "email address" },
  { name: "uri", component: "URLWidget", types: ["string"], description: "web address" },
  { name: "date", component: "DateWidget", types: ["string"], description: "date (the browser's date picker)" },
  { name: "date-time", component: "DateTimeWidget", types: ["string"], description: "date and time" },
  { name: "time", component: "TimeWidget", types: ["string"], description: "time of day" },
  { name: "updown", component: "UpDownWidget", types: ["number", "integer"], description: "number with up/down arrows" },
  { name: "range", component: "RangeWidget", types: ["number", "integer"], description: "slider between `minimum` and `maximum`" },
  { name: "rating", component: "RatingWidget", types: ["number", "integer"], description: "star scale from `minimum` (1) to `maximum` (5; at most 10 values), as radio buttons" },
  { name: "radio", component: "RadioWidget", types: ["string", "number", "integer", "boolean"], description: "radio buttons (one choice)" },
  { name: "select", component: "SelectWidget", types: ["string", "number", "integer", "boolean", "array"], description: "drop-down list (several choices for an array)" },
  { name: "checkbox", component: "CheckboxWidget", types: ["boolean"], description: "yes/no check box (the default for booleans)" },
  { name: "checkboxes", component: "CheckboxesWidget", types: ["array"], description: "check boxes (several choices)" },
];

/** The `ui:` keys Schedario's theme understands; any other is refused (it would do nothing, or run rjsf code the CSP blocks). */
export const SUPPORTED_UI_KEYS: Readonly<Record<string, string>> = {
  "ui:widget": "the field's widget (table above)",
  "ui:options": "widget options (`inline`, `rows`, `stars`, `widget`, …)",
  "ui:order": "order of a group's fields (`*` for the rest)",
  "ui:title": "label instead of the schema's `title`",
  "ui:description": "hint instead of the `description`",
  "ui:help": "help text under the field",
  "ui:placeholder": "placeholder text in the box",
  "ui:autocomplete": "the box's `autocomplete` value",
  "ui:autofocus": "the field takes the focus when the page opens",
  "ui:disabled": "disabled field",
  "ui:readonly": "read-only field",
  "ui:emptyValue": "value saved for an emptied box",
};

/**
 * The widget a `ui:widget` value names, or undefined. Only the alias: the
 * theme frames "radio", "checkboxes" and "rating" as a fieldset by that name.
 */
export function findSupportedWidget(value: string): SupportedWidget | undefined {
  return SUPPORTED_WIDGETS.find((w) => w.name === value);
}
