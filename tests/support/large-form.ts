/**
 * A generated assessment with many fields (10 sections of equal size), the
 * kind of form DESIGN §5 says lint must accept; used by lint tests and by
 * `npm run bench:validate`.
 */
export function generateLargeForm(fieldCount = 500) {
  const sections = 10;
  const perSection = Math.ceil(fieldCount / sections);
  const properties: Record<string, unknown> = {};
  for (let s = 0; s < sections; s++) {
    const fields: Record<string, unknown> = {};
    for (let f = 0; f < perSection && s * perSection + f < fieldCount; f++) {
      fields[`campo${f}`] = fieldSchema(s * perSection + f);
    }
    properties[`sezione${s}`] = { type: "object", title: `Sezione ${s + 1}`, required: ["campo0"], properties: fields };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `Modulo generato con ${fieldCount} campi`,
    type: "object",
    required: ["sezione0"],
    properties,
  };
}

function fieldSchema(n: number): Record<string, unknown> {
  const title = `Domanda ${n + 1}`;
  switch (n % 5) {
    case 0:
      return { type: "string", title, maxLength: 500 };
    case 1:
      return { type: "integer", title, minimum: 0, maximum: 100 };
    case 2:
      return { type: "string", title, format: "date" };
    case 3:
      return { type: "string", title, oneOf: ["a", "b", "c", "d"].map((c) => ({ const: c, title: `Opzione ${c}` })) };
    default:
      return { type: "boolean", title };
  }
}

/** Data that is valid for generateLargeForm(fieldCount): every field filled in. */
export function generateLargeFormData(fieldCount = 500): Record<string, Record<string, unknown>> {
  const perSection = Math.ceil(fieldCount / 10);
  const data: Record<string, Record<string, unknown>> = {};
  for (let n = 0; n < fieldCount; n++) {
    const section = (data[`sezione${Math.floor(n / perSection)}`] ??= {});
    section[`campo${n % perSection}`] = [`testo ${n}`, n % 100, "2026-11-25", "b", n % 2 === 0][n % 5];
  }
  return data;
}
