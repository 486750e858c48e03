import { eventHash, type LedgerEvent, ZERO_HASH } from '@onus/domain';
import { type EventStore, type StoredEvent } from '@onus/event-store';
import { toLedgerEvent } from './ledger-event.mapper';

export interface LogProblem {
  readonly position: number;
  readonly stream: string;
  readonly reason: string;
}

export interface LogReport {
  readonly events: number;
  readonly streams: number;
  /** The first problem in position order; undefined when the log verifies. */
  readonly problem?: LogProblem;
}

/**
 * Reads the whole log in position order and checks what a tamperer would have to break:
 * dense positions, each stream's dense revisions, every event's hash over its canonical
 * envelope, each event's link to the previous one of its stream, and the store's own
 * recordedAt against the hashed one. Stops at the first problem and names it.
 */
export async function verifyLog(
  store: EventStore,
  onProgress?: (checked: number) => void,
): Promise<LogReport> {
  const heads = new Map<string, { revision: number; hash: string }>();
  let expected = 0;
  let stream = '';
  try {
    for await (const stored of store.readAll()) {
      stream = stored.stream;
      const problem = check(stored, expected, heads);
      if (problem) return { events: expected, streams: heads.size, problem };
      expected++;
      if (onProgress && expected % 10_000 === 0) onProgress(expected);
    }
  } catch (error) {
    // A row whose data no longer parses stops the read itself.
    return {
      events: expected,
      streams: heads.size,
      problem: {
        position: expected,
        stream,
        reason: `the event cannot be read: ${(error as Error).message}`,
      },
    };
  }
  return { events: expected, streams: heads.size };
}

function check(
  stored: StoredEvent,
  expectedPosition: number,
  heads: Map<string, { revision: number; hash: string }>,
): LogProblem | undefined {
  const at = (reason: string): LogProblem => ({
    position: expectedPosition,
    stream: stored.stream,
    reason,
  });
  if (stored.position !== expectedPosition) {
    return at(
      `position ${stored.position} follows ${expectedPosition - 1}: events are missing or out of order`,
    );
  }
  let event: LedgerEvent;
  try {
    event = toLedgerEvent(stored);
  } catch {
    return at('the stored event is not a ledger envelope');
  }
  const head = heads.get(stored.stream) ?? { revision: -1, hash: ZERO_HASH };
  if (stored.revision !== head.revision + 1) {
    return at(`revision ${stored.revision} follows revision ${head.revision} of the stream`);
  }
  if (event.prevHash !== head.hash)
    return at('prevHash does not match the previous event of the stream');
  if (typeof event.recordedAt !== 'string' || Date.parse(event.recordedAt) !== stored.recordedAt) {
    return at("the store's recordedAt differs from the hashed envelope's");
  }
  let hash: string;
  try {
    hash = eventHash(event);
  } catch {
    return at('the envelope cannot be canonicalised');
  }
  if (hash !== event.hash) return at('the hash does not match the envelope: the event was altered');
  heads.set(stored.stream, { revision: stored.revision, hash });
  return undefined;
}
