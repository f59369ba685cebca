import { useState, type FocusEvent, type FormEvent } from "react";
import { BuilderError, jsonEqual, type FieldPath, type FormDocument } from "~/forms/builder/document";
import { detectFieldKind } from "~/forms/builder/field-kind";
import type { FieldNode } from "~/forms/builder/field-tree";
import { containerAt, fieldSlots, getSlot, slotTitle } from "~/forms/builder/locate";
import { conditionValues, moveField, removeField, renameField, setCondition, type EditResult } from "~/forms/builder/operations";
import { FIELD_KIND_LABELS, type FieldKind } from "~/forms/builder/palette";
import { SAFE_PATTERN_NAMES, SAFE_PATTERNS, safePatternName, type SafePatternName } from "~/forms/builder/safe-patterns";
import { PATCH_KEYS, updateField, WIDGETS, type ChoiceOption, type FieldPatch } from "~/forms/builder/update-field";
import { isObject, type JsonSchema } from "~/forms/schema/json-schema";

export type ApplyEdit = (edit: (doc: FormDocument) => EditResult | FormDocument, announcement: string) => void;

/** The properties panel of the selected field: its properties, its condition, where it lives, removal. */
export function FieldProperties({ doc, path, containers, apply }: { doc: FormDocument; path: FieldPath; containers: FieldNode[]; apply: ApplyEdit }) {
  const slot = getSlot(doc, path);
  const container = containerAt(doc, path.slice(0, -1));
  const key = path.at(-1)!;
  const ui = isObject(container.ui[key]) ? (container.ui[key] as Record<string, unknown>) : undefined;
  const kind = detectFieldKind(slot.definition, ui);
  const title = slotTitle(doc.schema, slot);
  // Remount the forms whenever the field changes (an edit, undo, redo), so they show what is stored.
  const version = JSON.stringify([path, slot.definition, ui, slot.required, slot.kind === "conditional" ? slot.condition : null]);

  return (
    <section className="builder-panel" aria-labelledby="proprieta-titolo">
      <h2 id="proprieta-titolo">Proprietà di «{title}»</h2>
      {kind ? (
        <PropertiesForm key={version} doc={doc} path={path} kind={kind} definition={slot.definition} ui={ui} required={slot.required} apply={apply} />
      ) : (
        <div className="builder-readonly">
          <p>Questo campo usa costrutti che l'editor visuale non gestisce: resta com'è e si modifica nella scheda JSON.</p>
          <pre tabIndex={0} aria-label={`Definizione JSON di ${title}`}>{JSON.stringify(slot.definition, null, 2)}</pre>
        </div>
      )}
      {/* Keyed by what they show: a property applied as the focus moves to them must not replace the button being pressed. */}
      {kind ? <ConditionForm key={JSON.stringify(["c", path, slot.kind === "conditional" ? slot.condition : null])} doc={doc} path={path} apply={apply} /> : null}
      <MoveForm key={JSON.stringify(["m", path])} path={path} title={title} containers={containers} apply={apply} />
      <div className="actions">
        <button type="button" className="button button--danger" onClick={() => apply((d) => removeField(d, path), removalMessage(doc.schema, container.schema, key, title))}>
          Elimina il campo
        </button>
      </div>
    </section>
  );
}

