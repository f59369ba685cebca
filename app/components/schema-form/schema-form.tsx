import Form from "@rjsf/core";
import type { FormProps, FormState, IChangeEvent } from "@rjsf/core";
import { createSchemaUtils, type RJSFSchema, type RJSFValidationError, type UiSchema, type ValidatorType } from "@rjsf/utils";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ErrorSummary } from "~/components/form";
import { rjsfFormDefaults } from "~/forms/validation/ajv-options";
import type { JsonSchema } from "~/forms/schema/json-schema";
import { isObject, pointerTokens } from "~/forms/schema/json-schema";
import { applyComputedValues, findComputedFields } from "~/forms/schema/computed";
import type { FieldError } from "~/lib/errors";
import { pointerName } from "~/forms/schema/form-field-names";
import { filledPointers } from "~/forms/schema/filled-pointers";
import { withComputedWidgets } from "./computed-fields";
import { createItalianValidator, fromRjsfErrors, toErrorSchema } from "./italian-validator";
import { shareUnchanged } from "./share-unchanged";
import { withStableListUiSchemas } from "./stable-ui-schema";
import { ReadViewContext, ShowErrorsContext, templates, widgets, type ReadView } from "./theme";
import { translateItalian } from "./translate";
import { findValidatorModule } from "./validator-modules";
import { ValidatorModuleScript } from "./validator-script";

export interface SchemaFormProps {
  /**
   * The version's schema under its own `$id` (`withSchemaId(schema, version.schemaId)`):
   * the id selects the version's precompiled validator module.
   */
  schema: JsonSchema;
  uiSchema?: Record<string, unknown>;
  /** The data the form starts from. Read once: the form keeps its own state afterwards (remount with a new `key` to reset it). */
  formData?: Record<string, unknown>;
  /**
   * The validator; by default the version's precompiled module when it is
   * loaded (validator-modules.ts), otherwise none (the server validates).
   */
  validator?: ValidatorType;
  /** Errors from the server, shown next to their fields and in the summary from the first render. */
  errors?: readonly FieldError[];
  /**
   * Instead of `errors`: the errors of a live check of the current data (the
   * builder's preview, validated on the server as the data changes). They are
   * shown as they come and kept while the person types (the next check
   * replaces them); the summary takes the focus only when `focusKey` changes.
   */
  liveErrors?: { errors: readonly FieldError[]; focusKey: number };
  /** Element ids for errors about fields outside the form (e.g. `{"/reason": "motivo"}`), for the summary's links. */
  errorFieldIds?: Record<string, string>;
  /**
   * Every change, with the whole data (keep it in a ref: a state update per
   * keystroke re-renders the page) and the id of the field that changed —
   * undefined when rjsf itself filled in defaults, not a person.
   */
  onChange?: (formData: Record<string, unknown>, fieldId?: string) => void;
  /**
   * A submit (e.g. "Invia") whose data passed the client validation, with the
   * button that submitted. Without it, the form posts as an ordinary HTML form.
   */
  onSubmit?: (formData: Record<string, unknown>, submitter: HTMLElement | null) => void;
  /**
   * A scheda to read, not fill: sections fold (<details>), and only the
   * filled fields are shown unless `showEmpty` (issue 13).
   */
  readonly?: boolean;
  /** With `readonly`: show the empty fields and sections too. */
  showEmpty?: boolean;
  /** The HTML form's action (default: the current URL) — used without JavaScript. */
  action?: string;
  /** Buttons and hidden inputs, inside the <form>. */
  children?: ReactNode;
  /**
   * What the page shows between the error summary and the form's fields (the
   * amendment's reason): controls there belong to the form through `form={id}`.
   */
  before?: ReactNode;
  /** The <form>'s id, for buttons outside it (`form=` attribute). */
  id?: string;
  /**
   * The URL of the version's validator module (`validatorModuleUrl`). Given,
   * the form renders the script that imports it before hydration; every page
   * that server-renders a published version should pass it.
   */
  validatorUrl?: string;
}

const FORM_ID_PREFIX = "root";

/** The element id rjsf gives a field, from its JSON pointer ("/minore/nome" → "root_minore_nome"). */
export function fieldElementId(pointer: string): string {
  return [FORM_ID_PREFIX, ...pointerTokens(pointer)].join("_");
}

/** rjsf's private per-change step (Form.processChange in @rjsf/core 6), wrapped below. */
type ChangeStep = (this: Form, change: unknown, isLast: boolean, prevState: FormState, props: FormProps) => Partial<FormState>;

