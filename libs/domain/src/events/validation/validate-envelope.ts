import { type EventDataByType, type EventType, isEventType, type Party } from '../event-catalogue';
import { validateDto } from './compile';
import { AMENDABLE_TERMS, DATA_DTO_BY_TYPE } from './data.dto';
import { EnvelopeDto, INPUT_FIELDS, LEDGER_FIELDS } from './envelope.dto';
import { type DtoClass, isPlainObject, pathSegment, timeFieldsOf } from './rules';
import { normaliseTimestamp } from './timestamp';

/**
 * One definition of what a well-formed incoming envelope is (events.md), for the HTTP edge and
 * the NDJSON import alike. Field-level only: who may record what, whether `party` and
 * `recordedAt` may be supplied, and everything that depends on the ledger's state are decided
 * elsewhere.
 */

/**
 * One bad field. `path` is relative to the envelope (`occurredAt`, `data.sla.acknowledgeMinutes.high`,
 * `data.alertIds[2]`, `data.raw["odd key"]`); `''` is the envelope itself. Callers prefix their
 * own context (`events[2].`).
 */
export interface FieldError {
  readonly path: string;
  readonly reason: string;
}

/** `path: reason`, or the reason alone for the whole input (the empty path). */
export function describeFieldError(error: FieldError): string {
  return error.path === '' ? error.reason : `${error.path}: ${error.reason}`;
}

/** A validated envelope of one type, normalised. */
export interface IncomingEnvelopeOf<T extends EventType> {
  /** A UUID, in lower case. */
  id?: string;
  type: T;
  engagementId: string;
  party?: Party;
  actor: string;
  /** Normalised: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  occurredAt: string;
  /** Normalised when present. */
  recordedAt?: string;
  /** An integer ≥ -1 when present. */
  expectedRevision?: number;
  /** The input's `data` with its time fields normalised; fields outside the contract kept verbatim. */
  data: EventDataByType[T];
}

/** The discriminated union of validated envelopes, on `type`. */
export type IncomingEnvelope = { [T in EventType]: IncomingEnvelopeOf<T> }[EventType];

export type ValidationResult =
  | { readonly ok: true; readonly envelope: IncomingEnvelope }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** Deeper than this inside `data` is refused, so that no walk over it can exhaust the stack. */
export const MAX_DATA_DEPTH = 64;

const UNSAFE_INTEGER_REASON =
  'is an integer beyond ±(2^53 - 1), which JSON canonicalisation cannot carry exactly: send it as a string';

/**
 * Validates and normalises one incoming envelope (parsed JSON). Reports every problem found, each
 * with its path; when `type` is not an event type, `data` is checked only for being JSON the
 * ledger can hash.
 */
export function validateEnvelope(input: unknown): ValidationResult {
  return validateEnvelopeWith(validateDto, input);
}

/**
 * How a plain object is checked against a DTO class: what is wrong with it appended to `out`,
 * with paths under `prefix` (`''` for the envelope, `'data'` for its data).
 */
export type DtoValidator = (
  cls: DtoClass,
  prefix: string,
  plain: Record<string, unknown>,
  out: FieldError[],
) => void;

/**
 * `validateEnvelope` with the DTO classes checked by `checkDto`: the compiled validator, or
 * class-validator itself, the reference the tests hold the compiled validator to
 * (`testing/class-validator-reference.ts`).
 */
