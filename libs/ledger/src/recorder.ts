import { createHash, randomUUID } from 'node:crypto';
import {
  type AggregateRef,
  type AggregateState,
  decide,
  effectiveTime,
  type EngagementState,
  evolveAggregate,
  evolveEngagement,
  eventHash,
  type EventType,
  INITIAL_AGGREGATE,
  INITIAL_ENGAGEMENT,
  type LedgerEnvelope,
  type LedgerEvent,
  type Party,
  aggregateOf,
  referencesOf,
  streamName,
  toIso,
  ZERO_HASH,
} from '@onus/domain';
import {
  EventIdConflictError,
  type EventStore,
  type JsonObject,
  jsonEqual,
  type StreamWrite,
  WrongExpectedRevisionError,
} from '@onus/event-store';
import { KeyedLock } from './keyed-lock';
import { RecordingError } from './recording.errors';
import { type StoredPayload, toLedgerEvent } from './ledger-event.mapper';

/** A validated, normalised envelope as it comes in (HTTP body or import line). */
export interface IncomingEvent {
  readonly id?: string;
  readonly type: EventType;
  readonly engagementId: string;
  readonly party?: Party;
  readonly actor: string;
  readonly occurredAt: string;
  readonly recordedAt?: string;
  readonly expectedRevision?: number;
  readonly data: { readonly [key: string]: unknown };
}

/** Who is recording. Only an operator import may name the party and `recordedAt` per event. */
export type Caller =
  | { readonly kind: 'recorder'; readonly party: Party }
  | { readonly kind: 'operator-import' };

export interface RecordResult {
  readonly events: readonly LedgerEvent[];
  /** Per event: false when it was already in the ledger (an idempotent retry). */
  readonly appended: readonly boolean[];
}

/** Per event of `recordEach`: what the ledger holds for it, or why it was refused. */
export type EachOutcome =
  | { readonly event: LedgerEvent; readonly appended: boolean }
  | { readonly refused: RecordingError };

/** What an attempt made of each event; `refused` is only ever filled when refusals are kept. */
interface Attempted {
  readonly stored: (LedgerEvent | undefined)[];
  readonly appended: boolean[];
  readonly refused: (RecordingError | undefined)[];
}

interface StreamView {
  revision: number;
  lastHash: string;
  state: AggregateState;
}

const RETRIES = 8;

/**
 * Records events: checks each against what the ledger knows (consistency rules, who may record),
 * places it in its aggregate's stream, chains its hash, and appends the whole call atomically.
 */
export class Recorder {
  private lastRecordedAt: number | undefined;
  private readonly locks = new KeyedLock();

  constructor(
    private readonly store: EventStore,
    /** Milliseconds since the epoch. */
    private readonly clock: () => number,
    /** Told of every event appended (not of idempotent retries): metrics, for one. */
    private readonly onAppended?: (events: readonly LedgerEvent[]) => void,
  ) {}

  /** All or nothing: the first event refused refuses the call, and nothing is appended. */
  async record(incoming: readonly IncomingEvent[], caller: Caller): Promise<RecordResult> {
    const done = await this.locked(incoming, caller, false);
    return { events: done.stored.map((event) => event!), appended: done.appended };
  }

  /**
   * Each event on its own, as an import line is: a refused event is left out and the others are
   * appended together, each decided against the ledger and the accepted events before it. The
   * same outcome as recording the call again without each refused event, in one pass. A refusal
   * the decisions cannot see (another writer broke an explicit expectedRevision in between) still
   * throws, naming its event.
   */
  async recordEach(incoming: readonly IncomingEvent[], caller: Caller): Promise<EachOutcome[]> {
    const done = await this.locked(incoming, caller, true);
    return done.refused.map((refused, index) =>
      refused ? { refused } : { event: done.stored[index]!, appended: done.appended[index]! },
    );
  }

  private locked(
    incoming: readonly IncomingEvent[],
    caller: Caller,
    keepRefusals: boolean,
  ): Promise<Attempted> {
    const streams = incoming.map((event) =>
      streamName(event.engagementId, aggregateOf(event.type, event.data, event.id ?? '')),
    );
    return this.locks.run(streams, () => this.recordUnlocked(incoming, caller, keepRefusals));
  }