/**
 * rjsf's Form, except that each change writes the computed fields' values
 * (ADR 0013: the same function the server applies at every save), and keeps the identity of every part of
 * the data and of the error schema it did not change (shareUnchanged). rjsf
 * rebuilds both whole on every keystroke (defaults, validation), so without
 * this every row of a long list and every section re-renders; with it, rjsf's
 * own memoized rows and properties skip all but the changed path.
 * Measured by bench:typing (README).
 */
export class SchedarioForm extends Form {}
const processChange = (Form.prototype as unknown as { processChange: ChangeStep }).processChange;
if (typeof processChange !== "function") throw new Error("@rjsf/core: Form.processChange is gone; see SchedarioForm");
(SchedarioForm.prototype as unknown as { processChange: ChangeStep }).processChange = function (change, isLast, prevState, props) {
  const state = processChange.call(this, change, isLast, prevState, props);
  const formData = isObject(state.formData) ? applyComputedValues(findComputedFields(props.schema as JsonSchema), state.formData) : state.formData;
  return {
    ...state,
    ...("formData" in state && { formData: shareUnchanged(prevState.formData, formData) }),
    ...("errorSchema" in state && { errorSchema: shareUnchanged(prevState.errorSchema, state.errorSchema) }),
  };
};

/** No validator module (a draft version, or the module failed to load): the browser checks nothing, the server does. */
const serverOnlyValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => false,
  rawValidation: () => ({}),
};

/**
 * A form version rendered by rjsf with Schedario's theme (ADR 0008):
 * server-rendered, hydrated, validated in the browser by the version's
 * precompiled validator with the server's Italian messages, errors next to
 * their fields and in a GOV.UK error summary at the top that takes the focus
 * on each failed submit. Works as a plain HTML form without JavaScript:
 * inputs are named by JSON pointer and `method="post"`.
 *
 * Per keystroke rjsf re-renders the form; everything this component hands
 * it (schema, uiSchema, validator, templates, callbacks) keeps its identity
 * across renders so rjsf's own comparisons stay cheap, and the data is not
 * echoed back as a prop.
 */
