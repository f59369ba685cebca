/** The positive integer id in a route parameter (fits PostgreSQL's integer), or undefined: never a database error. */
export function parseIdParam(value: string | undefined): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(value ?? "")) return undefined;
  const id = Number(value);
  return id <= 2_147_483_647 ? id : undefined;
}
