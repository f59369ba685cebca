import {
  descriptionId,
  errorId,
  getInputProps,
  getUiOptions,
  helpId,
  titleId,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type BaseInputTemplateProps,
  type DescriptionFieldProps,
  type FieldTemplateProps,
  type ObjectFieldTemplateProps,
  type RegistryWidgetsType,
  type TemplatesType,
  type TitleFieldProps,
  type WidgetProps,
} from "@rjsf/utils";
import { createContext, useContext, type ChangeEvent, type ReactNode } from "react";
import { encodeChoiceValue } from "~/forms/schema/choice-value";
import { COMPUTED_WIDGET, ComputedWidget } from "./computed-fields";
import { ACTION_FIELD, ROW_COUNT_PREFIX, pointerName } from "~/forms/schema/form-field-names";
import { escapePointerToken } from "~/forms/schema/json-schema";

/**
 * Schedario's rjsf theme: plain semantic HTML styled by app.css in the
 * Designers Italia manner (ADR 0008). Every control has a label (a <legend>
 * for groups of radios and checkboxes), its hint and error tied to it with
 * aria-describedby, option values that are the real values (so a form posted
 * without JavaScript can be rebuilt on the server), and no inline styles (CSP).
 */

/**
 * Whether field errors are shown. rjsf validates on every change (live
 * validation), but a person who has just started a form should not see every
 * empty required field in red: errors appear after the first "Invia" (or when
 * the server sent some) and then follow the typing live.
 */
export const ShowErrorsContext = createContext(true);

/**
 * A read-only view of a scheda (issue 13): its sections are collapsible
 * <details>, open, with the section title as a heading in the <summary>;
 * `filled` (JSON pointers, filledPointers) leaves out every field and
 * section not in it, and is null when every field is shown. Null context:
 * a form being filled.
 */
export interface ReadView {
  filled: ReadonlySet<string> | null;
}
export const ReadViewContext = createContext<ReadView | null>(null);

function pointerOf(path: readonly (string | number)[]): string {
  return path.map((token) => `/${escapePointerToken(token)}`).join("");
}

/**
 * A section of the read view: <details open> whose <summary> is the title as a
 * heading, so that it can be folded and still be reached by heading navigation.
 * Top-level sections are h2 (the page's title is the h1), one level more per
 * nested group; list rows do not count.
 */
function ReadSection(props: { id: string; path: readonly (string | number)[]; title: ReactNode; children: ReactNode; list?: boolean }) {
  const depth = props.path.filter((token) => typeof token === "string").length;
  const Heading = `h${Math.min(depth + 1, 6)}` as "h2";
  return (
    <details open className={`form-section form-section--read${props.list ? " form-section--list" : ""}`} id={props.id}>
      <summary>
        <Heading className="form-section__title">{props.title}</Heading>
      </summary>
      {props.children}
    </details>
  );
}

function useShownErrors(rawErrors: readonly string[] | undefined): string[] {
  const show = useContext(ShowErrorsContext);
  return show && rawErrors?.length ? [...new Set(rawErrors)] : [];
}

/** aria-describedby for a control: its hint, help and error, only those present. */
function describedBy(id: string, parts: { description?: unknown; help?: unknown; error?: boolean }): string | undefined {
  const ids = [parts.description ? descriptionId(id) : "", parts.help ? helpId(id) : "", parts.error ? errorId(id) : ""];
  return ids.filter(Boolean).join(" ") || undefined;
}

function controlAria(props: WidgetProps, hasError: boolean) {
  const ui = getUiOptions(props.uiSchema);
  return {
    "aria-describedby": describedBy(props.id, { description: props.schema.description, help: ui.help, error: hasError }),
    "aria-invalid": hasError || undefined,
  };
}

function RequiredMark({ required }: { required?: boolean }) {
  if (!required) return null;
  return (
    <span className="field__required">
      <span aria-hidden="true"> *</span>
      <span className="visually-hidden"> (obbligatorio)</span>
    </span>
  );
}

