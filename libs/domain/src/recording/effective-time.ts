import { daysFromCivil, daysInMonth, digits, isoString } from '../events/validation/timestamp';

const DAY = 86_400_000;

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

/** The ISO form of a time (`Date.prototype.toISOString`), without a Date for the years 0000–9999. */
export function toIso(ms: number): string {
  return ms >= EARLIEST && ms < TOO_LATE && Number.isInteger(ms)
    ? isoString(ms)
    : new Date(ms).toISOString();
}

const EARLIEST = daysFromCivil(0, 1, 1) * DAY;
const TOO_LATE = daysFromCivil(10000, 1, 1) * DAY;

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
  if (
    iso[4] !== '-' ||
    iso[7] !== '-' ||
    iso[10] !== 'T' ||
    iso[13] !== ':' ||
    iso[16] !== ':' ||
    iso[19] !== '.' ||
    // Date.parse reads years below 100 as written; keep clear of any doubt.
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    !(hour >= 0 && hour <= 23) ||
    !(minute >= 0 && minute <= 59) ||
    !(second >= 0 && second <= 59) ||
    milli < 0
  )
    return Date.parse(iso);
  return (
    daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + milli
  );
}
