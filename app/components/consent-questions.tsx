import type { ConsentQuestion } from "~/consent/consent-form";
import type { FamilyText } from "~/consent/family-language";

/** The id of a question's first control: where the error summary's link leads. */
export function questionControlId(q: ConsentQuestion): string {
  return q.kind === "choice" ? `q-${q.name}-0` : `q-${q.name}`;
}

/**
 * One question of the family form as plain HTML controls: a fieldset of
 * large radio buttons, a text box, or a confirmation checkbox, with its hint
 * and error tied to it by aria-describedby. `data-required` and the messages
 * on the form let /consent-form.js check answers before sending when
 * JavaScript runs; the server checks again either way.
 */
export function ConsentQuestionField({
  q,
  t,
  value,
  error,
}: {
  q: ConsentQuestion;
  t: FamilyText;
  value: unknown;
  error: string | undefined;
}) {
  const id = `q-${q.name}`;
  const describedBy = [q.description ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const hint = q.description ? (
    <p className="field__hint" id={`${id}-hint`}>
      {q.description}
    </p>
  ) : null;
  const errorLine = error ? (
    <p className="field__error" id={`${id}-error`}>
      <span className="visually-hidden">Errore: </span>
      {error}
    </p>
  ) : null;
  const required = q.required ? <span className="required"> ({t.required})</span> : null;
  const common = { "data-question": q.name, ...(q.required ? { "data-required": q.kind } : {}) };

  if (q.kind === "choice") {
    return (
      <fieldset className={`field consent-choice${error ? " field--error" : ""}`} aria-describedby={describedBy} id={`${id}-group`} {...common}>
        <legend>
          {q.title}
          {required}
        </legend>
        {hint}
        {errorLine}
        {q.options.map((o, i) => (
          <div className="choice__option" key={o.value}>
            <input type="radio" id={`${id}-${i}`} name={q.name} value={o.value} defaultChecked={value === o.value} aria-invalid={error ? true : undefined} />
            <label htmlFor={`${id}-${i}`}>{o.title}</label>
          </div>
        ))}
      </fieldset>
    );
  }
  if (q.kind === "confirm") {
    return (
      <div className={`field consent-confirm${error ? " field--error" : ""}`} {...common}>
        {errorLine}
        <div className="choice__option">
          <input type="checkbox" id={id} name={q.name} value="true" defaultChecked={value === true} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
          <label htmlFor={id}>
            {q.title}
            {required}
          </label>
        </div>
      </div>
    );
  }
  const control = {
    id,
    name: q.name,
    defaultValue: typeof value === "string" ? value : "",
    maxLength: q.maxLength,
    autoComplete: q.autocomplete,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
  };
  return (
    <div className={`field${error ? " field--error" : ""}`} {...common}>
      <label htmlFor={id}>
        {q.title}
        {required}
      </label>
      {hint}
      {errorLine}
      {q.multiline ? <textarea rows={4} {...control} /> : <input type="text" {...control} />}
    </div>
  );
}
