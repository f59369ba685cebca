/** One problem of a form definition: where (JSON pointer into the schema or uiSchema) and why, in Italian. */
export interface LintProblem {
  source: "schema" | "uiSchema";
  path: string;
  message: string;
}
