/**
 * A choice's value as an HTML form posts it: strings as they are, anything
 * else (numbers, booleans) as JSON. The form renderer writes it and the
 * server's form-data-to-json reads it back through the schema, so a choice
 * survives a form posted without JavaScript with its exact type.
 */
export function encodeChoiceValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