  private async recordUnlocked(
    incoming: readonly IncomingEvent[],
    caller: Caller,
    keepRefusals: boolean,
  ): Promise<Attempted> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(incoming, caller, keepRefusals);
      } catch (error) {
        // Another writer got there between our read and our append: read again and re-decide.
        // (When an event written had the caller's own expectation, `attempt` already refused.)
        const raced =
          error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError;
        if (!raced || attempt >= RETRIES) throw this.translate(error, incoming);
      }
    }
  }

  private translate(error: unknown, incoming: readonly IncomingEvent[]): unknown {
    if (error instanceof WrongExpectedRevisionError) {
      const index = incoming.findIndex(
        (event) =>
          streamName(event.engagementId, aggregateOf(event.type, event.data, event.id ?? '')) ===
          error.stream,
      );
      return wrongRevision(error, incoming, index);
    }
    if (error instanceof EventIdConflictError) {
      return new RecordingError(409, 'EVENT_ID_CONFLICT', error.message, [
        { path: 'id', reason: error.reason },
      ]);
    }
    return error;
  }

  private async attempt(
    incoming: readonly IncomingEvent[],
    caller: Caller,
    keepRefusals: boolean,
  ): Promise<Attempted> {
    const refused: (RecordingError | undefined)[] = incoming.map(() => undefined);
    // Kept for its event when refusals are kept (which leaves that event out); thrown otherwise.
    const refuse = (index: number, error: RecordingError): void => {
      if (!keepRefusals) throw error;
      refused[index] = error;
    };

    // 1. Who, and which id: nothing here reads the store.
    const candidates = incoming.map((event, index) => {
      try {
        return this.resolve(event, caller, index, incoming.length);
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
        refuse(index, error);
        return undefined;
      }
    });

    // 2. Idempotency: an id already in the ledger with the same content is returned as stored.
    const existing = await this.store.getByIds(candidates.flatMap((c) => (c ? [c.id] : [])));
    let next = 0;
    const stored: (LedgerEvent | undefined)[] = candidates.map((candidate, index) => {
      if (!candidate) return undefined;
      const found = existing[next++];
      if (!found) return undefined;
      const event = toLedgerEvent(found);
      if (!sameContent(event, candidate)) {
        refuse(
          index,
          new RecordingError(
            409,
            'EVENT_ID_CONFLICT',
            `event id ${candidate.id} is already in the ledger with other content`,
            [{ path: `${prefix(incoming, index)}id`, reason: 'already used by another event' }],
          ),
        );
        return undefined;
      }
      return event;
    });

    // 3. Read every stream the decisions need, before deciding anything: in one read.
    const views = new Map<string, StreamView>();
    const engagements = new Map<string, EngagementState>();
    const engagementOf = new Map<string, string>();
    for (const [index, candidate] of candidates.entries()) {
      if (!candidate || stored[index] || refused[index]) continue;
      engagements.set(candidate.engagementId, INITIAL_ENGAGEMENT);
      engagementOf.set(
        streamName(candidate.engagementId, ENGAGEMENT_AGGREGATE),
        candidate.engagementId,
      );
      views.set(candidate.stream, emptyView());
      for (const ref of candidate.references)
        views.set(streamName(candidate.engagementId, ref), emptyView());
    }
    for await (const event of this.store.readStreams([...engagementOf.keys(), ...views.keys()])) {
      const past = toLedgerEvent(event);
      const engagementId = engagementOf.get(event.stream);
      if (engagementId !== undefined)
        engagements.set(engagementId, evolveEngagement(engagements.get(engagementId)!, past));
      const view = views.get(event.stream);
      if (view) {
        view.revision = event.revision;
        view.lastHash = past.hash;
        view.state = evolveAggregate(view.state, past);
      }
    }

    // 4. Decide, stamp, chain: synchronously from here to the append, so that recordedAt
    // follows the order in which the store commits.
    const now = Math.max(this.clock(), await this.lastRecorded(), this.lastRecordedAt ?? 0);
    let newest = now;
    const writes: StreamWrite[] = [];
    const written: { index: number; envelope: LedgerEvent }[] = [];
    candidates.forEach((candidate, index) => {
      if (!candidate || stored[index] || refused[index]) return;
      const view = views.get(candidate.stream)!;
      const engagement = engagements.get(candidate.engagementId)!;
      const recordedAt = candidate.recordedAt ?? now;
      const where = prefix(incoming, index);
      if (
        candidate.expectedRevision !== undefined &&
        candidate.expectedRevision !== view.revision
      ) {
        return refuse(
          index,
          new RecordingError(
            409,
            'WRONG_EXPECTED_REVISION',
            `stream ${candidate.stream} is at revision ${view.revision}, not ${candidate.expectedRevision}`,
            [
              {
                path: `${where}expectedRevision`,
                reason: `the stream is at revision ${view.revision}`,
              },
            ],
            view.revision,
          ),
        );
      }
      const rejection = decide(
        {
          id: candidate.id,
          type: candidate.type,
          party: candidate.party,
          data: candidate.data,
          occurredAt: candidate.occurredAtMs,
          recordedAt,
        },
        {
          engagement,
          subject: view.state,
          exists: (ref: AggregateRef) =>
            views.get(streamName(candidate.engagementId, ref))!.revision >= 0,
        },
      );
      if (rejection) {
        return refuse(
          index,
          new RecordingError(
            rejection.status,
            rejection.rule,
            `${rejection.path}: ${rejection.message}`,
            [{ path: `${where}${rejection.path}`, reason: rejection.message }],
          ),
        );
      }
      newest = Math.max(newest, recordedAt);

      const after = evolveEngagement(engagement, candidate);
      engagements.set(candidate.engagementId, after);
      const tolerance = after.status === 'unknown' ? 10 : after.recordingToleranceMinutes;
      const time = effectiveTime(candidate.occurredAtMs, recordedAt, tolerance);
      const envelope = {
        id: candidate.id,
        type: candidate.type,
        engagementId: candidate.engagementId,
        party: candidate.party,
        actor: candidate.actor,
        occurredAt: candidate.occurredAt,
        recordedAt: toIso(recordedAt),
        data: candidate.data,
        stream: candidate.stream,
        revision: view.revision + 1,
        // Known once appended; the fields keep the order toLedgerEvent gives a stored event.
        position: -1,
        prevHash: view.lastHash,
      } as LedgerEvent;
      envelope.hash = eventHash(envelope);
      envelope.effectiveAt =
        time.effectiveAt === recordedAt ? envelope.recordedAt : toIso(time.effectiveAt);
      envelope.lateRecorded = time.lateRecorded;

      const payload: StoredPayload = {
        engagementId: envelope.engagementId,
        party: envelope.party,
        actor: envelope.actor,
        occurredAt: envelope.occurredAt,
        recordedAt: envelope.recordedAt,
        data: envelope.data as JsonObject,
        prevHash: envelope.prevHash,
        hash: envelope.hash,
        effectiveAt: envelope.effectiveAt,
        lateRecorded: envelope.lateRecorded,
      };
      writes.push({
        stream: candidate.stream,
        events: [
          {
            id: candidate.id,
            type: candidate.type,
            data: payload as unknown as JsonObject,
            recordedAt,
          },
        ],
        expectedRevision: view.revision < 0 ? 'no_stream' : view.revision,
      });
      written.push({ index, envelope });
      // Later events of the same call see this one.
      views.set(candidate.stream, {
        revision: view.revision + 1,
        lastHash: envelope.hash,
        state: evolveAggregate(view.state, candidate),
      });
    });

    if (writes.length > 0) {
      const pending = this.store.appendMany(writes);
      this.lastRecordedAt = newest;
      let results: Awaited<typeof pending>;
      try {
        results = await pending;
      } catch (error) {
        // Another writer moved a stream on which the caller gave its own expectation: that
        // event is refused (the others of the call are decided again, or refused with it).
        if (error instanceof WrongExpectedRevisionError) {
          const expecting = written.find(
            ({ index }) =>
              candidates[index]!.stream === error.stream &&
              candidates[index]!.expectedRevision !== undefined,
          );
          if (expecting) throw wrongRevision(error, incoming, expecting.index);
        }
        throw error;
      }
      results.forEach((result, i) => {
        // Appended, the envelope is what was stored and the store adds its position. Not
        // appended, another writer stored the same event in between: theirs is the one kept.
        const { index, envelope } = written[i]!;
        const event = result.events[0]!;
        envelope.position = event.position;
        stored[index] = result.appended ? envelope : toLedgerEvent(event);
      });
      this.onAppended?.(written.map(({ index }) => stored[index]!));
    }
    const appended = candidates.map(() => false);
    for (const { index } of written) appended[index] = true;
    return { stored, appended, refused };
  }

  private resolve(event: IncomingEvent, caller: Caller, index: number, count: number) {
    const where = count > 1 ? `events[${index}].` : '';
    let party: Party;
    let recordedAt: number | undefined;
    if (caller.kind === 'operator-import') {
      if (!event.party) {
        throw new RecordingError(
          400,
          'PARTY_REQUIRED_IN_IMPORT',
          'party: an operator import line must name the party',
          [{ path: `${where}party`, reason: 'is required in an operator import' }],
        );
      }
      party = event.party;
      recordedAt = event.recordedAt === undefined ? undefined : Date.parse(event.recordedAt);
    } else {
      if (event.party !== undefined && event.party !== caller.party) {
        throw new RecordingError(
          403,
          'PARTY_FROM_CREDENTIALS',
          `party: you record as ${caller.party}, not ${event.party}`,
          [
            {
              path: `${where}party`,
              reason: `comes from your credentials (${caller.party}); only an operator import may set it`,
            },
          ],
        );
      }
      if (event.recordedAt !== undefined) {
        throw new RecordingError(400, 'RECORDED_AT_FROM_LEDGER', 'recordedAt: set by the ledger', [
          {
            path: `${where}recordedAt`,
            reason: 'is set by the ledger; only an operator import may supply it',
          },
        ]);
      }
      party = caller.party;
    }
    const id = event.id ?? (caller.kind === 'operator-import' ? contentId(event) : randomUUID());
    const subject = aggregateOf(event.type, event.data, id);
    // Field by field rather than spread: this runs for every event of every import line.
    return {
      id,
      type: event.type,
      engagementId: event.engagementId,
      party,
      actor: event.actor,
      occurredAt: event.occurredAt,
      occurredAtMs: Date.parse(event.occurredAt),
      recordedAt,
      expectedRevision: event.expectedRevision,
      data: event.data,
      subject,
      stream: streamName(event.engagementId, subject),
      references: referencesOf(event.type, event.data),
    };
  }

  /**
   * The newest recordedAt this process knows of; a live append is never stamped earlier. Read
   * from the log once, then kept: the only await before the synchronous stamping is on the
   * first call.
   */
  private async lastRecorded(): Promise<number> {
    if (this.lastRecordedAt === undefined) {
      const head = await this.store.headPosition();
      let last = 0;
      if (head > 0) for await (const event of this.store.readAll(head - 1)) last = event.recordedAt;
      this.lastRecordedAt = Math.max(last, this.lastRecordedAt ?? 0);
    }
    return this.lastRecordedAt;
  }
}

