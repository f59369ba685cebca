/** Where a new submission goes: `?servizio=S&comune=C&caso=CODE&fase=STAGE` of /moduli/:slug/compila. */
export interface FillTarget {
  service: string;
  comune: string | null;
  caseCode: string | null;
  /** The stage of the case's path (case-paths.json) the scheda is for; only with a case. */
  stage: string | null;
}

/** The target in a compila URL; undefined without a service. */
export function parseFillTarget(query: URLSearchParams): FillTarget | undefined {
  const service = query.get("servizio")?.trim();
  if (!service) return undefined;
  const caseCode = query.get("caso")?.trim() || null;
  return { service, comune: query.get("comune")?.trim() || null, caseCode, stage: (caseCode && query.get("fase")?.trim()) || null };
}
