import type { Diagnostic } from "@codemirror/lint";
import { useMemo } from "react";
import type { FormDocument } from "~/forms/builder/document";
import { jsonPointerRanges } from "~/forms/builder/json-pointer-ranges";
import type { LintProblem } from "~/forms/validation/lint.server";
import { JsonSyntaxError, parseJson } from "~/forms/schema/parse-json";
import { CodeEditor } from "./code-editor";

export interface JsonTexts {
  schema: string;
  uiSchema: string;
}

const SOURCES = [
  { source: "schema", label: "Schema (JSON Schema draft-07)" },
  { source: "uiSchema", label: "uiSchema (aspetto e ordine dei campi)" },
] as const;

/** The syntax error of a JSON text, or undefined. */
export function syntaxError(text: string): JsonSyntaxError | undefined {
  try {
    parseJson(text);
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
}

/** The document as the JSON tab's two texts, indented for reading. */
export function toTexts(doc: FormDocument): JsonTexts {
  return { schema: JSON.stringify(doc.schema, null, 2), uiSchema: JSON.stringify(doc.uiSchema, null, 2) };
}

/** The JSON texts as a document, or the reason they are not one. */
export function parseTexts(texts: JsonTexts): FormDocument | string {
  for (const [name, text] of [["Schema", texts.schema], ["uiSchema", texts.uiSchema]] as const) {
    const error = syntaxError(text);
    if (error) return `${name}: ${error.message}`;
  }
  return { schema: parseJson(texts.schema) as FormDocument["schema"], uiSchema: parseJson(texts.uiSchema) as FormDocument["uiSchema"] };
}

/** Line/column (1-based) to an offset of the text. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  return lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
}

/** Syntax error or lint problems of one text, as CodeMirror diagnostics. */
function diagnosticsFor(text: string, problems: LintProblem[]): Diagnostic[] {
  const syntax = syntaxError(text);
  if (syntax) {
    const at = offsetOf(text, syntax.line, syntax.column);
    return [{ from: at, to: at + 1, severity: "error", message: syntax.message }];
  }
  const ranges = jsonPointerRanges(text);
  return problems.map((p) => {
    const range = ranges.get(p.path) ?? ranges.get("")!;
    return { from: range.from, to: range.to, severity: "error", message: p.path ? `${p.path}: ${p.message}` : p.message };
  });
}

/** The JSON tab: schema and uiSchema in two code editors, with syntax and lint errors underlined and listed. */
export function JsonTab({ texts, onChange, problems }: { texts: JsonTexts; onChange: (texts: JsonTexts) => void; problems: LintProblem[] }) {
  const diagnostics = useMemo(
    () => ({
      schema: diagnosticsFor(texts.schema, problems.filter((p) => p.source === "schema")),
      uiSchema: diagnosticsFor(texts.uiSchema, problems.filter((p) => p.source === "uiSchema")),
    }),
    [texts, problems]
  );
  return (
    <div className="builder-json">
      {SOURCES.map(({ source, label }) => {
        const list = diagnostics[source];
        return (
          <section key={source} className="builder-json__editor">
            <h3 id={`json-${source}-titolo`}>{label}</h3>
            <CodeEditor
              labelId={`json-${source}-titolo`}
              describedBy={list.length ? `json-${source}-problemi` : undefined}
              value={texts[source]}
              onChange={(text) => onChange({ ...texts, [source]: text })}
              diagnostics={list}
            />
            {list.length ? (
              <ul className="builder-problems" id={`json-${source}-problemi`}>
                {list.map((d, i) => (
                  <li key={i}>{d.message}</li>
                ))}
              </ul>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
