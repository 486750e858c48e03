/**
 * Timestamps on the wire (events.md): ISO-8601 date-times that carry a time zone, normalised to
 * UTC with millisecond precision (`2023-12-23T19:40:00.000Z`).
 *
 * Accepted: `YYYY-MM-DDTHH:mm[:ss[.fraction]]` followed by `Z`, `±HH:MM` or `±HHMM`. Seconds are
 * optional, the fraction may have any number of digits (beyond milliseconds it is truncated).
 * Dates that do not exist (2024-02-30), times of day past 23:59:59 (no leap seconds), and instants
 * outside the years 0000..9999 in UTC are refused.
 */

/** The same shape with the time zone left out: worth its own message. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

const MS_PER_DAY = 86_400_000;
/** 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z. */
const EARLIEST = daysFromCivil(0, 1, 1) * MS_PER_DAY;
const TOO_LATE = daysFromCivil(10000, 1, 1) * MS_PER_DAY;

export const TIMESTAMP_FORMAT_REASON =
  'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z';
export const TIMESTAMP_NO_ZONE_REASON =
  'must be an ISO-8601 timestamp with a time zone: add Z (UTC) or an offset such as +02:00';
export const TIMESTAMP_RANGE_REASON = 'must fall within the years 0000 to 9999 in UTC';

export type ParsedTimestamp =
  | { readonly ok: true; readonly iso: string }
  | { readonly ok: false; readonly reason: string };

function refusal(reason: string): ParsedTimestamp {
  return Object.freeze({ ok: false, reason });
}

// The refusals that do not quote the value, shared.
const NOT_A_TIMESTAMP = refusal(TIMESTAMP_FORMAT_REASON);
const NO_ZONE = refusal(TIMESTAMP_NO_ZONE_REASON);
const BAD_TIME = refusal('is not a valid time of day (00:00:00 to 23:59:59)');
const BAD_OFFSET = refusal('has an invalid time zone offset (at most ±23:59)');
const OUT_OF_RANGE = refusal(TIMESTAMP_RANGE_REASON);

/**
 * Parses a wire timestamp: its normalised form, or why it is not one. Read character by character
 * (it runs for every timestamp of every envelope): the shape is
 * `^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))$`.
 */
export function parseTimestamp(value: unknown): ParsedTimestamp {
  if (typeof value !== 'string') return NOT_A_TIMESTAMP;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  let ok =
    year >= 0 &&
    month >= 0 &&
    day >= 0 &&
    hour >= 0 &&
    minute >= 0 &&
    value.charCodeAt(4) === DASH &&
    value.charCodeAt(7) === DASH &&
    value.charCodeAt(10) === T &&
    value.charCodeAt(13) === COLON;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (ok && value.charCodeAt(i) === COLON) {
    second = digits(value, i + 1, 2);
    ok = second >= 0;
    i += 3;
    if (ok && value.charCodeAt(i) === DOT) {
      const start = ++i;
      while (isDigit(value.charCodeAt(i))) i++;
      ok = i > start;
      // Milliseconds: the first three digits of the fraction, the rest truncated.
      for (let k = 0; k < 3; k++) {
        millis = millis * 10 + (start + k < i ? value.charCodeAt(start + k) - ZERO : 0);
      }
    }
  }
  let utcZone = false;
  let offsetHours = 0;
  let offsetMins = 0;
  let offsetSign = 1;
  if (ok) {
    const zone = value.charCodeAt(i);
    if (zone === Z) {
      utcZone = true;
      i++;
    } else if (zone === PLUS || zone === MINUS) {
      offsetSign = zone === MINUS ? -1 : 1;
      offsetHours = digits(value, i + 1, 2);
      i += 3;
      if (value.charCodeAt(i) === COLON) i++;
      offsetMins = digits(value, i, 2);
      i += 2;
      ok = offsetHours >= 0 && offsetMins >= 0;
    } else {
      ok = false;
    }
  }
  if (!ok || i !== value.length) return ZONELESS.test(value) ? NO_ZONE : NOT_A_TIMESTAMP;

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      reason: `is not a valid calendar date: ${value.slice(0, 10)} does not exist`,
    };
  }
  if (hour > 23 || minute > 59 || second > 59) return BAD_TIME;
  let offsetMinutes = 0;
  if (!utcZone) {
    if (offsetHours > 23 || offsetMins > 59) return BAD_OFFSET;
    offsetMinutes = offsetSign * (offsetHours * 60 + offsetMins);
  }
  const utc =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis;
  if (utc < EARLIEST || utc >= TOO_LATE) return OUT_OF_RANGE;
  // Already normalised (the common case): no need to format it again.
  if (value.length === 24 && utcZone) return { ok: true, iso: value };
  return { ok: true, iso: isoString(utc) };
}

const ZERO = 48;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const MINUS = 45;
const T = 84;
const Z = 90;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

/** The number written with `count` ASCII digits from `at`, or -1. */
export function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) {
    const code = text.charCodeAt(k); // NaN past the end
    if (!isDigit(code)) return -1;
    n = n * 10 + (code - ZERO);
  }
  return n;
}

/** `Date.prototype.toISOString` for the years 0000..9999, without a Date. */
export function isoString(utc: number): string {
  const days = Math.floor(utc / MS_PER_DAY);
  const ms = utc - days * MS_PER_DAY;
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const hour = Math.floor(minutes / 60);
  const [year, month, day] = civilFromDays(days);
  const y = year < 10 ? '000' : year < 100 ? '00' : year < 1000 ? '0' : '';
  const f = ms % 1000;
  const fraction = f < 10 ? '00' : f < 100 ? '0' : '';
  return `${y}${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minutes % 60)}:${two(seconds % 60)}.${fraction}${f}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * `2024-01-31T11:00+0200` → `2024-01-31T09:00:00.000Z`; `undefined` when the value is not an
 * ISO-8601 timestamp with a time zone, names a date or time that does not exist, or falls outside
 * the years 0000..9999 in UTC.
 */
export function normaliseTimestamp(value: string): string | undefined {
  const parsed = parseTimestamp(value);
  return parsed.ok ? parsed.iso : undefined;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date of a day since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