export function SchemaForm(props: SchemaFormProps) {
  const { schema, uiSchema, validator, liveErrors, errorFieldIds, onChange, onSubmit, readonly, showEmpty, action, children, before, id, validatorUrl } = props;
  const schemaId = typeof schema.$id === "string" ? schema.$id : "";
  // Versions are immutable: a schema with the same $id is the same schema,
  // even when a revalidated loader hands over a new object.
  const stableSchema = useMemo(() => schema as RJSFSchema, [schemaId]);
  const stableUiSchema = useMemo(() => withStableListUiSchemas(schema, withComputedWidgets(schema, uiSchema ?? {})) as UiSchema, [schemaId]);
  // The data rjsf last reported, handed back as its `formData`: rjsf re-derives
  // its state from `formData` whenever any prop changes (children included), and
  // only data it reported itself counts as its own — a stale initial value would
  // reset what the person typed. A ref, so typing causes no render here.
  // Computed fields are worked out from the start too (ADR 0013), not only after the first change.
  const reportedData = useRef(props.formData && applyComputedValues(findComputedFields(stableSchema as JsonSchema), props.formData));
  const readView = useMemo<ReadView | null>(
    () => (readonly ? { filled: showEmpty ? null : filledPointers(reportedData.current ?? {}) } : null),
    [readonly, showEmpty]
  );
  const activeValidator = useMemo(() => {
    if (validator) return validator;
    const fns = findValidatorModule(schemaId);
    return fns ? createItalianValidator(fns, stableSchema as JsonSchema) : serverOnlyValidator;
  }, [validator, schemaId, stableSchema]);

  // Errors from the server are shown until the person changes something (live ones until the next check).
  const serverErrors = liveErrors?.errors ?? props.errors;
  const live = useRef(Boolean(liveErrors));
  live.current = Boolean(liveErrors);
  const [shownServerErrors, setShownServerErrors] = useState(serverErrors ?? []);
  const [prevServerErrors, setPrevServerErrors] = useState(serverErrors);
  if (serverErrors !== prevServerErrors) {
    setPrevServerErrors(serverErrors);
    setShownServerErrors(serverErrors ?? []);
  }
  const [clientErrors, setClientErrors] = useState<FieldError[]>([]);
  const [showErrors, setShowErrors] = useState(Boolean(serverErrors?.length));
  const [submitAttempt, setSubmitAttempt] = useState(0);
  const showErrorsRef = useRef(showErrors);
  showErrorsRef.current = showErrors;

  useEffect(() => {
    // Hydrated, with the version's validator: tests and bench:typing wait for this mark.
    document.documentElement.dataset.interactive ??= String(performance.now());
  }, []);

  useEffect(() => {
    // V8 compiles a function when it first runs: without this, the first
    // keystroke pays for compiling rjsf's defaults walk and the version's
    // validator on this form (bench:typing: the slowest key by far). Both run
    // once on the starting data when the page is idle; the calls are pure and
    // their results are dropped.
    const warm = () => {
      const data = reportedData.current ?? {};
      activeValidator.validateFormData(data, stableSchema);
      createSchemaUtils(activeValidator, stableSchema, rjsfFormDefaults.experimental_defaultFormStateBehavior).getDefaultFormState(stableSchema, data);
    };
    if (typeof requestIdleCallback !== "function") {
      const timer = setTimeout(warm, 0);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(warm, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }, [activeValidator, stableSchema]);

  const extraErrors = useMemo(() => toErrorSchema(shownServerErrors), [shownServerErrors]);

  const handleChange = useCallback(
    (event: IChangeEvent, fieldId?: string) => {
      reportedData.current = event.formData as Record<string, unknown>;
      onChange?.(event.formData as Record<string, unknown>, fieldId);
      if (!live.current) setShownServerErrors((current) => (current.length ? [] : current));
      // The summary follows the typing once it is shown; same errors → same state, no re-render.
      if (showErrorsRef.current) {
        const next = fromRjsfErrors(event.errors ?? []);
        setClientErrors((current) => (sameErrors(current, next) ? current : next));
      }
    },
    [onChange]
  );
  const handleError = useCallback((errors: RJSFValidationError[]) => {
    setClientErrors(fromRjsfErrors(errors));
    setShowErrors(true);
    setSubmitAttempt((n) => n + 1);
  }, []);
  const handleSubmit = useCallback(
    (event: IChangeEvent, formEvent: FormEvent) => {
      setClientErrors([]);
      const submitter = (formEvent.nativeEvent as SubmitEvent).submitter ?? null;
      onSubmit?.(event.formData as Record<string, unknown>, submitter);
    },
    [onSubmit]
  );

  const summaryErrors = useMemo(() => {
    const all = [...shownServerErrors, ...(showErrors ? clientErrors : [])];
    const byField: Record<string, string> = {};
    const ids: Record<string, string> = {};
    for (const e of all) {
      byField[e.path] ??= e.message;
      ids[e.path] = errorFieldIds?.[e.path] ?? fieldElementId(e.path);
    }
    return { byField, ids };
  }, [shownServerErrors, clientErrors, showErrors, errorFieldIds]);

  return (
    <ShowErrorsContext.Provider value={showErrors || shownServerErrors.length > 0}>
      <ReadViewContext.Provider value={readView}>
        {validatorUrl ? <ValidatorModuleScript schemaId={schemaId} url={validatorUrl} /> : null}
        <ErrorSummary
          errors={summaryErrors.byField}
          fieldIds={summaryErrors.ids}
          focusKey={liveErrors ? `live:${liveErrors.focusKey}` : `${submitAttempt}:${serverErrors?.length ?? 0}`}
        />
        {before}
        <SchedarioForm
          {...rjsfFormDefaults}
          showErrorList={false}
          id={id}
          className="schema-form"
          method="post"
          action={action}
          schema={stableSchema}
          uiSchema={stableUiSchema}
          formData={reportedData.current}
          validator={activeValidator}
          templates={templates}
          widgets={widgets}
          translateString={translateItalian}
          nameGenerator={pointerName}
          idPrefix={FORM_ID_PREFIX}
          liveValidate="onChange"
          extraErrors={extraErrors}
          readonly={readonly}
          onChange={handleChange}
          onError={handleError}
          onSubmit={onSubmit ? handleSubmit : undefined}
        >
          {children ?? <></>}
        </SchedarioForm>
      </ReadViewContext.Provider>
    </ShowErrorsContext.Provider>
  );
}

function sameErrors(a: readonly FieldError[], b: readonly FieldError[]): boolean {
  return a.length === b.length && a.every((e, i) => e.path === b[i]!.path && e.message === b[i]!.message);
}
