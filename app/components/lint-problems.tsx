import type { LintProblem } from "~/forms/validation/lint.server";

/** Lint problems, each with its JSON pointer into the schema or uiSchema, as the CLI prints them. */
export function LintProblems({ problems, title = "Problemi del modulo" }: { problems: readonly LintProblem[]; title?: string }) {
  return (
    <section className="notice" aria-labelledby="lint-problems-title">
      <h3 id="lint-problems-title">{title}</h3>
      <ul className="problem-list">
        {problems.map((p, i) => (
          <li key={i}>
            <code>
              {p.source === "schema" ? "schema" : "ui"}#{p.path}
            </code>
            : {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
