/** Plain words for summaries: times in UTC to the minute, durations in the largest sensible units. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `23 Dec 2023 20:06 UTC` (seconds are dropped: the sentences speak in minutes). */
export function at(ms: number): string {
  const d = new Date(ms);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear()} ${hh}:${mm} UTC`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `11 minutes`, `2 hours 5 minutes`, `3 days 4 hours`, `2 years 41 days`. */
export function duration(totalMinutes: number): string {
  const minutes = Math.max(0, Math.floor(totalMinutes));
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return [plural(hours, 'hour'), minutes % 60 ? plural(minutes % 60, 'minute') : '']
      .filter(Boolean)
      .join(' ');
  const days = Math.floor(hours / 24);
  if (days < 365)
    return [plural(days, 'day'), hours % 24 ? plural(hours % 24, 'hour') : '']
      .filter(Boolean)
      .join(' ');
  const years = Math.floor(days / 365);
  return [plural(years, 'year'), days % 365 ? plural(days % 365, 'day') : '']
    .filter(Boolean)
    .join(' ');
}

/** An SLA length as people say it: `15-minute`, `4-hour`, `7-day`. */
export function slaLength(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}-day`;
  if (minutes % 60 === 0) return `${minutes / 60}-hour`;
  return `${minutes}-minute`;
}

export const PARTY_NAME = {
  client: 'The client',
  mssp: 'The MSSP',
  third_party: 'The third party',
} as const;
export const PARTY_OBJECT = {
  client: 'the client',
  mssp: 'the MSSP',
  third_party: 'the third party',
} as const;

export function minutesBetween(from: number, to: number): number {
  return Math.floor((to - from) / 60_000);
}
