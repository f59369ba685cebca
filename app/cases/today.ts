// Made once: building an Intl.DateTimeFormat costs about a millisecond, more than the case page's queries.
const romeCalendarDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in the Ambito's time zone (YYYY-MM-DD): due dates are calendar days in Italy. */
export function todayInRome(now = new Date()): string {
  return romeCalendarDate.format(now);
}

/** The calendar date `days` after a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