/** The 409 of a stream that another writer moved past the caller's expectedRevision. */
function wrongRevision(
  error: WrongExpectedRevisionError,
  incoming: readonly unknown[],
  index: number,
): RecordingError {
  return new RecordingError(
    409,
    'WRONG_EXPECTED_REVISION',
    `stream ${error.stream} is at revision ${error.actual}, not the expected one`,
    [
      {
        path: `${prefix(incoming, index)}expectedRevision`,
        reason: `the stream is at revision ${error.actual}`,
      },
    ],
    error.actual,
  );
}

function prefix(incoming: readonly unknown[], index: number): string {
  return incoming.length > 1 && index >= 0 ? `events[${index}].` : '';
}

const ENGAGEMENT_AGGREGATE: AggregateRef = { kind: 'engagement', id: '' };

/** A stream with no events yet. */
function emptyView(): StreamView {
  return { revision: -1, lastHash: ZERO_HASH, state: INITIAL_AGGREGATE };
}

/** An operator import line without an id gets one from its content, so re-importing it is a no-op. */
function contentId(event: IncomingEvent): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        event.type,
        event.engagementId,
        event.party,
        event.actor,
        event.occurredAt,
        event.recordedAt,
        event.data,
      ]),
    )
    .digest('hex');
  // Shaped as a version-8 (custom) UUID.
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}

function sameContent(
  stored: LedgerEnvelope,
  candidate: {
    type: string;
    engagementId: string;
    party: Party;
    actor: string;
    occurredAt: string;
    recordedAt?: number;
    data: unknown;
  },
): boolean {
  return (
    stored.type === candidate.type &&
    stored.engagementId === candidate.engagementId &&
    stored.party === candidate.party &&
    stored.actor === candidate.actor &&
    stored.occurredAt === candidate.occurredAt &&
    (candidate.recordedAt === undefined ||
      Date.parse(stored.recordedAt) === candidate.recordedAt) &&
    jsonEqual(stored.data as never, candidate.data as never)
  );
}
