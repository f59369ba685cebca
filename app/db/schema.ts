import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/**
 * The typed shape of every table, as kysely sees it. Row types stay inside the
 * modules that map them (STYLE.md): export domain types from those modules,
 * not these.
 */

/** A jsonb column: read as T, written as a JSON string (see `toJsonb`). */
export type JsonColumn<T> = ColumnType<T, string, string>;
/** A timestamptz column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ComuneTable {
  code: string;
  name: string;
}

export interface ServiceTable {
  code: string;
  name: string;
  /** true for the équipe of each comune (tutela-minori); false for Ambito-wide services. */
  is_territorial: boolean;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  /** argon2id PHC string; null until a password is set. */
  password_hash: string | null;
  disabled_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The roles a membership may hold; what each may do is decided in auth/policy.ts. */
export const ROLES = ["admin", "coordinator", "worker", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export interface MembershipTable {
  id: Generated<number>;
  user_id: number;
  /** null only for admin: the whole Ambito. */
  service_code: string | null;
  /** null: every comune of the service. */
  comune_code: string | null;
  role: Role;
  created_at: CreatedAt;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: CreatedAt;
  actor_user_id: number | null;
  /** Who acted when there is no user: "family", "cli", "system". */
  actor_kind: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  service_code: string | null;
  comune_code: string | null;
  ip: string | null;
  user_agent: string | null;
  details: JsonColumn<Record<string, unknown>>;
}

/** Which cases a list or an export showed: one row per event × case (append-only). */
export interface AuditEventCaseTable {
  case_id: number;
  event_id: number;
}

export interface SessionTable {
  /** The public half of the cookie token. */
  id: string;
  /** SHA-256 of the secret half; the secret itself is never stored. */
  secret_hash: Uint8Array;
  user_id: number;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  name: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface PasswordResetTable {
  /** The public half of the link's token. */
  id: string;
  /** SHA-256 of the secret half; the secret itself is never stored. */
  secret_hash: Uint8Array;
  user_id: number;
  channel: "admin" | "cli" | "email";
  /** The admin who made the link (null from the CLI or by e-mail). */
  created_by: number | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  /** Used, or replaced by a newer link: it never works again. */
  ended_at: Timestamp | null;
}

export interface FormTable {
  id: Generated<number>;
  slug: string;
  kind: "intake" | "assessment" | "report" | "consent" | "other";
  title: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface FormServiceTable {
  form_id: number;
  service_code: string;
}

export interface FormVersionTable {
  id: Generated<number>;
  form_id: number;
  /** null while a draft; numbered 1, 2, 3… per form at publish. */
  version: number | null;
  status: ColumnType<"draft" | "published" | "retired", "draft" | undefined, "draft" | "published" | "retired">;
  /** json (not jsonb): key order is the order of the fields on screen. */
  schema: JsonColumn<Record<string, unknown>>;
  ui_schema: JsonColumn<Record<string, unknown>>;
  content_hash: string;
  standalone_code: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  published_at: Timestamp | null;
  published_by: number | null;
  retired_at: Timestamp | null;
  /** The declared mapping from the previous version's data (ADR 0012); frozen at publish. */
  mapping: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface CaseTable {
  id: Generated<number>;
  /** Unique within its service. */
  code: string;
  /** A pseudonym of the minor, never a name. */
  minor_ref: string;
  service_code: string;
  comune_code: string | null;
  opened_at: CreatedAt;
  closed_at: Timestamp | null;
  created_by: number;
}

/** A court order (provvedimento) of a case (migration 0008). */
export interface CourtOrderTable {
  id: Generated<number>;
  case_id: number;
  authority: string;
  docket_number: string;
  /** A `date`; read it as text (YYYY-MM-DD), never as a JavaScript Date (time zones). */
  issued_on: string;
  order_type: string;
  duties: string;
  created_by: number;
  created_at: CreatedAt;
}

/** The due date of a report a court order asks for, and the relazione filed for it. */
export interface CourtOrderDeadlineTable {
  id: Generated<number>;
  court_order_id: number;
  due_on: string;
  report_submission_id: number | null;
  report_linked_at: Timestamp | null;
}

/** draft/submitted for workers' forms; declined and withdrawn come from consent links (ADR 0010). */
export type StoredSubmissionStatus = "draft" | "submitted" | "declined" | "withdrawn";

export interface SubmissionTable {
  id: Generated<number>;
  form_version_id: number;
  service_code: string;
  comune_code: string | null;
  case_id: number | null;
  status: StoredSubmissionStatus;
  /** Number of the latest revision: the optimistic-lock token. */
  revision: number;
  /** The worker who created it; null when a family made it through a consent link. */
  created_by: number | null;
  /** The consent request it answers (at most one submission per request). */
  consent_request_id: ColumnType<number | null, number | null | undefined, never>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Append-only (a trigger rejects UPDATE and DELETE). */
export interface SubmissionRevisionTable {
  submission_id: number;
  revision: number;
  status: StoredSubmissionStatus;
  data: JsonColumn<Record<string, unknown>>;
  reason: string | null;
  /** Exactly one of author_id (a worker) and consent_request_id (the family of that request). */
  author_id: number | null;
  consent_request_id: ColumnType<number | null, number | null | undefined, never>;
  created_at: CreatedAt;
}

export interface ConsentRequestTable {
  id: Generated<number>;
  /** The public half of the link's token. */
  token_id: string;
  /** SHA-256 of the secret half; the secret is never stored. */
  secret_hash: Uint8Array;
  form_version_id: number;
  service_code: string;
  comune_code: string | null;
  case_id: number | null;
  recipient_name: string;
  recipient_relationship: string | null;
  recipient_email: string | null;
  expires_at: Timestamp;
  created_by: number;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  replaces_id: number | null;
  answered_at: Timestamp | null;
  /** SHA-256 (hex) of the exact consent text the family was shown. */
  answered_text_hash: string | null;
  answered_ip: string | null;
  answered_user_agent: string | null;
  /** The language the family read and signed in ("it" for the original); null until answered. */
  answered_language: string | null;
  /** The approved translation they signed, and the SHA-256 of its text (answered_text_hash stays the Italian one). */
  answered_translation_id: number | null;
  answered_translation_hash: string | null;
}

/** A translation of a published consent form version (ADR 0023): immutable once approved. */
export interface ConsentTranslationTable {
  id: Generated<number>;
  form_version_id: number;
  language: string;
  /** 1, 2, … per form version and language. */
  version: number;
  /** Italian JSON pointer → translated string. */
  strings: JsonColumn<Record<string, string>>;
  /** SHA-256 (hex) of the translated consent text. */
  text_hash: string;
  status: "draft" | "approved";
  created_by: number | null;
  created_at: CreatedAt;
  approved_by: number | null;
  approved_at: Timestamp | null;
}

export interface ConsentExceptionTable {
  id: Generated<number>;
  case_id: number;
  kind: "parent-absent" | "court-order" | "sole-parent" | "psychologist-court-ordered";
  note: string;
  recorded_by: number;
  recorded_at: CreatedAt;
}

/** A consent signed on paper, recorded by a worker with the witness (migration 0010). */
export interface PaperConsentTable {
  id: Generated<number>;
  case_id: number;
  form_version_id: number;
  signer_name: string;
  relationship: string;
  /** A date (YYYY-MM-DD); read it with to_char, the two drivers parse dates differently. */
  signed_on: ColumnType<unknown, string, never>;
  /** Purpose (question name) → chosen option value. */
  answers: JsonColumn<Record<string, string>>;
  witnessed_by: number;
  note: Generated<string>;
  recorded_by: number;
  recorded_at: CreatedAt;
}

export interface RequestRateLimitTable {
  key: string;
  count: number;
  window_started_at: Timestamp;
}

/** Years a case of a service is kept after closure; longer when it holds a form of a kind (ADR 0024). */
export interface RetentionRuleTable {
  id: Generated<number>;
  service_code: string;
  /** null: every case of the service. */
  form_kind: string | null;
  years_after_closure: number;
  basis: string;
}

/** A legal hold on a case (an open court case): while in force the case is never deleted. */
export interface LegalHoldTable {
  id: Generated<number>;
  case_id: number;
  reason: string;
  set_by: number;
  set_at: CreatedAt;
  released_by: number | null;
  released_at: Timestamp | null;
}

export type CaseDeletionStatus = "proposed" | "confirmed" | "rejected";

/** A coordinator's proposal to delete a case and an admin's decision (never the same person). */
export interface CaseDeletionTable {
  id: Generated<number>;
  case_id: number;
  years_after_closure: number;
  /** YYYY-MM-DD; read it with to_char. */
  due_on: ColumnType<unknown, string, never>;
  proposed_by: number;
  proposed_at: CreatedAt;
  dry_run: JsonColumn<Record<string, number>>;
  status: CaseDeletionStatus;
  decided_by: number | null;
  decided_at: Timestamp | null;
}

/** A report definition an admin published (ADR 0027): immutable once written, retired at most once. */
export interface ReportDefinitionTable {
  id: Generated<number>;
  key: string;
  version: number;
  /** The definition as in app/reports/data/definitions.json, its key and version included. */
  definition: JsonColumn<Record<string, unknown>>;
  published_by: number;
  published_at: CreatedAt;
  retired_by: number | null;
  retired_at: Timestamp | null;
}

/** What remains of a deleted case: no personal data, only what names it in the audit trail. */
export interface CaseTombstoneTable {
  case_id: number;
  code: string;
  service_code: string;
  comune_code: string | null;
  closed_at: Timestamp;
  deleted_at: CreatedAt;
  deletion_id: number;
  removed: JsonColumn<Record<string, number>>;
}

export interface Database {
  comuni: ComuneTable;
  services: ServiceTable;
  users: UserTable;
  memberships: MembershipTable;
  audit_events: AuditEventTable;
  audit_event_cases: AuditEventCaseTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_throttles: LoginThrottleTable;
  password_resets: PasswordResetTable;
  forms: FormTable;
  form_services: FormServiceTable;
  form_versions: FormVersionTable;
  cases: CaseTable;
  submissions: SubmissionTable;
  submission_revisions: SubmissionRevisionTable;
  consent_requests: ConsentRequestTable;
  consent_exceptions: ConsentExceptionTable;
  consent_translations: ConsentTranslationTable;
  paper_consents: PaperConsentTable;
  request_rate_limits: RequestRateLimitTable;
  court_orders: CourtOrderTable;
  court_order_deadlines: CourtOrderDeadlineTable;
  retention_rules: RetentionRuleTable;
  legal_holds: LegalHoldTable;
  case_deletions: CaseDeletionTable;
  case_tombstones: CaseTombstoneTable;
  report_definitions: ReportDefinitionTable;
}

export type UserRow = Selectable<UserTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
