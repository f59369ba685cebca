import { createContext, useContext, useState, type DragEvent } from "react";
import type { FieldPath } from "~/forms/builder/document";
import type { FieldNode } from "~/forms/builder/field-tree";
import { FIELD_KIND_LABELS } from "~/forms/builder/palette";

/** What the list asks of the editor; one context instead of props through every level. */
export interface FieldListActions {
  selected: string | undefined;
  select: (path: FieldPath) => void;
  moveBy: (path: FieldPath, delta: -1 | 1) => void;
  /** Drag and drop: put the dragged field at `index` of the container `target`. */
  drop: (from: FieldPath, target: FieldPath, index: number) => void;
}

export const FieldListContext = createContext<FieldListActions | null>(null);

/** The id of a field's row controls, stable across renders (paths are joined with "."). */
export function pathId(path: FieldPath, suffix: string): string {
  return `campo-${path.join(".")}-${suffix}`;
}

const DRAG_TYPE = "application/x-schedario-field";

/**
 * The fields of one container as an ordered list. Each row has a button that
 * selects the field and "Sposta su/giù" buttons (the keyboard way to reorder,
 * announced by the editor's live region); rows can also be dragged with the
 * mouse onto another row (dropped before it) or into an empty section.
 */
export function FieldList({ nodes, containerPath, label }: { nodes: FieldNode[]; containerPath: FieldPath; label: string }) {
  const actions = useContext(FieldListContext)!;
  const [over, setOver] = useState<number | undefined>();

  const onDrop = (event: DragEvent, index: number) => {
    const raw = event.dataTransfer.getData(DRAG_TYPE);
    setOver(undefined);
    if (!raw) return;
    event.preventDefault();
    event.stopPropagation();
    actions.drop(JSON.parse(raw) as string[], containerPath, index);
  };
  const allowDrop = (event: DragEvent, index: number) => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.stopPropagation();
    setOver(index);
  };

  if (nodes.length === 0) {
    return (
      <p
        className={`builder-tree__empty${over === 0 ? " builder-tree__empty--over" : ""}`}
        onDragOver={(e) => allowDrop(e, 0)}
        onDragLeave={() => setOver(undefined)}
        onDrop={(e) => onDrop(e, 0)}
      >
        {containerPath.length === 0
          ? "Il modulo non ha ancora campi. Per aggiungerne uno, premi un pulsante sotto «Aggiungi un campo» (per esempio «Testo breve»): il nuovo campo compare qui, pronto da modificare."
          : `${label} è ancora vuoto. Per riempirlo, selezionalo qui sopra e premi un pulsante sotto «Aggiungi un campo», oppure trascina qui un campo.`}
      </p>
    );
  }
  return (
    <ol className="builder-tree" aria-label={label}>
      {nodes.map((node, index) => {
        const id = node.path.join(".");
        const isSelected = actions.selected === id;
        return (
          <li
            key={node.key}
            className={`builder-tree__item${over === index ? " builder-tree__item--over" : ""}`}
            draggable
            onDragStart={(event) => {
              event.stopPropagation();
              event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(node.path));
              event.dataTransfer.effectAllowed = "move";
            }}
            onDragOver={(e) => allowDrop(e, index)}
            onDragLeave={() => setOver(undefined)}
            onDrop={(e) => onDrop(e, index)}
          >
            <div className={`builder-tree__row${isSelected ? " builder-tree__row--selected" : ""}`}>
              <span className="builder-tree__handle" id={pathId(node.path, "maniglia")} aria-hidden="true" title="Trascina per spostare">
                ⠿
              </span>
              <button
                type="button"
                id={pathId(node.path, "seleziona")}
                className="builder-tree__select"
                aria-pressed={isSelected}
                onClick={() => actions.select(node.path)}
              >
                <span className="builder-tree__title">{node.title}</span>
                <span className="builder-tree__meta">
                  {node.kind ? FIELD_KIND_LABELS[node.kind] : "Avanzato (solo JSON)"}
                  {node.required ? " · obbligatorio" : ""}
                  {node.condition ? ` · visibile se «${node.condition.field}» ${node.condition.operator === "eq" ? "è" : "non è"} ${JSON.stringify(node.condition.value)}` : ""}
                </span>
              </button>
              <button
                type="button"
                id={pathId(node.path, "su")}
                className="button button--small button--secondary"
                aria-label={`Sposta su: ${node.title}`}
                disabled={index === 0}
                onClick={() => actions.moveBy(node.path, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                id={pathId(node.path, "giu")}
                className="button button--small button--secondary"
                aria-label={`Sposta giù: ${node.title}`}
                disabled={index === nodes.length - 1}
                onClick={() => actions.moveBy(node.path, 1)}
              >
                ↓
              </button>
            </div>
            {node.children ? (
              <div className="builder-tree__children">
                <FieldList nodes={node.children} containerPath={node.path} label={`«${node.title}»`} />
                {node.advancedRules ? (
                  <p className="builder-tree__note">{node.advancedRules} regole avanzate: si modificano nella scheda JSON.</p>
                ) : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
