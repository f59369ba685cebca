import type { Migration } from "kysely";
import * as m0001 from "./0001_reference_data";
import * as m0002 from "./0002_users_memberships_audit";
import * as m0003 from "./0003_sessions_tokens_throttle";
import * as m0004 from "./0004_forms";
import * as m0005 from "./0005_cases_submissions";
import * as m0006 from "./0006_consent_requests";
import * as m0007 from "./0007_form_version_mappings";
import * as m0008 from "./0008_court_orders";
import * as m0010a from "./0010_a_paper_consents";
import * as m0012a from "./0012_a_password_resets";
import * as m0012b from "./0012_b_audit_event_cases";
import * as m0013a from "./0013_a_consent_translations";
import * as m0014a from "./0014_a_retention";
import * as m0015a from "./0015_a_report_indexes";
import * as m0015b from "./0015_b_report_definitions";

/**
 * Every migration, by name, in order. A static map rather than a folder scan:
 * dynamic imports of .ts files do not resolve inside the vite-built server
 * (STACK.md pitfall 5). Add new migrations at the end; never edit a released one.
 */
export const migrations: Record<string, Migration> = {
  "0001_reference_data": m0001,
  "0002_users_memberships_audit": m0002,
  "0003_sessions_tokens_throttle": m0003,
  "0004_forms": m0004,
  "0005_cases_submissions": m0005,
  "0006_consent_requests": m0006,
  "0007_form_version_mappings": m0007,
  "0008_court_orders": m0008,
  "0010_a_paper_consents": m0010a,
  "0012_a_password_resets": m0012a,
  "0012_b_audit_event_cases": m0012b,
  "0013_a_consent_translations": m0013a,
  "0014_a_retention": m0014a,
  "0015_a_report_indexes": m0015a,
  "0015_b_report_definitions": m0015b,
};
