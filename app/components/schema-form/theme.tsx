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
import { encodeChoiceValue } from "~/forms/choice-value";
import { ACTION_FIELD, ROW_COUNT_PREFIX, pointerName } from "~/forms/form-field-names";

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
  if (hidden) return <div className="visually-hidden">{children}</div>;
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
  if (ui.widget === "radio" || ui.widget === "checkboxes") {
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
  const content = properties.map((p) => p.content);
  // The page shows the form's title and description itself.
  if (fieldPathId.path.length === 0) return <div className="schema-form__fields">{content}</div>;
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

function RadioWidget(props: WidgetProps) {
  const errors = useShownErrors(props.rawErrors);
  const inline = getUiOptions(props.uiSchema).inline === true;
  return (
    <div className={`choices${inline ? " choices--inline" : ""}`}>
      {enumOptions(props).map((option, index) => (
        <ChoiceInput
          key={encodeValue(option.value)}
          widget={props}
          type="radio"
          index={index}
          option={option}
          checked={props.value !== undefined && encodeValue(props.value) === encodeValue(option.value)}
          onToggle={() => props.onChange(option.value)}
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
  return (
    <div className="choices">
      {choices.map((option, index) => (
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
  TextareaWidget,
  SelectWidget,
  RadioWidget,
  CheckboxesWidget,
  CheckboxWidget,
};
