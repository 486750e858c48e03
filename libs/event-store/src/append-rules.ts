import {
  EventIdConflictError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from './event-store.errors';
import {
  type EventToAppend,
  type ExpectedRevision,
  type JsonValue,
  type StoredEvent,
} from './event-store.port';

/** What every adapter refuses before touching storage. */
export function assertAppendable(
  stream: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): void {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidAppendError('stream: must be a non-empty string');
  }
  if (events.length === 0) throw new InvalidAppendError('events: at least one event is required');
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < -1)) {
    throw new InvalidAppendError('expectedRevision: must be an integer >= -1');
  }
  // A single event (the recorder's every write) cannot repeat an id: no set to build.
  const ids = events.length > 1 ? new Set<string>() : undefined;
  events.forEach((event, index) => {
    if (typeof event.id !== 'string' || event.id.length === 0) {
      throw new InvalidAppendError(`events[${index}].id: must be a non-empty string`);
    }
    if (ids?.has(event.id)) {
      throw new InvalidAppendError(`events[${index}].id: ${event.id} appears twice in one append`);
    }
    ids?.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError(`events[${index}].type: must be a non-empty string`);
    }
    if (event.recordedAt !== undefined && !Number.isSafeInteger(event.recordedAt)) {
      throw new InvalidAppendError(`events[${index}].recordedAt: must be integer milliseconds`);
    }
  });
}

/** `current` is the stream's last revision, -1 when it does not exist. */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  current: number,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1) ||
    (expected === 'exists' && current >= 0) ||
    expected === current;
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, current);
}

/**
 * Given what the store already holds under each id of the call, says whether this is a new
 * append or an idempotent retry, and refuses anything in between.
 */
export function classifyRetry(
  stream: string,
  events: readonly EventToAppend[],
  stored: readonly (StoredEvent | undefined)[],
): 'new' | 'retry' {
  let found = 0;
  events.forEach((event, index) => {
    const existing = stored[index];
    if (!existing) return;
    found++;
    if (existing.stream !== stream) {
      throw new EventIdConflictError(event.id, `stored in stream ${existing.stream}`);
    }
    if (existing.type !== event.type) {
      throw new EventIdConflictError(event.id, `stored with type ${existing.type}`);
    }
    if (!jsonEqual(existing.data, event.data)) {
      throw new EventIdConflictError(event.id, 'stored with different data');
    }
  });
  if (found === 0) return 'new';
  if (found < events.length) {
    throw new EventIdConflictError(
      events.find((_, i) => stored[i])!.id,
      `only ${found} of the ${events.length} events of this append are stored`,
    );
  }
  return 'retry';
}

/** Structural JSON equality; key order does not matter, array order does. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]),
  );
}