function PropertiesForm({
  doc,
  path,
  kind,
  definition,
  ui,
  required,
  apply,
}: {
  doc: FormDocument;
  path: FieldPath;
  kind: FieldKind;
  definition: JsonSchema;
  ui: Record<string, unknown> | undefined;
  required: boolean;
  apply: ApplyEdit;
}) {
  const keys = new Set(PATCH_KEYS[kind]);
  const choiceSource = kind === "multipleChoice" ? (definition.items as JsonSchema) : definition;
  const [options, setOptions] = useState<ChoiceOption[]>(() =>
    keys.has("options") ? (choiceSource.oneOf as JsonSchema[]).map((o) => ({ code: o.const as string | number, label: String(o.title ?? "") })) : []
  );
  const currentPattern = typeof definition.pattern === "string" ? safePatternName(definition.pattern) : undefined;
  const customPattern = typeof definition.pattern === "string" && !currentPattern;
  const values = conditionValues(definition);
  const id = (name: string) => `prop-${name}`;

  /**
   * Applies what the panel holds. From "Applica le proprietà" always; when the
   * focus leaves the panel (another field selected, a tab, the toolbar) only if
   * something differs from what is stored, so nothing typed is lost and no
   * empty step lands in the undo history.
   */
  const commit = (element: HTMLFormElement, onlyIfChanged: boolean) => {
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? "");
    const number = (name: string) => (text(name).trim() === "" ? null : Number(text(name).replace(",", ".")));
    const patch: FieldPatch = { title: text("title"), description: text("description") || null };
    if (kind !== "explanation") patch.required = form.get("required") === "on";
    for (const name of ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"] as const) if (keys.has(name)) patch[name] = number(name);
    if (keys.has("pattern") && !customPattern) patch.pattern = (text("pattern") || null) as SafePatternName | null;
    if (keys.has("widget")) patch.widget = text("widget") || null;
    if (keys.has("options")) patch.options = options;
    if (keys.has("default")) {
      const raw = text("default");
      if (raw === "") patch.default = undefined;
      else if (values) patch.default = (keys.has("options") ? options.map((o) => ({ value: o.code })) : values).find((v) => JSON.stringify(v.value) === raw)?.value ?? raw;
      else if (kind === "number" || kind === "integer") patch.default = Number(raw.replace(",", "."));
      else patch.default = raw;
    }
    const newKey = text("key").trim();
    const edit = (d: FormDocument) => {
      const renamed = newKey === path.at(-1) ? { doc: d, path } : renameField(d, path, newKey);
      return { doc: updateField(renamed.doc, renamed.path, patch), path: renamed.path };
    };
    if (onlyIfChanged && unchanged(() => jsonEqual(edit(doc).doc, doc))) return;
    apply(edit, "Proprietà applicate");
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    commit(event.currentTarget, false);
  };
  const leave = (event: FocusEvent<HTMLFormElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) commit(event.currentTarget, true);
  };

  const numberField = (name: keyof FieldPatch, label: string) =>
    keys.has(name) ? (
      <div className="field field--inline">
        <label htmlFor={id(name)}>{label}</label>
        <input id={id(name)} name={name} inputMode="decimal" defaultValue={definition[name] === undefined ? "" : String(definition[name])} />
      </div>
    ) : null;

  return (
    <form className="form builder-props" onSubmit={submit} onBlur={leave} noValidate aria-label="Proprietà del campo">
      <p className="builder-panel__kind">Tipo: {FIELD_KIND_LABELS[kind]}</p>
      <div className="field">
        <label htmlFor={id("title")}>Titolo</label>
        <input id={id("title")} name="title" defaultValue={String(definition.title ?? "")} />
      </div>
      <div className="field">
        <label htmlFor={id("key")}>Chiave (nome del dato)</label>
        <p className="field__hint" id={id("key-hint")}>
          Lettere, cifre e "_"; cambiarla dopo la pubblicazione richiede una corrispondenza tra versioni.
        </p>
        <input id={id("key")} name="key" defaultValue={path.at(-1)} spellCheck={false} aria-describedby={id("key-hint")} />
      </div>
      <div className="field">
        <label htmlFor={id("description")}>{kind === "explanation" ? "Testo" : "Testo di aiuto"}</label>
        <textarea id={id("description")} name="description" rows={3} defaultValue={String(definition.description ?? "")} />
      </div>
      {kind !== "explanation" ? (
        <div className="field field--checkbox">
          <input type="checkbox" id={id("required")} name="required" defaultChecked={required} />
          <label htmlFor={id("required")}>Obbligatorio</label>
        </div>
      ) : null}
      <div className="builder-props__grid">
        {numberField("minLength", "Lunghezza minima")}
        {numberField("maxLength", "Lunghezza massima")}
        {numberField("minimum", "Valore minimo")}
        {numberField("maximum", "Valore massimo")}
        {numberField("minItems", "Elementi minimi")}
        {numberField("maxItems", "Elementi massimi")}
      </div>
      {keys.has("pattern") ? (
        customPattern ? (
          <p className="field__hint">Formato: espressione personalizzata, modificabile solo nella scheda JSON.</p>
        ) : (
          <div className="field">
            <label htmlFor={id("pattern")}>Formato richiesto</label>
            <select id={id("pattern")} name="pattern" defaultValue={currentPattern ?? ""}>
              <option value="">Nessuno</option>
              {SAFE_PATTERN_NAMES.map((name) => (
                <option key={name} value={name}>
                  {SAFE_PATTERNS[name].label}
                </option>
              ))}
            </select>
          </div>
        )
      ) : null}
      {keys.has("widget") ? (
        <div className="field">
          <label htmlFor={id("widget")}>Aspetto</label>
          <select id={id("widget")} name="widget" defaultValue={String(ui?.["ui:widget"] ?? "")}>
            {(WIDGETS[kind] ?? []).map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {keys.has("options") ? <OptionsEditor options={options} setOptions={setOptions} numeric={kind === "rating"} /> : null}
      {keys.has("default") ? (
        <div className="field">
          <label htmlFor={id("default")}>Valore predefinito</label>
          {values ? (
            <select id={id("default")} name="default" defaultValue={definition.default === undefined ? "" : JSON.stringify(definition.default)}>
              <option value="">Nessuno</option>
              {(keys.has("options") ? options.map((o) => ({ value: o.code, label: o.label })) : values).map((v) => (
                <option key={JSON.stringify(v.value)} value={JSON.stringify(v.value)}>
                  {v.label}
                </option>
              ))}
            </select>
          ) : (
            <input id={id("default")} name="default" type={kind === "date" ? "date" : "text"} defaultValue={definition.default === undefined ? "" : String(definition.default)} />
          )}
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="button">
          Applica le proprietà
        </button>
      </div>
    </form>
  );
}

/** Whether an edit would change nothing; an edit that is refused counts as a change, so that applying it says why. */
function unchanged(compare: () => boolean): boolean {
  try {
    return compare();
  } catch (error) {
    if (error instanceof BuilderError) return false;
    throw error;
  }
}

function OptionsEditor({ options, setOptions, numeric }: { options: ChoiceOption[]; setOptions: (o: ChoiceOption[]) => void; numeric: boolean }) {
  const change = (index: number, patch: Partial<ChoiceOption>) => setOptions(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  return (
    <fieldset className="fieldset builder-options">
      <legend>{numeric ? "Punti della scala" : "Opzioni"}</legend>
      <p className="field__hint">Il codice è il valore salvato nei dati; l'etichetta è ciò che legge chi compila.</p>
      <ol>
        <li className="builder-options__row builder-options__head" aria-hidden="true">
          <span>Codice</span>
          <span>Etichetta</span>
        </li>
        {options.map((option, index) => (
          <li key={index} className="builder-options__row">
            <label className="visually-hidden" htmlFor={`opzione-${index}-codice`}>
              Codice {index + 1}
            </label>
            <input
              id={`opzione-${index}-codice`}
              value={String(option.code)}
              inputMode={numeric ? "numeric" : undefined}
              spellCheck={false}
              onChange={(e) => change(index, { code: numeric ? Number(e.target.value) : e.target.value })}
            />
            <label className="visually-hidden" htmlFor={`opzione-${index}-etichetta`}>
              Etichetta {index + 1}
            </label>
            <input id={`opzione-${index}-etichetta`} value={option.label} onChange={(e) => change(index, { label: e.target.value })} />
            <button
              type="button"
              className="button button--small button--secondary"
              aria-label={`Rimuovi l'opzione ${index + 1}`}
              title="Rimuovi l'opzione"
              onClick={() => setOptions(options.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button--small button--secondary"
        onClick={() => {
          const n = options.length + 1;
          setOptions([...options, { code: numeric ? Math.max(0, ...options.map((o) => Number(o.code))) + 1 : `opzione-${n}`, label: `Opzione ${n}` }]);
        }}
      >
        Aggiungi un'opzione
      </button>
    </fieldset>
  );
}

function ConditionForm({ doc, path, apply }: { doc: FormDocument; path: FieldPath; apply: ApplyEdit }) {
  const key = path.at(-1)!;
  const slots = fieldSlots(containerAt(doc, path.slice(0, -1)).schema);
  const current = slots.get(key);
  const condition = current?.kind === "conditional" ? current.condition : undefined;
  const triggers = [...slots.values()].filter((s) => s.key !== key && conditionValues(s.definition));
  const [field, setField] = useState(condition?.field ?? triggers[0]?.key ?? "");
  const [operator, setOperator] = useState<"eq" | "neq">(condition?.operator ?? "eq");
  const values = conditionValues(slots.get(field)?.definition ?? {}) ?? [];
  const [valueIndex, setValueIndex] = useState(() => Math.max(0, values.findIndex((v) => JSON.stringify(v.value) === JSON.stringify(condition?.value))));

  return (
    <form
      className="form builder-condition"
      aria-labelledby="condizione-titolo"
      onSubmit={(event) => {
        event.preventDefault();
        const value = values[valueIndex]?.value;
        apply((d) => setCondition(d, path, { field, operator, value }), "Condizione applicata");
      }}
    >
      <h3 id="condizione-titolo">Visibilità</h3>
      {triggers.length === 0 ? (
        <p className="field__hint">Per mostrare il campo solo in certi casi serve, nella stessa sezione, un campo a scelta singola, sì/no o una scala.</p>
      ) : (
        <>
          <p className="field__hint">{condition ? "Il campo è mostrato solo se:" : "Il campo è sempre visibile. Per mostrarlo solo in certi casi:"}</p>
          <div className="builder-props__grid">
            <div className="field">
              <label htmlFor="condizione-campo">Mostra quando il campo</label>
              <select
                id="condizione-campo"
                value={field}
                onChange={(e) => {
                  setField(e.target.value);
                  setValueIndex(0);
                }}
              >
                {triggers.map((t) => (
                  <option key={t.key} value={t.key}>
                    {String(t.definition.title ?? t.key)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="condizione-operatore">Confronto</label>
              <select id="condizione-operatore" value={operator} onChange={(e) => setOperator(e.target.value as "eq" | "neq")}>
                <option value="eq">è</option>
                <option value="neq">non è</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="condizione-valore">Valore</label>
              <select id="condizione-valore" value={valueIndex} onChange={(e) => setValueIndex(Number(e.target.value))}>
                {values.map((v, i) => (
                  <option key={i} value={i}>
                    {v.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="actions">
            <button type="submit" className="button button--secondary">
              Applica la condizione
            </button>
            {condition ? (
              <button type="button" className="button button--secondary" onClick={() => apply((d) => setCondition(d, path, undefined), "Condizione tolta")}>
                Togli la condizione
              </button>
            ) : null}
          </div>
        </>
      )}
    </form>
  );
}

function MoveForm({ path, title, containers, apply }: { path: FieldPath; title: string; containers: FieldNode[]; apply: ApplyEdit }) {
  const here = path.slice(0, -1).join(".");
  const inside = (c: FieldNode) => c.path.join(".") === path.join(".") || c.path.join(".").startsWith(`${path.join(".")}.`);
  const targets = [{ path: [] as FieldPath, title: "Inizio del modulo (livello principale)" }, ...containers.filter((c) => !inside(c))].filter(
    (t) => t.path.join(".") !== here
  );
  const [target, setTarget] = useState(0);
  if (targets.length === 0) return null;
  return (
    <form
      className="form builder-move"
      onSubmit={(event) => {
        event.preventDefault();
        const to = targets[target]!;
        apply((d) => moveField(d, path, to.path, Number.MAX_SAFE_INTEGER), `Campo «${title}» spostato in «${to.title}»`);
      }}
    >
      <div className="field">
        <label htmlFor="sposta-in">Sposta in un'altra sezione</label>
        <select id="sposta-in" value={target} onChange={(e) => setTarget(Number(e.target.value))}>
          {targets.map((t, i) => (
            <option key={t.path.join(".")} value={i}>
              {t.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        Sposta
      </button>
    </form>
  );
}

/** What deleting a field did: fields shown only under a condition on it lose the condition and are always shown. */
function removalMessage(root: JsonSchema, container: JsonSchema, key: string, title: string): string {
  const freed = [...fieldSlots(container).values()].flatMap((slot) =>
    slot.kind === "conditional" && slot.condition.field === key ? [`«${slotTitle(root, slot)}»`] : []
  );
  return freed.length ? `Campo «${title}» eliminato. Non dipendono più da esso e sono sempre visibili: ${freed.join(", ")}` : `Campo «${title}» eliminato`;
}
