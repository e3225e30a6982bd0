/**
 * Twilio's date filters on list endpoints (Messages: `DateSent`, `DateSent<`, `DateSent>`).
 * The `twilio` library sends `DateSent>=2026-01-15T01:23:45Z` (the key is "DateSent>", so the
 * query reads as ">="): all three are inclusive. A value is a GMT date (YYYY-MM-DD: that whole
 * day) or a date-time (to the second). A resource with no date (a message not sent yet has no
 * date_sent) matches no filter on that date.
 */
import { badRequest } from "./format";

type Bounds = { from: number; to: number };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The instants a filter value covers, in ms: a day or a second. */
function granule(param: string, value: string): Bounds {
  if (DAY.test(value)) {
    const from = Date.parse(`${value}T00:00:00Z`);
    if (Number.isFinite(from)) return { from, to: from + 86_400_000 - 1 };
  } else if (DATE_TIME.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) {
      const from = Math.floor(at / 1000) * 1000;
      return { from, to: from + 999 };
    }
  }
  throw badRequest(20001, `Invalid ${param}: '${value}' is not a valid date`);
}

export type DateFilter = (date: Date | null) => boolean;

/** The filter named `name` in `query` (exact, on-or-before, on-or-after), all of them combined. */
export function dateFilter(query: URLSearchParams, name: string): DateFilter {
  const checks: ((t: number) => boolean)[] = [];
  const exact = query.get(name);
  const before = query.get(`${name}<`);
  const after = query.get(`${name}>`);
  if (exact !== null) {
    const g = granule(name, exact);
    checks.push((t) => t >= g.from && t <= g.to);
  }
  if (before !== null) {
    const g = granule(`${name}<`, before);
    checks.push((t) => t <= g.to);
  }
  if (after !== null) {
    const g = granule(`${name}>`, after);
    checks.push((t) => t >= g.from);
  }
  if (checks.length === 0) return () => true;
  return (date) => date !== null && checks.every((c) => c(date.getTime()));
}
