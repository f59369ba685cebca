import type { FieldPath, FormDocument } from "~/forms/builder/document";
import { readFieldTree, type FieldNode } from "~/forms/builder/field-tree";
import { containerAt, displayOrder, fieldSlots, getSlot, slotTitle } from "~/forms/builder/locate";

/** Whether a field is (still) in the document: a selection may outlive its field after an undo or a JSON edit. */
export function pathExists(doc: FormDocument, path: FieldPath): boolean {
  try {
    return fieldSlots(containerAt(doc, path.slice(0, -1)).schema).has(path.at(-1)!);
  } catch {
    return false;
  }
}

export function titleAt(doc: FormDocument, path: FieldPath): string {
  return slotTitle(doc.schema, getSlot(doc, path));
}

/** Sections and groups the visual editor can open, depth first. */
export function containerNodes(nodes: FieldNode[]): FieldNode[] {
  return nodes.flatMap((n) => (n.children ? [n, ...containerNodes(n.children)] : []));
}

/** Where the palette adds: inside a selected section/group, after a selected field, else at the end of the form. */
export function insertionPoint(doc: FormDocument, selected: FieldPath | undefined): { container: FieldPath; index?: number; label: string } {
  if (!selected || !pathExists(doc, selected)) return { container: [], label: "fine del modulo" };
  const node = readFieldTree(doc, selected.slice(0, -1)).find((n) => n.key === selected.at(-1));
  if (node?.children) return { container: selected, label: `sezione «${node.title}»` };
  const order = displayOrder(containerAt(doc, selected.slice(0, -1)));
  return { container: selected.slice(0, -1), index: order.indexOf(selected.at(-1)!) + 1, label: `dopo «${node?.title ?? selected.at(-1)}»` };
}
