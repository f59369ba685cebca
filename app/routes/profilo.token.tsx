import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { recordAuditEvent } from "~/audit/audit.server";
import { auditContext, requireUser } from "~/auth/guard.server";
import { TOKEN_NAME_MAX_LENGTH } from "~/auth/credential-rules";
import { createApiToken, listApiTokens, revokeApiToken } from "~/auth/tokens.server";
import { ErrorSummary, Field } from "~/components/form";
import { formatDateTime } from "~/lib/format-date";
import { getDb } from "~/db/instance.server";
import { formString } from "~/lib/form-string";
import { Table } from "~/components/table";

export const meta: MetaFunction = () => [{ title: "Token per le API · Schedario" }];

/** Any signed-in user: their own tokens only (the queries filter by owner). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { tokens: await listApiTokens(getDb(), user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const audit = auditContext(user, request, context);
  if (formString(form, "intent") === "revoke") {
    const tokenId = formString(form, "tokenId");
    const revoked = await getDb()
      .transaction()
      .execute(async (trx) => {
        if (!(await revokeApiToken(trx, user.id, tokenId))) return false;
        await recordAuditEvent(trx, {
          ...audit,
          action: "token.revoked",
          target: { type: "user", id: user.id },
          details: { tokenId },
        });
        return true;
      });
    if (!revoked) return data({ errors: { form: "Token non trovato o già revocato." } }, { status: 404 });
    return { revoked: true };
  }
  const name = formString(form, "name").trim();
  if (!name)
    return data({ errors: { name: "Dai un nome al token, ad esempio il programma che lo userà." } }, { status: 400 });
  const created = await getDb()
    .transaction()
    .execute(async (trx) => {
      const result = await createApiToken(trx, user.id, name);
      await recordAuditEvent(trx, {
        ...audit,
        action: "token.created",
        target: { type: "user", id: user.id },
        details: { tokenId: result.apiToken.id, name: result.apiToken.name },
      });
      return result;
    });
  // The only time the token is ever shown: it goes in this response and nowhere else.
  return data({ created: { name: created.apiToken.name, token: created.token } }, { status: 201 });
}

export default function Tokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const created = actionData && "created" in actionData ? actionData.created : undefined;
  return (
    <>
      <h1>Token per le API</h1>
      <p>
        Un token permette a un programma di usare le API di Schedario (<code>/api/v1</code>) a tuo nome, con i tuoi
        stessi permessi. Conservalo come una password; revocalo quando non serve più.
      </p>
      {created ? (
        <div className="notice notice--success" role="status">
          <h2>Token «{created.name}» creato</h2>
          <p>Copialo adesso: per sicurezza non verrà mostrato di nuovo.</p>
          <p>
            <code className="token-value">{created.token}</code>
          </p>
          <p>
            Usalo nell'intestazione <code>Authorization: Bearer …</code>
          </p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} fieldIds={{ name: "name", form: "name" }} />
      <h2>Nuovo token</h2>
      {/* A new key after each creation empties the field (with JavaScript the page is not reloaded). */}
      <Form method="post" className="form form--inline" noValidate key={created?.token}>
        <Field
          id="name"
          label="Nome del token"
          hint="Per riconoscerlo nell'elenco, ad esempio «Esportazione mensile»."
          maxLength={TOKEN_NAME_MAX_LENGTH}
          required
          error={errors && "name" in errors ? errors.name : undefined}
        />
        <button type="submit" name="intent" value="create" className="button">
          Crea il token
        </button>
      </Form>
      <h2>I miei token</h2>
      {tokens.length ? (
        <Table
          caption="I tuoi token, con data di creazione, ultimo uso e stato"
          columns={["Nome", "Creato", "Ultimo uso", "Stato"]}
        >
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{formatDateTime(t.createdAt)}</td>
              <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Mai usato"}</td>
              <td>
                {t.revokedAt ? (
                  `Revocato il ${formatDateTime(t.revokedAt)}`
                ) : (
                  <Form method="post">
                    <input type="hidden" name="tokenId" value={t.id} />
                    <button type="submit" name="intent" value="revoke" className="button button--danger button--small">
                      Revoca<span className="visually-hidden"> il token «{t.name}»</span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>Non hai ancora creato token.</p>
      )}
      <p>
        <Link to="/profilo">Torna al profilo</Link>
      </p>
    </>
  );
}