function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  if (!errors.length) return null;
  return (
    <div className="field__error" id={errorId(id)}>
      {errors.map((message) => (
        <p key={message}>
          <span className="visually-hidden">Errore: </span>
          {message}
        </p>
      ))}
    </div>
  );
}

function Hint({ id, text }: { id: string; text: unknown }) {
  if (typeof text !== "string" || !text) return null;
  return (
    <p className="field__hint" id={id}>
      {text}
    </p>
  );
}

/** The frame of one field: label (or legend), hint, error, control. Groups and lists frame themselves. */
function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, rawErrors, rawHelp, rawDescription, hidden, required, displayLabel, schema, uiSchema } = props;
  const errors = useShownErrors(rawErrors);
  // rjsf's hidden fields (`ui:widget: "hidden"` on a group, `deprecated` with
  // `ui:deprecatedHandling: "hide"`) still render their whole control. Off-screen
  // (visually-hidden) they stayed in the Tab order (issue 13): `hidden` takes
  // them out of it and out of the accessibility tree, and still posts them
  // without JavaScript, as a hidden field should.
  if (hidden) return <div hidden>{children}</div>;
  const ui = getUiOptions(uiSchema);
  const composite = !displayLabel && (schema.type === "object" || schema.type === "array");
  if (composite) {
    // Objects and lists draw their own <fieldset>; their own errors (e.g. too few rows) go above it.
    return (
      <div className="field-group">
        <FieldErrors id={id} errors={errors} />
        {children}
      </div>
    );
  }
  const className = `field${errors.length ? " field--error" : ""}`;
  const hints = (
    <>
      <Hint id={descriptionId(id)} text={rawDescription} />
      <Hint id={helpId(id)} text={rawHelp} />
      <FieldErrors id={id} errors={errors} />
    </>
  );
  if (ui.widget === "radio" || ui.widget === "checkboxes" || ui.widget === "rating") {
    return (
      <fieldset className={`${className} field--choices`} id={id}>
        <legend className="field__label">
          {label}
          <RequiredMark required={required} />
        </legend>
        {hints}
        {children}
      </fieldset>
    );
  }
  return (
    <div className={className}>
      {displayLabel ? (
        <label className="field__label" htmlFor={id}>
          {label}
          <RequiredMark required={required} />
        </label>
      ) : null}
      {hints}
      {children}
    </div>
  );
}

function ObjectFieldTemplate({ title, description, properties, fieldPathId, required }: ObjectFieldTemplateProps) {
  const view = useContext(ReadViewContext);
  const filled = view?.filled;
  const path = fieldPathId.path;
  const shown = filled ? properties.filter((p) => filled.has(pointerOf([...path, p.name]))) : properties;
  const content = shown.map((p) => p.content);
  // The page shows the form's title and description itself.
  if (path.length === 0) {
    return <div className="schema-form__fields">{content.length ? content : <p className="list-rows__empty">Nessun campo compilato.</p>}</div>;
  }
  // A group in a list row is the row itself: no section of its own.
  if (view && title && typeof path.at(-1) === "string") {
    return (
      <ReadSection id={fieldPathId.$id} path={path} title={title}>
        <Hint id={descriptionId(fieldPathId)} text={description} />
        {content}
      </ReadSection>
    );
  }
  return (
    <fieldset className="form-section" id={fieldPathId.$id}>
      {title ? (
        <legend className="form-section__title" id={titleId(fieldPathId)}>
          {title}
          <RequiredMark required={required} />
        </legend>
      ) : null}
      <Hint id={descriptionId(fieldPathId)} text={description} />
      {content}
    </fieldset>
  );
}

