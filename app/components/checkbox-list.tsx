/**
 * A group of checkboxes under a legend, with an optional hint and one error
 * for the whole group (tied to the fieldset by aria-describedby), as
 * GOV.UK's checkboxes pattern. The first box carries `id` so that an error
 * summary link lands on it.
 */
export function CheckboxList({
  id,
  name,
  legend,
  hint,
  error,
  options,
  checked,
}: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  checked: readonly string[];
}) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={`fieldset${error ? " field--error" : ""}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Errore: </span>
          {error}
        </p>
      ) : null}
      <ul className="checkbox-list">
        {options.map((o, i) => (
          <li key={o.value}>
            <label>
              <input type="checkbox" name={name} value={o.value} id={i === 0 ? id : undefined} defaultChecked={checked.includes(o.value)} />
              {o.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
