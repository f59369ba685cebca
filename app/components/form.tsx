import { useEffect, useRef, type InputHTMLAttributes, type MouseEvent, type ReactNode, type TextareaHTMLAttributes } from "react";
import type { FieldMessages } from "~/lib/errors";

/**
 * The GOV.UK error-summary pattern: a titled box at the top listing every
 * problem, each a link to its field; it takes the focus when it appears, so
 * screen-reader and keyboard users land on it. Without JavaScript it is the
 * first thing after the heading of the re-rendered page.
 *
 * `focusKey`: when given, the summary takes the focus only when it changes
 * (e.g. on each submit attempt), not whenever the errors change — a form
 * that validates as the person types must not steal the focus from the field.
 */
export function ErrorSummary({
  errors,
  fieldIds,
  focusKey,
}: {
  errors: FieldMessages | undefined;
  fieldIds: Record<string, string>;
  focusKey?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const hasErrors = !!errors && Object.keys(errors).length > 0;
  const trigger = focusKey === undefined ? errors : focusKey;
  useEffect(() => {
    if (hasErrors) ref.current?.focus();
    // Only the trigger decides when to focus; hasErrors is read at that moment.
  }, [trigger]);
  if (!errors || !hasErrors) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title" className="error-summary__title">
        C'è un problema
      </h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldIds[field] ?? fieldIds.form ?? field}`} onClick={focusLinkedControl}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A summary link points at a field's id, which for a group of radios or a
 * list is a <fieldset>: move the focus to its first control, as GOV.UK does,
 * instead of only scrolling there.
 */
function focusLinkedControl(event: MouseEvent<HTMLAnchorElement>) {
  const target = document.getElementById(decodeURIComponent(event.currentTarget.hash.slice(1)));
  if (!target) return;
  const control = target.matches("input, select, textarea")
    ? target
    : target.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
  if (!control) return;
  event.preventDefault();
  control.focus();
  control.scrollIntoView({ block: "center" });
}

interface FieldShellProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
}

/** The ids `HintAndError` gives its paragraphs, for the control's aria-describedby (undefined when neither is shown). */
export function describedByIds(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** The hint and the error of a field (or a group of fields), with the ids describedByIds names. */
export function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
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
    </>
  );
}

/** Label, hint and error around one control; hands the control its aria attributes. */
function FieldShell({
  id,
  label,
  hint,
  error,
  control,
}: FieldShellProps & { control: (aria: ControlAria) => ReactNode }) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <HintAndError id={id} hint={hint} error={error} />
      {control({ id, name: id, "aria-invalid": error ? true : undefined, "aria-describedby": describedByIds(id, hint, error) })}
    </div>
  );
}

interface ControlAria {
  id: string;
  name: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/** A labelled input with an optional hint and an error message, both tied to it by aria-describedby. */
export function Field({ id, label, hint, error, ...input }: FieldShellProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} control={(aria) => <input {...aria} {...input} />} />
  );
}

/** A labelled multi-line text box, with the same hint and error wiring as Field. */
export function TextareaField({ id, label, hint, error, ...textarea }: FieldShellProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} control={(aria) => <textarea {...aria} {...textarea} />} />
  );
}

/** A labelled select, with the same hint and error wiring as Field; `name` defaults to the id. */
export function SelectField({
  options,
  defaultValue,
  name,
  ...shell
}: FieldShellProps & { options: { value: string; label: string }[]; defaultValue?: string; name?: string }) {
  return (
    <FieldShell
      {...shell}
      control={(aria) => (
        <select {...aria} name={name ?? aria.name} defaultValue={defaultValue}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** What a page's post did, announced politely to screen readers (nothing when there is no message). */
export function DoneNotice({ message }: { message: string | undefined }) {
  return message ? (
    <p className="notice notice--success" role="status">
      {message}
    </p>
  ) : null;
}
