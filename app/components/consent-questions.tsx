import type { ConsentQuestion } from "~/consent/consent-form";
import type { FamilyText } from "~/consent/family-language";

/** The id of a question's controls (dots of nested names kept: ids may hold them). */
function controlBaseId(q: ConsentQuestion): string {
  return `q-${q.name}`;
}

/** The id of a question's first control: where the error summary's link leads. */
export function questionControlId(q: ConsentQuestion): string {
  return (q.kind === "choice" && !q.select) || q.kind === "multi" ? `${controlBaseId(q)}-0` : controlBaseId(q);
}

/**
 * One question of the family form as plain HTML controls (issue 15): radio
 * buttons (a drop-down for long lists), checkboxes for several choices, a
 * text, date, e-mail, telephone or number box, a confirmation checkbox, an
 * explanation, or a section (a fieldset with its own questions), with hints
 * and errors tied by aria-describedby. `data-required` and the messages on
 * the form let /consent-form.js check answers before sending when JavaScript
 * runs; the server checks again either way.
 */
export function ConsentQuestionField({
  q,
  t,
  values,
  errors,
}: {
  q: ConsentQuestion;
  t: FamilyText;
  /** The values to show, by question name (posted back, or carried from the request). */
  values: Record<string, unknown>;
  /** Errors by question name. */
  errors: Record<string, string>;
}) {
  const id = controlBaseId(q);
  const value = values[q.name];
  const error = errors[q.name];
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
  const common = { "data-question": q.name, ...(q.required ? { "data-required": q.kind === "choice" && q.select ? "text" : q.kind } : {}) };
  const invalid = error ? true : undefined;

  if (q.kind === "section") {
    return (
      <fieldset className="consent-section" id={`${id}-group`}>
        <legend>{q.title}</legend>
        {hint}
        {q.questions.map((inner) => (
          <ConsentQuestionField key={inner.name} q={inner} t={t} values={values} errors={errors} />
        ))}
      </fieldset>
    );
  }
  if (q.kind === "note") {
    return (
      <div className="consent-note">
        <p className="consent-note__title">{q.title}</p>
        {hint}
      </div>
    );
  }
  if ((q.kind === "choice" && !q.select) || q.kind === "multi") {
    const chosen = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
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
            <input
              type={q.kind === "multi" ? "checkbox" : "radio"}
              id={`${id}-${i}`}
              name={q.name}
              value={o.value}
              defaultChecked={chosen.includes(o.value)}
              aria-invalid={invalid}
            />
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
          <input type="checkbox" id={id} name={q.name} value="true" defaultChecked={value === true} aria-describedby={describedBy} aria-invalid={invalid} />
          <label htmlFor={id}>
            {q.title}
            {required}
          </label>
        </div>
      </div>
    );
  }
  const aria = { id, name: q.name, "aria-describedby": describedBy, "aria-invalid": invalid };
  const text = value === undefined ? "" : String(value);
  let control;
  if (q.kind === "choice") {
    control = (
      <select {...aria} defaultValue={text}>
        <option value="">{t.chooseOption}</option>
        {q.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.title}
          </option>
        ))}
      </select>
    );
  } else if (q.kind === "number") {
    // A text box with a numeric keyboard: type=number would drop what is not a number without saying so.
    control = <input type="text" inputMode={q.integer ? "numeric" : "decimal"} defaultValue={text} {...aria} />;
  } else if (q.multiline) {
    control = <textarea rows={4} defaultValue={text} maxLength={q.maxLength} autoComplete={q.autocomplete} {...aria} />;
  } else {
    control = <input type={q.inputType} defaultValue={text} maxLength={q.maxLength} autoComplete={q.autocomplete} {...aria} />;
  }
  return (
    <div className={`field${error ? " field--error" : ""}`} {...common}>
      <label htmlFor={id}>
        {q.title}
        {required}
      </label>
      {hint}
      {errorLine}
      {control}
    </div>
  );
}
