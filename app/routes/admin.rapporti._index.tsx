import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/auth/guard.server";
import { DoneNotice } from "~/components/form";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { listForms } from "~/forms/versions/registry.server";
import { formatDateTime } from "~/lib/format-date";
import { MEASURE_LABELS } from "~/reports/definition-model";
import { listPublishedDefinitions } from "~/reports/definition-store.server";
import { builtinReportDefinitions } from "~/reports/definitions.server";

export const meta: MetaFunction = () => [{ title: "Report (gestione) · Schedario" }];

/** /admin/rapporti — the reports over a form's field: the built-in ones (read-only) and those admins published (ADR 0027). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "report.design");
  const db = getDb();
  const [forms, published] = await Promise.all([listForms(db), listPublishedDefinitions(db)]);
  const formTitle = new Map(forms.map((f) => [f.slug, f.title]));
  return {
    builtin: builtinReportDefinitions().map((d) => ({ key: d.key, title: d.title, form: formTitle.get(d.form) ?? "Modulo non presente", measure: MEASURE_LABELS[d.measure] })),
    published: published.map((p) => ({
      key: p.definition.key,
      title: p.definition.title,
      form: formTitle.get(p.definition.form) ?? "Modulo non presente",
      measure: MEASURE_LABELS[p.definition.measure],
      version: p.definition.version,
      by: p.publishedBy,
      at: p.publishedAt.toISOString(),
      retired: p.retiredAt !== null,
    })),
  };
}

const OUTCOMES: Record<string, string> = {
  pubblicato: "Report pubblicato: compare nel report dei servizi dei coordinatori.",
  ritirato: "Report ritirato: non compare più nel report dei servizi.",
};

export default function ReportDefinitionsAdmin() {
  const { builtin, published } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <h1>Report (gestione)</h1>
      <DoneNotice message={OUTCOMES[searchParams.get("esito") ?? ""]} />
      <p>
        Ogni report qui conta le schede inviate di un modulo secondo un suo campo e compare come tabella nel report dei servizi dei coordinatori.
        Ogni pubblicazione crea una nuova versione; le precedenti restano registrate.
      </p>
      <p className="actions">
        <Link to="/admin/rapporti/nuovo" className="button">
          Nuovo report
        </Link>
      </p>
      <h2>Report pubblicati dagli amministratori</h2>
      {published.length ? (
        <Table caption="Report pubblicati, con modulo, misura, versione e stato" columns={["Report", "Modulo", "Misura", "Versione", "Stato"]}>
          {published.map((p) => (
            <tr key={p.key}>
              <td>
                <Link to={`/admin/rapporti/${p.key}`}>{p.title}</Link>
              </td>
              <td>{p.form}</td>
              <td>{p.measure}</td>
              <td>
                {p.version}, di {p.by}, {formatDateTime(p.at)}
              </td>
              <td>{p.retired ? <span className="tag tag--neutral">Ritirato</span> : <span className="tag">In uso</span>}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Nessun report pubblicato finora.</p>
      )}
      <h2>Report predefiniti</h2>
      <p>Fanno parte dell'applicazione e non si cambiano da qui.</p>
      <Table caption="Report predefiniti, con modulo e misura" columns={["Report", "Modulo", "Misura"]}>
        {builtin.map((d) => (
          <tr key={d.key}>
            <td>{d.title}</td>
            <td>{d.form}</td>
            <td>{d.measure}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
