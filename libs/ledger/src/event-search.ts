import { type EventType, type LedgerEvent, type Party } from '@onus/domain';

export interface EventQuery {
  readonly types?: readonly EventType[];
  readonly party?: Party;
  readonly actor?: string;
  /** An id inside `data`: alertId, testId, requestId, recommendationId, incidentId or sensorId. */
  readonly subjectId?: string;
  /** Milliseconds, both ends included. */
  readonly effectiveFrom?: number;
  readonly effectiveTo?: number;
  readonly recordedFrom?: number;
  readonly recordedTo?: number;
  /** Only events after this global position (the cursor of the previous page). */
  readonly after?: number;
  readonly limit: number;
}

export interface EventPage {
  readonly events: readonly LedgerEvent[];
  /** The position to continue after, or null on the last page. */
  readonly nextAfter: number | null;
}

const SUBJECT_KEYS = [
  'alertId',
  'testId',
  'requestId',
  'recommendationId',
  'incidentId',
  'sensorId',
] as const;

function matches(event: LedgerEvent, query: EventQuery): boolean {
  if (query.types && !query.types.includes(event.type)) return false;
  if (query.party && event.party !== query.party) return false;
  if (query.actor !== undefined && event.actor !== query.actor) return false;
  if (query.subjectId !== undefined) {
    const data = event.data as Record<string, unknown>;
    if (!SUBJECT_KEYS.some((key) => data[key] === query.subjectId)) return false;
  }
  const effective = Date.parse(event.effectiveAt);
  const recorded = Date.parse(event.recordedAt);
  if (query.effectiveFrom !== undefined && effective < query.effectiveFrom) return false;
  if (query.effectiveTo !== undefined && effective > query.effectiveTo) return false;
  if (query.recordedFrom !== undefined && recorded < query.recordedFrom) return false;
  if (query.recordedTo !== undefined && recorded > query.recordedTo) return false;
  return true;
}

/**
 * One page of an engagement's events matching the query, in global position order, which is
 * stable: a page's cursor stays valid however many events are appended later.
 * `events` must be in position order (as the log delivers them).
 */
export function searchEvents(events: readonly LedgerEvent[], query: EventQuery): EventPage {
  const page: LedgerEvent[] = [];
  let start = 0;
  if (query.after !== undefined) {
    // Binary search for the first event after the cursor.
    let high = events.length;
    while (start < high) {
      const mid = (start + high) >> 1;
      if (events[mid]!.position <= query.after) start = mid + 1;
      else high = mid;
    }
  }
  for (let i = start; i < events.length; i++) {
    const event = events[i]!;
    if (!matches(event, query)) continue;
    if (page.length === query.limit) return { events: page, nextAfter: page.at(-1)!.position };
    page.push(event);
  }
  return { events: page, nextAfter: null };
}
