import { useMemo } from "react";
import type { FieldPath, FormDocument } from "~/forms/builder/document";
import { readFieldTree } from "~/forms/builder/field-tree";
import { containerAt, displayOrder } from "~/forms/builder/locate";
import { addField, moveField, moveFieldBy, type EditResult } from "~/forms/builder/operations";
import { FIELD_KIND_LABELS, FIELD_KINDS, type FieldKind } from "~/forms/builder/palette";
import type { LintProblem } from "~/forms/validation/lint.server";
import { FieldList, FieldListContext, pathId } from "./field-list";
import { containerNodes, insertionPoint, pathExists, titleAt } from "./field-paths";
import { FieldProperties } from "./field-properties";

/** Applies an edit, announces `message` and moves the focus to the id `focus` gives for the edited field's path. */
export type ApplyWithFocus = (
  edit: (doc: FormDocument) => EditResult | FormDocument,
  message: string,
  focus?: (path: FieldPath | undefined) => string | undefined,
) => void;

/**
 * The visual tab: palette, field list (select, reorder with buttons or by
 * dragging), lint problems, properties of the selected field.
 */
export function VisualEditor({
  doc,
  selected,
  onSelect,
  apply,
  announce,
  problems,
}: {
  doc: FormDocument;
  selected: FieldPath | undefined;
  onSelect: (path: FieldPath | undefined) => void;
  apply: ApplyWithFocus;
  announce: (message: string) => void;
  problems: LintProblem[];
}) {
  const tree = useMemo(() => readFieldTree(doc), [doc]);

  // Palette: new fields go into the selected section or group, or after the selected field.
  const target = insertionPoint(doc, selected);
  const add = (kind: FieldKind) =>
    apply(
      (d) => addField(d, target.container, kind, target.index),
      `Aggiunto il campo ${FIELD_KIND_LABELS[kind]} in ${target.label}`,
      (path) => path && pathId(path, "seleziona"),
    );

  const listActions = {
    selected: selected?.join("."),
    select: (path: FieldPath) => onSelect(path),
    // Announce moves with the new position ("3 di 5"), which the list only shows visually.
    moveBy: (path: FieldPath, delta: -1 | 1) => {
      const order = displayOrder(containerAt(doc, path.slice(0, -1)));
      const position = order.indexOf(path.at(-1)!) + delta;
      apply(
        (d) => moveFieldBy(d, path, delta),
        "",
        (moved) => moved && pathId(moved, delta < 0 ? "su" : "giu"),
      );
      if (position >= 0 && position < order.length) announce(`«${titleAt(doc, path)}» spostato in posizione ${position + 1} di ${order.length}`);
    },
    drop: (from: FieldPath, to: FieldPath, index: number) => apply((d) => moveField(d, from, to, index), "Campo spostato"),
  };

  return (
    <div className="builder__visual">
      <section className="builder-palette" aria-labelledby="tavolozza-titolo">
        <h2 id="tavolozza-titolo">Aggiungi un campo</h2>
        <p className="field__hint">Va in: {target.label}</p>
        <ul>
          {FIELD_KINDS.map((kind) => (
            <li key={kind}>
              <button type="button" className="button button--small button--secondary" data-kind={kind} onClick={() => add(kind)}>
                <span className="visually-hidden">Aggiungi: </span>
                {FIELD_KIND_LABELS[kind]}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="builder-fields" aria-labelledby="campi-titolo">
        <h2 id="campi-titolo">Campi del modulo</h2>
        <p className="field__hint">
          Riordina con i pulsanti ↑ ↓ o trascinando. Ctrl+Z annulla l'ultima modifica, Ctrl+Y la ripete.
          {selected ? (
            <>
              {" "}
              <button type="button" className="link-button" onClick={() => onSelect(undefined)}>
                Deseleziona
              </button>
            </>
          ) : null}
        </p>
        <FieldListContext.Provider value={listActions}>
          <FieldList nodes={tree} containerPath={[]} label="Il modulo" />
        </FieldListContext.Provider>
        {problems.length ? (
          <div className="notice notice--error">
            <p>Problemi da correggere prima di salvare:</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  {p.source} {p.path || "/"}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      {selected && pathExists(doc, selected) ? (
        <FieldProperties doc={doc} path={selected} containers={containerNodes(tree)} apply={apply} />
      ) : (
        <section className="builder-panel">
          <h2>Proprietà</h2>
          <p>Seleziona un campo nell'elenco per vederne e modificarne le proprietà.</p>
        </section>
      )}
    </div>
  );
}