function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { title, schema, items, canAdd, onAddClick, fieldPathId, disabled, readonly, required, uiSchema } = props;
  const ui = getUiOptions(uiSchema);
  const label = String(ui.title ?? title ?? "");
  const view = useContext(ReadViewContext);
  if (view && label) {
    return (
      <ReadSection id={fieldPathId.$id} path={fieldPathId.path} title={label} list>
        <Hint id={descriptionId(fieldPathId)} text={ui.description ?? schema.description} />
        {items.length ? <ol className="list-rows">{items}</ol> : <p className="list-rows__empty">Nessun elemento inserito.</p>}
      </ReadSection>
    );
  }
  return (
    <fieldset className="form-section form-section--list" id={fieldPathId.$id}>
      <legend className="form-section__title" id={titleId(fieldPathId)}>
        {label}
        <RequiredMark required={required} />
      </legend>
      <Hint id={descriptionId(fieldPathId)} text={ui.description ?? schema.description} />
      {/* Without JavaScript, a row left empty posts no field: the count keeps it. */}
      <input type="hidden" name={`${ROW_COUNT_PREFIX}${pointerName(fieldPathId.path)}`} value={items.length} />
      {items.length ? <ol className="list-rows">{items}</ol> : <p className="list-rows__empty">Nessun elemento inserito.</p>}
      {canAdd && !readonly ? (
        // A submit button: without JavaScript the server adds the row and
        // re-renders; with JavaScript rjsf's handler adds it and cancels the submit.
        <button
          type="submit"
          name={ACTION_FIELD}
          value={`aggiungi:${pointerName(fieldPathId.path)}`}
          className="button button--secondary button--small"
          formNoValidate
          disabled={disabled}
          onClick={onAddClick}
        >
          Aggiungi<span className="visually-hidden"> un elemento a «{label}»</span>
        </button>
      ) : null}
    </fieldset>
  );
}

function ArrayFieldItemTemplate({ children, index, buttonsProps, readonly, disabled }: ArrayFieldItemTemplateProps) {
  return (
    <li className="list-row">
      <div className="list-row__body">{children}</div>
      {buttonsProps.hasRemove && !readonly ? (
        <button
          type="submit"
          name={ACTION_FIELD}
          value={`rimuovi:${pointerName(buttonsProps.fieldPathId.path)}`}
          className="button button--link button--small list-row__remove"
          formNoValidate
          disabled={disabled}
          onClick={buttonsProps.onRemoveItem}
        >
          Rimuovi<span className="visually-hidden"> l'elemento n. {index + 1}</span>
        </button>
      ) : null}
    </li>
  );
}

function TitleFieldTemplate({ id, title, required }: TitleFieldProps) {
  return (
    <h3 className="form-section__title" id={id}>
      {title}
      <RequiredMark required={required} />
    </h3>
  );
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  return <Hint id={id} text={description} />;
}

function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { id, htmlName, value, type, readonly, disabled, autofocus, onChange, onChangeOverride, onBlur, onFocus, options, schema, placeholder, required, rawErrors } = props;
  const errors = useShownErrors(rawErrors);
  const inputProps = getInputProps(schema, type, options);
  const handleChange = ({ target }: ChangeEvent<HTMLInputElement>) => onChange(target.value === "" ? options.emptyValue : target.value);
  return (
    <input
      id={id}
      name={htmlName || id}
      className={`input${inputProps.type === "number" ? " input--short" : ""}`}
      {...inputProps}
      value={value ?? ""}
      placeholder={placeholder || undefined}
      required={required}
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      autoComplete={typeof options.autocomplete === "string" ? options.autocomplete : "off"}
      onChange={onChangeOverride ?? handleChange}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
      {...controlAria(props, errors.length > 0)}
    />
  );
}

