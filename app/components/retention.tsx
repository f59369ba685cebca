import { DELETION_KIND_LABELS, DELETION_KINDS, type DeletionCounts } from "~/cases/retention-kinds";
import { Table } from "./table";

/** The dry-run report: what deleting a case removes, by kind (optionally beside what was counted at the proposal). */
export function DeletionCountsTable({ caption, counts, proposed }: { caption: string; counts: DeletionCounts; proposed?: DeletionCounts }) {
  return (
    <Table caption={caption} columns={proposed ? ["Dati", "Alla proposta", "Oggi"] : ["Dati", "Da eliminare"]} compact>
      {DELETION_KINDS.map((kind) => (
        <tr key={kind}>
          <th scope="row">{DELETION_KIND_LABELS[kind]}</th>
          {proposed ? <td>{proposed[kind] ?? 0}</td> : null}
          <td>{counts[kind]}</td>
        </tr>
      ))}
    </Table>
  );
}