export function validateEnvelopeWith(checkDto: DtoValidator, input: unknown): ValidationResult {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ path: '', reason: 'must be an object (an event envelope)' }] };
  }
  const errors: FieldError[] = [];
  for (const key of Object.keys(input)) {
    if (INPUT_FIELDS.has(key)) continue;
    errors.push({
      path: pathSegment(key).replace(/^\./, ''),
      reason: LEDGER_FIELDS.has(key) ? 'set by the ledger, not accepted on input' : 'unknown field',
    });
  }
  checkDto(EnvelopeDto, '', input, errors);

  const { type, data } = input;
  if (isPlainObject(data)) {
    const dataErrors: FieldError[] = [];
    if (isEventType(type)) {
      checkDto(DATA_DTO_BY_TYPE[type], 'data', data, dataErrors);
      if (type === 'EngagementAmended' && !AMENDABLE_TERMS.some((t) => data[t] !== undefined)) {
        dataErrors.push({
          path: 'data',
          reason: `must give at least one of ${AMENDABLE_TERMS.join(', ')}`,
        });
      }
    }
    const jsonErrors: FieldError[] = [];
    checkJson(data, ['data'], 0, jsonErrors);
    // A value that is not JSON the ledger can hash says so, rather than also failing its rule.
    const jsonPaths = new Set(jsonErrors.map((e) => e.path));
    for (const e of dataErrors) if (!jsonPaths.has(e.path)) errors.push(e);
    errors.push(...jsonErrors);
  }
  if (errors.length > 0 || !isEventType(type)) return { ok: false, errors };
  return { ok: true, envelope: normalised(input, type, data as Record<string, unknown>) };
}

function normalised(
  input: Record<string, unknown>,
  type: EventType,
  data: Record<string, unknown>,
): IncomingEnvelope {
  const out: Record<string, unknown> = {};
  if (input.id !== undefined) out.id = (input.id as string).toLowerCase();
  out.type = type;
  out.engagementId = input.engagementId;
  if (input.party !== undefined) out.party = input.party;
  out.actor = input.actor;
  out.occurredAt = normaliseTimestamp(input.occurredAt as string);
  if (input.recordedAt !== undefined) {
    out.recordedAt = normaliseTimestamp(input.recordedAt as string);
  }
  if (input.expectedRevision !== undefined) out.expectedRevision = input.expectedRevision;
  const outData = { ...data };
  for (const field of timeFieldsOf(DATA_DTO_BY_TYPE[type])) {
    const value = data[field];
    if (value !== undefined) outData[field] = normaliseTimestamp(value as string);
  }
  out.data = outData;
  return out as unknown as IncomingEnvelope;
}

/**
 * What the hash chain needs of `data` (RFC 8785 canonical JSON): JSON values only, finite numbers,
 * integers within ±(2^53 - 1), well-formed Unicode strings and keys, no `__proto__` keys (a
 * classic way into naive recursive merges), and a bounded depth. Path segments are joined only
 * when something is wrong.
 */
function checkJson(
  value: unknown,
  segments: (string | number)[],
  depth: number,
  out: FieldError[],
): void {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) out.push(at(segments, 'must be a finite number'));
      else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        out.push(at(segments, UNSAFE_INTEGER_REASON));
      }
      return;
    case 'string':
      if (!isWellFormed(value)) out.push(at(segments, LONE_SURROGATE_REASON));
      return;
    case 'boolean':
      return;
    case 'object': {
      if (value === null) return;
      if (depth >= MAX_DATA_DEPTH) {
        out.push(at(segments, `is nested too deeply (more than ${MAX_DATA_DEPTH} levels)`));
        return;
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          segments.push(i);
          if (i in value) checkJson(value[i] as unknown, segments, depth + 1, out);
          else out.push(at(segments, 'is not a JSON value'));
          segments.pop();
        }
        return;
      }
      if (!isPlainObject(value)) {
        out.push(at(segments, 'is not a JSON value'));
        return;
      }
      for (const key of Object.keys(value)) {
        segments.push(key);
        if (key === '__proto__') out.push(at(segments, 'is not accepted as a field name'));
        else if (!isWellFormed(key)) out.push(at(segments, LONE_SURROGATE_REASON));
        else checkJson(value[key], segments, depth + 1, out);
        segments.pop();
      }
      return;
    }
    default:
      out.push(at(segments, 'is not a JSON value'));
  }
}

const LONE_SURROGATE_REASON = 'must be well-formed Unicode (it holds a lone surrogate)';

/** Segments are the root's name, then keys (strings) and array indexes (numbers). */
function at(segments: readonly (string | number)[], reason: string): FieldError {
  let path = '';
  for (const s of segments) {
    path += path === '' ? String(s) : typeof s === 'number' ? `[${s}]` : pathSegment(s);
  }
  return { path, reason };
}

/** `String.prototype.isWellFormed` (Node 20), not yet in the ES2022 lib typings. */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}
