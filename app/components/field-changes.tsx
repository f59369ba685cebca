import type { FieldChange } from "~/forms/mapping/diff";
import { Table } from "./table";

const CHANGE_LABELS = { added: "Aggiunto", removed: "Tolto", changed: "Modificato" } as const;

/**
 * The fields that differ between two versions in the admin's words: each by
 * its title, under the titles of the sections it is in, with what changed
 * ("testo, obbligatorio", "lunghezza massima: 100 → 200") — no JSON pointers or type names.
 */
export function FieldChanges({ changes, caption }: { changes: readonly FieldChange[]; caption: string }) {
  if (!changes.length) return <p>Nessuna differenza nei campi.</p>;
  return (
    <Table caption={caption} columns={["Campo", "Modifica", "Dettagli"]} compact>
      {changes.map((c) => (
        <tr key={c.path}>
          <td>
            {c.place.length ? <span className="field-changes__place">{c.place.join(" › ")} › </span> : null}
            {c.title}
          </td>
          <td className={`diff-${c.change}`}>{CHANGE_LABELS[c.change]}</td>
          <td>{c.details.join("; ")}</td>
        </tr>
      ))}
    </Table>
  );
}
