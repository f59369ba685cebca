import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guard.server";
import { listReferenceData } from "~/organisation/organisation.server";
import { Table } from "~/components/table";
import { getDb } from "~/db/instance.server";
import { FORM_KIND_LABELS } from "~/forms/versions/form-kinds";
import { listForms } from "~/forms/versions/registry.server";

export const meta: MetaFunction = () => [{ title: "Moduli (gestione) · Schedario" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "form.design");
  const [forms, reference] = await Promise.all([listForms(getDb()), listReferenceData(getDb())]);
  const serviceNames = new Map(reference.services.map((s) => [s.code, s.name]));
  return {
    allServices: reference.services.length,
    forms: forms.map((f) => ({
      slug: f.slug,
      title: f.title,
      kind: FORM_KIND_LABELS[f.kind],
      services: f.services.map((s) => serviceNames.get(s) ?? s),
      latestVersion: f.latestVersion,
      hasDraft: f.hasDraft,
    })),
  };
}

export default function FormsAdmin() {
  const { forms, allServices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Moduli (gestione)</h1>
      <p>
        Ogni modulo ha versioni numerate: una versione pubblicata non cambia più, le schede già compilate restano legate
        alla versione con cui sono state fatte. Le modifiche si preparano in una bozza e si pubblicano come nuova versione.
      </p>
      <p className="actions">
        <Link to="/admin/moduli/nuovo" className="button">
          Nuovo modulo
        </Link>
      </p>
      <Table caption="Moduli con tipo, servizi, ultima versione pubblicata e bozza" columns={["Modulo", "Tipo", "Servizi", "Versione", "Stato"]}>
        {forms.map((f) => (
          <tr key={f.slug}>
            <td>
              <Link to={`/admin/moduli/${f.slug}`}>{f.title}</Link>
              <br />
              <code>{f.slug}</code>
            </td>
            <td>{f.kind}</td>
            <td>{f.services.length === allServices ? "Tutti i servizi" : f.services.join(", ") || "Nessuno"}</td>
            <td>{f.latestVersion ?? "—"}</td>
            <td>
              {f.latestVersion ? <span className="tag">Pubblicato</span> : <span className="tag tag--neutral">Mai pubblicato</span>}{" "}
              {f.hasDraft ? (
                <Link to={`/admin/moduli/${f.slug}/bozza`} className="tag tag--draft">
                  Bozza in corso
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
