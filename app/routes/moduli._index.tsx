import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePageScope } from "~/auth/guard.server";
import { getDb } from "~/db/instance.server";
import { FORM_KIND_LABELS } from "~/forms/versions/form-kinds";
import { listOfferedForms } from "~/forms/versions/offered-forms.server";
import { fillOptions, fillUrl, referenceNames } from "~/pages/fill-form.server";

export const meta: MetaFunction = () => [{ title: "Moduli · Schedario" }];

/** GET /moduli: the published forms offered to the caller's services, each with where they may fill it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requirePageScope(request, "form.read");
  const db = getDb();
  const [forms, names] = await Promise.all([listOfferedForms(db, scope), referenceNames(db)]);
  return {
    forms: forms.map((form) => ({
      slug: form.slug,
      title: form.title,
      kind: FORM_KIND_LABELS[form.kind],
      version: form.latestVersion,
      consent: form.kind === "consent",
      // Consent forms are the family's own act: no "Compila" for workers.
      fill: form.kind === "consent" ? [] : fillOptions(user.memberships, form.services, names).map((o) => ({ label: o.label, url: fillUrl(form.slug, o) })),
    })),
  };
}

export default function OfferedForms() {
  const { forms } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Moduli</h1>
      <p className="lead">I moduli pubblicati per i tuoi servizi. Ogni scheda resta legata alla versione del modulo con cui è stata compilata.</p>
      {forms.length === 0 ? <p>Nessun modulo è pubblicato per i tuoi servizi.</p> : null}
      <ul className="offered-forms">
        {forms.map((form) => (
          <li key={form.slug} className="offered-form">
            <h2 id={`modulo-${form.slug}`}>{form.title}</h2>
            <p>
              {form.kind} · versione {form.version}
            </p>
            {form.consent ? (
              <p className="field__hint">
                Un consenso lo dà la famiglia: dalla pagina della cartella invii un collegamento a ciascun genitore o registri un consenso firmato su
                carta.
              </p>
            ) : form.fill.length ? (
              <p className="actions">
                {form.fill.map((f) => (
                  <Link key={f.url} to={f.url} className="button button--small" aria-describedby={`modulo-${form.slug}`}>
                    {form.fill.length > 1 ? `Compila · ${f.label}` : "Compila"}
                  </Link>
                ))}
              </p>
            ) : (
              <p className="field__hint">Il tuo ruolo permette di consultare il modulo, non di compilarlo.</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
