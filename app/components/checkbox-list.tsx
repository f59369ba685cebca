import { describedByIds, HintAndError } from "./form";

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
  return (
    <fieldset className={`fieldset${error ? " field--error" : ""}`} aria-describedby={describedByIds(id, hint, error)}>
      <legend>{legend}</legend>
      <HintAndError id={id} hint={hint} error={error} />
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
