/**
 * events.md, "Effective time (no backdating)": a recorder's `occurredAt` is a claim. When the
 * ledger heard of the event more than the tolerance later, the event counts from `recordedAt`,
 * so that no party can start the other's clock, or stop its own, before it told the ledger.
 */
export function effectiveTime(
  occurredAtMs: number,
  recordedAtMs: number,
  toleranceMinutes: number,
): { effectiveAt: number; lateRecorded: boolean } {
  const lateRecorded = recordedAtMs - occurredAtMs > toleranceMinutes * 60_000;
  return { effectiveAt: lateRecorded ? recordedAtMs : occurredAtMs, lateRecorded };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `Date.parse` of an ISO time, without its cost for the form the ledger writes
 * (`2024-03-01T09:00:00.000Z`): replaying a ledger parses two times per event, and `Date.parse`
 * was a fifth of the replay. Any other form, or a date that does not exist, goes to `Date.parse`.
 */
export function fromIso(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 /* Z */) return Date.parse(iso);
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const day = digits(iso, 8, 2);
  const hour = digits(iso, 11, 2);
  const minute = digits(iso, 14, 2);
  const second = digits(iso, 17, 2);
  const milli = digits(iso, 20, 3);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    iso[4] !== '-' ||
    iso[7] !== '-' ||
    iso[10] !== 'T' ||
    iso[13] !== ':' ||
    iso[16] !== ':' ||
    iso[19] !== '.' ||
    // Date.UTC reads years 0–99 as 1900–1999.
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!) ||
    !(hour >= 0 && hour <= 23) ||
    !(minute >= 0 && minute <= 59) ||
    !(second >= 0 && second <= 59) ||
    milli < 0
  )
    return Date.parse(iso);
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
}

/** The decimal number in `text[from, from + count)`, or -1 when a character is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}
