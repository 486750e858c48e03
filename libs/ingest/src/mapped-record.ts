/** Why a record is not taken in; `field` names where in the record (`''`: the record itself). */
export type IngestRule =
  | 'INVALID_JSON'
  | 'NOT_A_RECORD'
  | 'MISSING_FIELD'
  | 'MISSING_TIME'
  | 'INVALID_TIME'
  | 'UNKNOWN_SEVERITY'
  | 'WRONG_CLASS';

export interface Rejection {
  readonly kind: 'rejected';
  readonly rule: IngestRule;
  readonly field: string;
  readonly reason: string;
}

/** A record of another kind than alerts (a Suricata `dns` event): counted, not recorded. */
export interface Skip {
  readonly kind: 'skipped';
  readonly type: string;
}

/** What a source record says about its alert, before the engagement's severity table applies. */
export interface MappedAlert {
  readonly kind: 'alert';
  /** Normalised UTC with milliseconds. */
  readonly occurredAt: string;
  readonly actor: string;
  /** The record's value on its source's own scale, as the severity table's key (`"2"`). */
  readonly severityKey: string;
  /** Where that value sits in the record, for a rejection's message. */
  readonly severityField: string;
  readonly title: string;
  readonly assets: readonly string[];
  readonly indicators: { readonly [key: string]: unknown };
}

export type MapOutcome = MappedAlert | Skip | Rejection;

export function reject(rule: IngestRule, field: string, reason: string): Rejection {
  return { kind: 'rejected', rule, field, reason };
}

export function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The distinct non-empty strings among the values, in order. */
export function distinctStrings(values: readonly unknown[]): string[] {
  return [...new Set(values.filter(nonEmptyString))];
}

/** The object without its undefined entries (the ledger stores JSON, which has no undefined). */
export function defined(entries: { [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

/** The value at a dotted path of nested objects, or undefined. */
export function pick(record: unknown, path: string): unknown {
  let value = record;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * A severity value as its table's key: a number, or a string (some producers quote them);
 * anything else is no value on a scale.
 */
export function scaleKey(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
