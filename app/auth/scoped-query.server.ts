import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Scope } from "./policy";

/**
 * The WHERE clause that keeps a query inside a scope (indie-stack style: the
 * scope is in the query, so a forgotten check reads "nothing", never too much).
 * A row belongs to (service, comune); a grant covers it when each of its parts
 * is null ("every") or equal. An empty scope matches no row at all.
 */
export function inScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: Scope,
  columns: { service: string; comune: string }
): Expression<SqlBool> {
  if (scope.grants.length === 0) return sql<SqlBool>`false`;
  const ref = (column: string) => sql.ref(column);
  return eb.or(
    scope.grants.map((grant) => {
      const parts: Expression<SqlBool>[] = [];
      if (grant.service !== null) parts.push(sql<SqlBool>`${ref(columns.service)} = ${grant.service}`);
      if (grant.comune !== null) parts.push(sql<SqlBool>`${ref(columns.comune)} = ${grant.comune}`);
      return parts.length ? eb.and(parts) : sql<SqlBool>`true`;
    })
  );
}

/** What of a scope shapes an `inScope` clause: the key of a statement prepared per scope (db/prepared.server). */
export function scopeKey(scope: Scope): string {
  return scope.grants.map((g) => `${g.service ?? "*"}/${g.comune ?? "*"}`).join(",");
}