function TextareaWidget(props: WidgetProps) {
  const { id, htmlName, value, readonly, disabled, autofocus, onChange, onBlur, onFocus, options, placeholder, required, rawErrors } = props;
  const errors = useShownErrors(rawErrors);
  return (
    <textarea
      id={id}
      name={htmlName || id}
      className="input textarea"
      value={value ?? ""}
      rows={typeof options.rows === "number" ? options.rows : 4}
      placeholder={placeholder || undefined}
      required={required}
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      onChange={(e) => onChange(e.target.value === "" ? options.emptyValue : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
      {...controlAria(props, errors.length > 0)}
    />
  );
}

type EnumOption = { label: string; value: unknown };

function enumOptions(props: WidgetProps): EnumOption[] {
  return (props.options.enumOptions ?? []) as EnumOption[];
}

const encodeValue = encodeChoiceValue;

function decodeValue(options: EnumOption[], raw: string): unknown {
  return options.find((o) => encodeValue(o.value) === raw)?.value;
}

function SelectWidget(props: WidgetProps) {
  const { id, htmlName, value, multiple, readonly, disabled, autofocus, onChange, onBlur, onFocus, required, rawErrors, placeholder } = props;
  const errors = useShownErrors(rawErrors);
  const choices = enumOptions(props);
  const selected = multiple
    ? ((Array.isArray(value) ? value : []) as unknown[]).map(encodeValue)
    : value === undefined || value === null
      ? ""
      : encodeValue(value);
  return (
    <select
      id={id}
      name={htmlName || id}
      className="input select"
      multiple={multiple}
      value={selected}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      onChange={(e) =>
        onChange(
          multiple
            ? [...e.target.selectedOptions].map((o) => decodeValue(choices, o.value))
            : e.target.value === ""
              ? props.options.emptyValue
              : decodeValue(choices, e.target.value)
        )
      }
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      {...controlAria(props, errors.length > 0)}
    >
      {multiple ? null : <option value="">{placeholder || "Seleziona…"}</option>}
      {choices.map((o) => (
        <option key={encodeValue(o.value)} value={encodeValue(o.value)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function ChoiceInput(props: {
  widget: WidgetProps;
  type: "radio" | "checkbox";
  index: number;
  option: EnumOption;
  checked: boolean;
  onToggle: (checked: boolean) => void;
  hasError: boolean;
}) {
  const { widget, type, index, option, checked, onToggle, hasError } = props;
  const optionId = `${widget.id}-${index}`;
  return (
    <div className="choice">
      <input
        type={type}
        id={optionId}
        name={widget.htmlName || widget.id}
        value={encodeValue(option.value)}
        checked={checked}
        disabled={widget.disabled || widget.readonly}
        autoFocus={widget.autofocus && index === 0}
        onChange={(e) => onToggle(e.target.checked)}
        onBlur={() => widget.onBlur(widget.id, widget.value)}
        onFocus={() => widget.onFocus(widget.id, widget.value)}
        {...controlAria(widget, hasError)}
      />
      <label htmlFor={optionId}>{option.label}</label>
    </div>
  );
}

/**
 * The options a choice shows: all of them, except in the read view of the
 * filled fields (issue 13), where only the chosen ones are (a rating of 6
 * levels or a list of 11 contributors is one line of what was answered).
 * Indexes stay those of the full list, so ids do not change between views.
 */
function useShownOptions<T>(options: T[], chosen: (option: T) => boolean): { option: T; index: number }[] {
  const onlyChosen = Boolean(useContext(ReadViewContext)?.filled);
  const all = options.map((option, index) => ({ option, index }));
  return onlyChosen ? all.filter(({ option }) => chosen(option)) : all;
}

function RadioWidget(props: WidgetProps) {
  const errors = useShownErrors(props.rawErrors);
  const inline = getUiOptions(props.uiSchema).inline === true;
  const isChosen = (option: EnumOption) => props.value !== undefined && encodeValue(props.value) === encodeValue(option.value);
  return (
    <div className={`choices${inline ? " choices--inline" : ""}`}>
      {useShownOptions(enumOptions(props), isChosen).map(({ option, index }) => (
        <ChoiceInput
          key={encodeValue(option.value)}
          widget={props}
          type="radio"
          index={index}
          option={option}
          checked={isChosen(option)}
          onToggle={() => props.onChange(option.value)}
          hasError={errors.length > 0}
        />
      ))}
    </div>
  );
}

/**
 * A rating scale (`"ui:widget": "rating"` on a number): one radio button per
 * value from `minimum` (default 1) to `maximum` (default `minimum` + the
 * `stars` option − 1, 5 stars by default), at most 10, drawn as stars by
 * app.css. Replaces rjsf's RatingWidget, which sets inline styles (blocked by
 * the CSP) and is not a real form control (nothing posted without JavaScript).
 */
function RatingWidget(props: WidgetProps) {
  const errors = useShownErrors(props.rawErrors);
  const min = typeof props.schema.minimum === "number" ? Math.ceil(props.schema.minimum) : 1;
  const stars = typeof props.options.stars === "number" ? props.options.stars : 5;
  const max = Math.min(typeof props.schema.maximum === "number" ? Math.floor(props.schema.maximum) : min + stars - 1, min + 9);
  const values = Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
  return (
    <div className="choices choices--inline rating">
      {useShownOptions(values, (value) => props.value === value).map(({ option: value, index }) => (
        <ChoiceInput
          key={value}
          widget={props}
          type="radio"
          index={index}
          option={{ label: String(value), value }}
          checked={props.value === value}
          onToggle={() => props.onChange(value)}
          hasError={errors.length > 0}
        />
      ))}
    </div>
  );
}

function CheckboxesWidget(props: WidgetProps) {
  const errors = useShownErrors(props.rawErrors);
  const choices = enumOptions(props);
  const current = new Set(((Array.isArray(props.value) ? props.value : []) as unknown[]).map(encodeValue));
  const shown = useShownOptions(choices, (option) => current.has(encodeValue(option.value)));
  return (
    <div className="choices">
      {shown.map(({ option, index }) => (
        <ChoiceInput
          key={encodeValue(option.value)}
          widget={props}
          type="checkbox"
          index={index}
          option={option}
          checked={current.has(encodeValue(option.value))}
          onToggle={(checked) => {
            const next = new Set(current);
            if (checked) next.add(encodeValue(option.value));
            else next.delete(encodeValue(option.value));
            // Keep the schema's order, whatever the order of the clicks.
            props.onChange(choices.filter((o) => next.has(encodeValue(o.value))).map((o) => o.value));
          }}
          hasError={errors.length > 0}
        />
      ))}
    </div>
  );
}

/** A single yes/no checkbox (a boolean field): the label is beside the box. */
function CheckboxWidget(props: WidgetProps) {
  const { id, htmlName, value, label, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, rawErrors } = props;
  const errors = useShownErrors(rawErrors);
  return (
    <div className="choice">
      <input
        type="checkbox"
        id={id}
        name={htmlName || id}
        value="true"
        checked={value === true}
        disabled={disabled || readonly}
        autoFocus={autofocus}
        onChange={(e) => onChange(e.target.checked)}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
        {...controlAria(props, errors.length > 0)}
      />
      <label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </label>
    </div>
  );
}

/** Submit buttons are the page's ("Salva bozza", "Invia"), passed as children of SchemaForm. */
function NoSubmitButton(): ReactNode {
  return null;
}

export const templates: Partial<TemplatesType> = {
  FieldTemplate,
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  TitleFieldTemplate,
  DescriptionFieldTemplate,
  BaseInputTemplate,
  ButtonTemplates: { SubmitButton: NoSubmitButton } as unknown as TemplatesType["ButtonTemplates"],
};

export const widgets: RegistryWidgetsType = {
  [COMPUTED_WIDGET]: ComputedWidget,
  // rjsf has no "rating" alias: a registered name is found before its aliases.
  rating: RatingWidget,
  RatingWidget,
  TextareaWidget,
  SelectWidget,
  RadioWidget,
  CheckboxesWidget,
  CheckboxWidget,
};
