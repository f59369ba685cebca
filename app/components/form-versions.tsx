import { Form, Link } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FieldChanges } from "~/components/field-changes";
import { SelectField } from "~/components/form";
import { formatDateTime } from "~/lib/format-date";
import { Table } from "~/components/table";
import type { Comparison } from "~/forms/mapping/compare.server";
import type { FormVersionStatus } from "~/forms/versions/registry.server";
import type { VersionHistoryEntry } from "~/forms/versions/version-history.server";

/** A version of a form (the draft has no number) as the page shows it. */
export type FormVersionView = Omit<VersionHistoryEntry, "contentHash">;

export const VERSION_STATUS_LABELS: Record<FormVersionStatus, string> = { draft: "Bozza", published: "Pubblicata", retired: "Ritirata" };

/** The versions one can compare or copy: the draft ("bozza") first, then the numbered ones, newest first. */
export function versionOptions(history: readonly FormVersionView[]): { value: string; label: string }[] {
  return [
    ...(history.some((v) => v.status === "draft") ? [{ value: "bozza", label: "Bozza" }] : []),
    ...history
      .filter((v) => v.version !== null)
      .map((v) => ({ value: String(v.version), label: `Versione ${v.version} (${VERSION_STATUS_LABELS[v.status].toLowerCase()})` })),
  ];
}

/**
 * The form's versions with export and retire links; after "Ritira" (?ritira=)
 * the confirmation comes first and takes the focus, since retiring cannot be
 * undone.
 */
export function FormVersions({ slug, title, history, retire }: { slug: string; title: string; history: readonly FormVersionView[]; retire: number | null }) {
  return (
    <>
      <h2 id="versioni" tabIndex={-1}>Versioni</h2>
      {retire ? <RetireConfirmation slug={slug} version={retire} /> : null}
      {history.length ? (
        <Table caption={`Versioni di ${title}`} columns={["Versione", "Stato", "Autore", "Data", ""]}>
          {history.map((v) => (
            <tr key={v.version ?? "bozza"}>
              <td>{v.version ?? "—"}</td>
              <td>
                <span className={v.status === "published" ? "tag" : v.status === "draft" ? "tag tag--draft" : "tag tag--neutral"}>
                  {VERSION_STATUS_LABELS[v.status]}
                </span>
                {v.retiredAt ? <> il {formatDateTime(v.retiredAt)}</> : null}
                {v.mappingRules ? (
                  <>
                    <br />
                    {v.mappingRules === 1 ? "1 corrispondenza" : `${v.mappingRules} corrispondenze`} dalla versione precedente
                  </>
                ) : null}
              </td>
              <td>{v.author ?? "—"}</td>
              <td>{formatDateTime(v.date)}</td>
              <td>
                <span className="cell-actions">
                  <a href={`/admin/moduli/${slug}/esporta?versione=${v.version ?? "bozza"}`} download>
                    Esporta<span className="visually-hidden"> {v.version ? `la versione ${v.version}` : "la bozza"}</span> (JSON)
                  </a>
                  {v.status === "published" ? (
                    <Link to={`/admin/moduli/${slug}?ritira=${v.version}#versioni`}>
                      Ritira<span className="visually-hidden"> la versione {v.version}</span>
                    </Link>
                  ) : null}
                </span>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Nessuna versione.</p>
      )}
    </>
  );
}

function RetireConfirmation({ slug, version }: { slug: string; version: number }) {
  const confirmRef = useRef<HTMLElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, [version]);
  return (
    <section className="confirm" aria-labelledby="retire-title" tabIndex={-1} ref={confirmRef}>
      <h2 id="retire-title">Ritirare la versione {version}?</h2>
      <p>
        Dopo il ritiro nessuno potrà più creare schede con la versione {version}. Le schede già compilate restano legate a
        essa e si possono ancora leggere e modificare. Il ritiro non si può annullare.
      </p>
      <Form method="post" className="actions" action={`/admin/moduli/${slug}`}>
        <input type="hidden" name="intent" value="retire" />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="confirm" value="si" />
        <button type="submit" className="button button--danger">
          Sì, ritira la versione {version}
        </button>
        <Link to={`/admin/moduli/${slug}`}>Annulla</Link>
      </Form>
    </section>
  );
}

/** Two versions (or a version and the draft) side by side, field by field; the choice is in the query (?da=&a=). */
export function CompareVersions({ options, comparison }: { options: { value: string; label: string }[]; comparison: Comparison | null }) {
  return (
    <>
      <h2 id="confronto">Confronta due versioni</h2>
      {options.length < 2 ? (
        <p>Servono almeno due versioni (o una versione e la bozza) per un confronto.</p>
      ) : (
        <>
          <Form method="get" className="filters" preventScrollReset>
            <SelectField id="da" label="Dalla versione" options={options} defaultValue={comparison?.from ?? options.at(-1)?.value} />
            <SelectField id="a" label="Alla versione" options={options} defaultValue={comparison?.to ?? options[0]?.value} />
            <button type="submit" className="button">
              Confronta
            </button>
          </Form>
          {comparison ? (
            "error" in comparison ? (
              <p className="notice">{comparison.error}</p>
            ) : (
              <FieldChanges changes={comparison.changes} caption={`Differenze tra ${comparison.fromLabel} e ${comparison.toLabel}`} />
            )
          ) : null}
        </>
      )}
    </>
  );
}
