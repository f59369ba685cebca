import { HISTORY_PAGE_SIZE, MAX_HISTORY_PAGE_SIZE, MAX_SUBMISSION_PAGE_SIZE } from "~/submissions/api-input";

/**
 * The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
 * Written by hand next to the routes; a unit test keeps its paths equal to
 * the api.v1.* route files, so a new endpoint cannot go undocumented.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const ok = (schema: object) => ({ description: "OK", ...json(schema) });
const error = (description: string) => ({ description, ...json(ref("Error")) });

const ERRORS = {
  "400": error("Malformed JSON, a body that is not an object, or a wrong envelope (with `errors`)"),
  "401": error("No or invalid credentials"),
  "403": error("The role may never do this"),
  "404": error("Unknown, or outside the caller's scope"),
};
const pick = (...codes: (keyof typeof ERRORS)[]) => Object.fromEntries(codes.map((c) => [c, ERRORS[c]]));
const param = (name: string, schema: object = { type: "string" }) => ({ name, in: "path", required: true, schema });
const query = (name: string, schema: object, description: string) => ({ name, in: "query", schema, description });

const status = { type: "string", enum: ["draft", "submitted"] };
/** What a stored submission can be: declined and withdrawn come from family consent links. */
const storedStatus = { type: "string", enum: ["draft", "submitted", "declined", "withdrawn"] };
const nullableText = { type: ["string", "null"] };
const dateTime = { type: "string", format: "date-time" };
/** The filters shared by the submission list and the export. */
const FILTERS = [
  query("service", { type: "string" }, "Service code"),
  query("comune", { type: "string" }, "Comune code"),
  query("case", { type: "string" }, "Case code (cartella)"),
  query("status", status, "Status"),
  query("from", dateTime, "created_at ≥ from"),
  query("to", dateTime, "created_at < to"),
];

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Schedario API",
    version: "1",
    description:
      "Forms and submissions of the child-protection services. Authorization: Bearer <token> (or the session cookie, with the Origin check for non-GET requests). Request bodies: at most 1 MiB (413 beyond).",
  },
  servers: [{ url: "/api/v1" }],
  security: [{ bearer: [] }],
  paths: {
    "/me": { get: { summary: "The caller and their memberships", responses: { "200": { description: "The caller" }, ...pick("401") } } },
    "/services/{service}/team": {
      get: {
        summary: "Members of a service within the caller's scope",
        parameters: [param("service")],
        responses: { "200": { description: "The team" }, ...pick("401", "403", "404") },
      },
    },
    "/forms": {
      get: {
        summary: "Forms with a published version offered to the caller's services",
        responses: { "200": ok({ type: "object", properties: { forms: { type: "array", items: ref("FormSummary") } } }), ...pick("401", "403") },
      },
    },
    "/forms/{slug}": {
      get: {
        summary: "A form and its numbered versions",
        parameters: [param("slug")],
        responses: { "200": ok(ref("FormDetail")), ...pick("401", "403", "404") },
      },
    },
    "/forms/{slug}/versions/{version}": {
      get: {
        summary: "The schema and uiSchema of one version",
        parameters: [param("slug"), param("version", { type: "integer", minimum: 1 })],
        responses: { "200": ok(ref("FormVersion")), ...pick("401", "403", "404") },
      },
    },
    "/forms/{slug}/submissions": {
      post: {
        summary: "Create a submission, pinned to the latest published version",
        parameters: [param("slug")],
        requestBody: { required: true, ...json(ref("SubmissionCreate")) },
        responses: {
          "201": { description: "Created (Location: /api/v1/submissions/{id})", ...json(ref("SubmissionCreated")) },
          ...pick("400", "401", "403", "404"),
          "413": error("Body over 1 MiB"),
          "422": error("Submitted data that does not validate, a form not offered to the service, an unknown comune or case (with `errors`)"),
        },
      },
    },
    "/submissions": {
      get: {
        summary: "Submissions in the caller's scope, newest first, without data",
        parameters: [
          query("form", { type: "string" }, "Form slug"),
          ...FILTERS,
          query("cursor", { type: "string" }, "nextCursor of the previous page"),
          query("limit", { type: "integer", minimum: 1, maximum: MAX_SUBMISSION_PAGE_SIZE, default: 50 }, "Page size"),
        ],
        responses: { "200": ok(ref("SubmissionPage")), ...pick("400", "401", "403") },
      },
    },
    "/submissions/{id}": {
      get: {
        summary: "A submission with the data of its latest revision",
        parameters: [param("id", { type: "integer" })],
        responses: { "200": ok(ref("Submission")), ...pick("401", "403", "404") },
      },
      put: {
        summary: "Save a new revision (an amendment when already submitted: reason required)",
        parameters: [param("id", { type: "integer" })],
        requestBody: { required: true, ...json(ref("SubmissionUpdate")) },
        responses: {
          "200": ok(ref("Submission")),
          ...pick("400", "401", "403", "404"),
          "409": {
            description: "Stale revision: nothing was written",
            ...json({ type: "object", required: ["error", "currentRevision"], properties: { error: { type: "string" }, currentRevision: { type: "integer" } } }),
          },
          "413": error("Body over 1 MiB"),
          "422": error("Submitted data that does not validate, an amendment without reason, back to draft (with `errors`)"),
        },
      },
    },
    "/export": {
      get: {
        summary: "Every submission of a form in the caller's report scope (coordinators), streamed; audited",
        description:
          "Oldest first, the data of each submission's latest revision. CSV (RFC 4180, UTF-8 with BOM, CRLF): metadata columns, then one column per field of any version of the form, flattened by JSON pointer, headed by the field titles; arrays stay one cell (JSON, or `a; b` for plain values); cells starting with = + - @ tab or CR are prefixed with '. Rows of older versions are shown in the newest version's shape through the mappings declared at publish (renamed or moved fields, recoded options); stored data is never rewritten. NDJSON: one submission per line, shaped as GET /submissions/{id} (data as stored), plus presentedAs: {formVersion, data} in the newest version's shape.",
        parameters: [
          { ...query("form", { type: "string" }, "Form slug"), required: true },
          { ...query("format", { type: "string", enum: ["csv", "ndjson"] }, "Output format"), required: true },
          ...FILTERS,
        ],
        responses: {
          "200": {
            description: "The export (Content-Disposition: attachment)",
            content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } },
          },
          ...pick("400", "401", "403", "404"),
        },
      },
    },
    "/submissions/{id}/history": {
      get: {
        summary: "The revisions, oldest first, a page at a time (follow nextCursor until it is null)",
        parameters: [
          param("id", { type: "integer" }),
          query("cursor", { type: "string" }, "nextCursor of the previous page"),
          query("limit", { type: "integer", minimum: 1, maximum: MAX_HISTORY_PAGE_SIZE, default: HISTORY_PAGE_SIZE }, "Page size"),
        ],
        responses: { "200": ok(ref("History")), ...pick("400", "401", "403", "404") },
      },
    },
    "/consent-requests": {
      post: {
        summary: "Create a consent link for a family (the token appears only in `url`, once)",
        requestBody: { required: true, ...json(ref("ConsentRequestCreate")) },
        responses: {
          "201": {
            description: "Created (Location: /api/v1/consent-requests/{id})",
            ...json({ type: "object", required: ["id", "url", "expiresAt"], properties: { id: { type: "integer" }, url: { type: "string" }, expiresAt: dateTime } }),
          },
          ...pick("400", "401", "403", "404"),
          "413": error("Body over 1 MiB"),
          "422": error("Not a published consent form, a form not offered to the service, an unknown case (with `errors`)"),
        },
      },
    },
    "/consent-requests/{id}": {
      get: {
        summary: "A consent request and its status",
        parameters: [param("id", { type: "integer" })],
        responses: { "200": ok(ref("ConsentRequest")), ...pick("401", "403", "404") },
      },
    },
    "/consent-requests/{id}/revoke": {
      post: {
        summary: "Revoke a consent link that has not been answered",
        parameters: [param("id", { type: "integer" })],
        responses: { "200": ok(ref("ConsentRequest")), ...pick("401", "403", "404"), "409": error("The family has already answered") },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A token from /profilo/token or `npm run cli -- token create`" } },
    schemas: {
      FieldError: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } },
      Error: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "string" }, errors: { type: "array", items: ref("FieldError") } },
      },
      FormSummary: {
        type: "object",
        properties: {
          slug: { type: "string" },
          kind: { type: "string", enum: ["intake", "assessment", "report", "consent", "other"] },
          title: { type: "string" },
          services: { type: "array", items: { type: "string" } },
          latestVersion: { type: "integer" },
        },
      },
      FormDetail: {
        type: "object",
        properties: {
          slug: { type: "string" },
          kind: { type: "string" },
          title: { type: "string" },
          services: { type: "array", items: { type: "string" } },
          versions: {
            type: "array",
            items: {
              type: "object",
              properties: {
                version: { type: "integer" },
                status: { type: "string", enum: ["published", "retired"] },
                contentHash: { type: "string" },
                publishedAt: dateTime,
                retiredAt: { type: ["string", "null"], format: "date-time" },
              },
            },
          },
        },
      },
      FormVersion: {
        type: "object",
        properties: {
          form: { type: "string" },
          version: { type: "integer" },
          status: { type: "string", enum: ["published", "retired"] },
          contentHash: { type: "string" },
          schema: { type: "object", description: "JSON Schema (draft-07)" },
          uiSchema: { type: "object", description: "rjsf uiSchema" },
        },
      },
      SubmissionCreate: {
        type: "object",
        required: ["data", "status", "service"],
        properties: {
          data: { type: "object" },
          status,
          service: { type: "string" },
          comune: nullableText,
          case: nullableText,
          formVersion: { type: "integer", minimum: 1, description: "The version the client showed; the latest published one when absent" },
        },
      },
      SubmissionCreated: {
        type: "object",
        properties: { id: { type: "integer" }, formVersion: { type: "integer" }, revision: { type: "integer" }, status },
      },
      SubmissionUpdate: {
        type: "object",
        required: ["data", "status", "revision"],
        properties: { data: { type: "object" }, status, revision: { type: "integer", minimum: 1 }, reason: nullableText },
      },
      SubmissionSummary: {
        type: "object",
        properties: {
          id: { type: "integer" },
          form: { type: "string" },
          formVersion: { type: "integer" },
          revision: { type: "integer" },
          status: storedStatus,
          service: { type: "string" },
          comune: nullableText,
          case: nullableText,
          createdAt: dateTime,
          updatedAt: dateTime,
        },
      },
      Submission: { allOf: [ref("SubmissionSummary"), { type: "object", properties: { data: { type: "object" } } }] },
      SubmissionPage: {
        type: "object",
        properties: { submissions: { type: "array", items: ref("SubmissionSummary") }, nextCursor: nullableText },
      },
      ConsentRequestCreate: {
        type: "object",
        required: ["form", "service", "recipient"],
        properties: {
          form: { type: "string", description: "Slug of a consent form" },
          version: { type: "integer", minimum: 1, description: "A published version; the latest when omitted" },
          service: { type: "string" },
          comune: nullableText,
          case: { type: ["string", "null"], description: "Case code in that service and comune" },
          recipient: {
            type: "object",
            required: ["name"],
            properties: { name: { type: "string" }, email: nullableText, relationship: nullableText },
          },
          expiresInDays: { type: "integer", minimum: 1, maximum: 90, default: 14 },
        },
      },
      ConsentRequest: {
        type: "object",
        properties: {
          id: { type: "integer" },
          form: { type: "string" },
          formTitle: { type: "string" },
          formVersion: { type: "integer" },
          service: { type: "string" },
          comune: nullableText,
          caseId: { type: ["integer", "null"] },
          case: nullableText,
          recipient: { type: "object", properties: { name: { type: "string" }, relationship: nullableText, email: nullableText } },
          status: { type: "string", enum: ["pending", "completed", "declined", "expired", "revoked", "withdrawn"] },
          expiresAt: dateTime,
          createdAt: dateTime,
          createdBy: { type: "string" },
          revokedAt: { type: ["string", "null"], format: "date-time" },
          replacesId: { type: ["integer", "null"] },
          purposes: {
            type: "array",
            description: "The purposes the form version asks about (questions offering «acconsento» and «non acconsento»)",
            items: { type: "object", properties: { name: { type: "string" }, title: { type: "string" } } },
          },
          answer: {
            type: ["object", "null"],
            properties: {
              submissionId: { type: "integer" },
              answeredAt: dateTime,
              textHash: { type: "string", description: "SHA-256 (hex) of the Italian original consent text of the version" },
              language: { type: "string", description: "Language the family read and signed in (it: the Italian original; ADR 0023)" },
              translationHash: { type: ["string", "null"], description: "SHA-256 (hex) of the approved translation's consent text signed, or null for the original" },
              signer: nullableText,
              relationship: nullableText,
              purposes: {
                type: "array",
                description: "The answer to each purpose: a refusal of one purpose can be part of a «completed» answer",
                items: {
                  type: "object",
                  properties: {
                    purpose: { type: "string" },
                    title: { type: "string" },
                    value: { type: "string", description: "acconsento, non-acconsento or another option of the question" },
                    label: { type: "string" },
                  },
                },
              },
            },
          },
        },
      },
      History: {
        type: "object",
        properties: {
          id: { type: "integer" },
          form: { type: "string" },
          formVersion: { type: "integer" },
          revisions: {
            type: "array",
            items: {
              type: "object",
              properties: {
                revision: { type: "integer" },
                status: storedStatus,
                data: { type: "object" },
                reason: nullableText,
                author: { type: "object", properties: { id: { type: ["integer", "null"] }, displayName: { type: "string" } } },
                createdAt: dateTime,
              },
            },
          },
          nextCursor: { type: ["string", "null"] },
        },
      },
    },
  },
};
