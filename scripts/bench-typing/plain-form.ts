// The floor of `npm run bench:typing`: the same fields as ordinary, uncontrolled
// HTML inputs with their values, named like rjsf's ids (root_a_b) so the bench
// types into the same field. Only the shapes the bench forms use.
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

type Schema = Record<string, unknown>;

export function plainFormHtml(schema: Schema, data: Record<string, unknown>): string {
  return `<form>${fieldHtml(schema, data, "root")}<button type="submit">Invia</button></form>`;
}

function fieldHtml(schema: Schema, value: unknown, id: string): string {
  const title = escape(String(schema.title ?? ""));
  if (schema.type === "object") {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const values = (value ?? {}) as Record<string, unknown>;
    const inner = Object.entries(properties)
      .map(([key, child]) => fieldHtml(child, values[key], `${id}_${key}`))
      .join("");
    return `<fieldset id="${id}"><legend>${title}</legend>${inner}</fieldset>`;
  }
  if (schema.type === "array") {
    const rows = (Array.isArray(value) ? value : []) as unknown[];
    const inner = rows.map((row, i) => fieldHtml(schema.items as Schema, row, `${id}_${i}`)).join("");
    return `<fieldset id="${id}"><legend>${title}</legend>${inner}</fieldset>`;
  }
  const label = `<label for="${id}">${title}</label>`;
  if (Array.isArray(schema.oneOf)) {
    const options = (schema.oneOf as Schema[])
      .map((o) => `<option value="${escape(String(o.const))}"${o.const === value ? " selected" : ""}>${escape(String(o.title))}</option>`)
      .join("");
    return `<div>${label}<select id="${id}" name="${id}"><option value=""></option>${options}</select></div>`;
  }
  if (schema.type === "boolean") {
    return `<div><input type="checkbox" id="${id}" name="${id}"${value === true ? " checked" : ""}>${label}</div>`;
  }
  const type = schema.type === "integer" || schema.type === "number" ? "number" : schema.format === "date" ? "date" : "text";
  const current = value === undefined ? "" : ` value="${escape(String(value))}"`;
  return `<div>${label}<input type="${type}" id="${id}" name="${id}"${current}></div>`;
}
