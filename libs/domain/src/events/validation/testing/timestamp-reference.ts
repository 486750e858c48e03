/**
 * The regular-expression timestamp parser that `parseTimestamp` replaced (`timestamp.ts` reads
 * the same grammar character by character, and formats without a Date): the reference the tests
 * hold it to.
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;
/** The same shape with the time zone left out: worth its own message. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

const MS_PER_DAY = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z. */
const EARLIEST = daysFromCivil(0, 1, 1) * MS_PER_DAY;
const TOO_LATE = daysFromCivil(10000, 1, 1) * MS_PER_DAY;

const TIMESTAMP_FORMAT_REASON =
  'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z';
const TIMESTAMP_NO_ZONE_REASON =
  'must be an ISO-8601 timestamp with a time zone: add Z (UTC) or an offset such as +02:00';
const TIMESTAMP_RANGE_REASON = 'must fall within the years 0000 to 9999 in UTC';

type ParsedTimestamp =
  | { readonly ok: true; readonly iso: string }
  | { readonly ok: false; readonly reason: string };

/** Parses a wire timestamp: its normalised form, or why it is not one. */
export function parseTimestampWithRegExp(value: unknown): ParsedTimestamp {
  if (typeof value !== 'string') return { ok: false, reason: TIMESTAMP_FORMAT_REASON };
  const m = TIMESTAMP.exec(value);
  if (m === null) {
    return {
      ok: false,
      reason: ZONELESS.test(value) ? TIMESTAMP_NO_ZONE_REASON : TIMESTAMP_FORMAT_REASON,
    };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      reason: `is not a valid calendar date: ${value.slice(0, 10)} does not exist`,
    };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'is not a valid time of day (00:00:00 to 23:59:59)' };
  }
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) {
      return { ok: false, reason: 'has an invalid time zone offset (at most ±23:59)' };
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const utc =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis;
  if (utc < EARLIEST || utc >= TOO_LATE) return { ok: false, reason: TIMESTAMP_RANGE_REASON };
  // Already normalised (the common case): no need to format it again.
  if (value.length === 24 && m[8] === 'Z') return { ok: true, iso: value };
  return { ok: true, iso: new Date(utc).toISOString() };
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
