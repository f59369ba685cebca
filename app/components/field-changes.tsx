import type { FieldChange } from "~/forms/diff";
import { Table } from "./table";

const CHANGE_LABELS = { added: "Aggiunto", removed: "Tolto", changed: "Modificato" } as const;

/** The fields that differ between two versions, in Italian, each with its title and its place in the data. */
export function FieldChanges({ changes, caption }: { changes: readonly FieldChange[]; caption: string }) {
  if (!changes.length) return <p>Nessuna differenza nei campi.</p>;
  return (
    <Table caption={caption} columns={["Campo", "Modifica", "Dettagli"]} compact>
      {changes.map((c) => (
        <tr key={c.path}>
          <td>
            {c.title}
            <br />
            <code>{c.path}</code>
          </td>
          <td className={`diff-${c.change}`}>{CHANGE_LABELS[c.change]}</td>
          <td>{c.details.join("; ")}</td>
        </tr>
      ))}
    </Table>
  );
}
