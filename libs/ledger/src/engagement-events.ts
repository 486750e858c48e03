import { engagementStreamPrefix, type LedgerEvent, type RuleEvent } from '@onus/domain';
import { type EventStore, type StoredEvent } from '@onus/event-store';
import { SharedNames, type StoredPayload, toLedgerEvent, toRuleEvent } from './ledger-event.mapper';

/** Where the rules get an engagement's events from: what they read of each, in log order. */
export interface EngagementEventSource {
  eventsOf(engagementId: string): Promise<readonly RuleEvent[]>;
}

/** Where evidence bundles get an engagement's events from: whole, hashes and streams included. */
export interface EngagementEnvelopeSource {
  envelopesOf(engagementId: string): Promise<readonly LedgerEvent[]>;
}

/**
 * For one-shot commands: reads the engagement's events from the log once. The store finds them by
 * stream prefix (SQLite through an index), so the other engagements' events are never read.
 */
export class LogScanSource implements EngagementEventSource, EngagementEnvelopeSource {
  constructor(private readonly store: EventStore) {}

  eventsOf(engagementId: string): Promise<readonly RuleEvent[]> {
    return scanRuleEvents(this.store, engagementId);
  }

  envelopesOf(engagementId: string): Promise<readonly LedgerEvent[]> {
    return scan(this.store, engagementId, toLedgerEvent);
  }
}

function scanRuleEvents(store: EventStore, engagementId: string): Promise<RuleEvent[]> {
  const names = new SharedNames();
  return scan(store, engagementId, (stored) => toRuleEvent(stored, names));
}

/** An engagement's events, in log order, each in the form asked for. */
async function scan<E>(
  store: EventStore,
  engagementId: string,
  form: (stored: StoredEvent) => E,
): Promise<E[]> {
  const prefix = engagementStreamPrefix(engagementId);
  const events: E[] = [];
  for await (const page of store.readStreamsStartingWith(prefix))
    for (const stored of page) events.push(form(stored));
  return events;
}

/**
 * How many engagements a `FollowingSource` keeps the events of, and an `AuditQueries` the rule
 * states of, unless told otherwise (the audit API is told `ONUS_VERDICT_STATES`).
 */
export const KEPT_ENGAGEMENTS = 32;

/**
 * For long-running processes: follows the log and keeps the events of the engagements asked
 * about, so that the next verdict of one reads no log at all. An engagement is read from the
 * store (by stream prefix, as `LogScanSource` does) the first time it is asked about, then kept
 * up to date as the log grows; the `keep` asked about most recently are kept, so that memory
 * follows the engagements in use, not the size of the ledger. `reached(position)` resolves once
 * the log has been taken in up to there.
 */
export class FollowingSource implements EngagementEventSource {
  /** The engagements kept, in the order last asked about (the most recent last). */
  private readonly followed = new Map<string, RuleEvent[]>();
  /** Engagements being read from the store: their events that the log brings meanwhile. */
  private readonly arriving = new Map<string, RuleEvent[]>();
  private readonly loads = new Map<string, Promise<RuleEvent[]>>();
  private readonly names = new SharedNames();
  private readonly keep: number;
  private next = 0;
  private readonly controller = new AbortController();
  private readonly waiters: Array<{ position: number; resolve: () => void }> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    options: { keep?: number } = {},
  ) {
    this.keep = Math.max(1, options.keep ?? KEPT_ENGAGEMENTS);
  }

  start(): void {
    this.running ??= this.follow();
  }

  /** The engagements whose events are kept, the one asked about least recently first. */
  get followedEngagements(): string[] {
    return [...this.followed.keys()];
  }

  private failure: Error | undefined;

  private async follow(): Promise<void> {
    try {
      await this.consume();
    } catch (error) {
      // Once stopping, a store closed under the subscription is expected; otherwise say so.
      if (!this.controller.signal.aborted) {
        this.failure =
          error instanceof Error
            ? error
            : new Error('the log subscription failed', { cause: error });
        for (const waiter of this.waiters.splice(0)) waiter.resolve();
      }
    }
  }

  private async consume(): Promise<void> {
    for await (const stored of this.store.subscribe({
      fromPosition: this.next,
      signal: this.controller.signal,
    })) {
      // Only the engagements kept, or being read, take the event in.
      const engagementId = (stored.data as unknown as StoredPayload).engagementId;
      const list = this.followed.get(engagementId) ?? this.arriving.get(engagementId);
      if (list) list.push(toRuleEvent(stored, this.names));
      this.next = stored.position + 1;
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        if (this.waiters[i]!.position <= this.next) this.waiters.splice(i, 1)[0]!.resolve();
      }
    }
  }

  /** The number of log events taken in so far. */
  get position(): number {
    return this.next;
  }

  /** Resolves when every event before `position` has been taken in. */
  reached(position: number): Promise<void> {
    if (position <= this.next) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  async eventsOf(engagementId: string): Promise<readonly RuleEvent[]> {
    this.start();
    // Read-your-writes: answer from a state that includes everything committed so far.
    await this.reached(await this.store.headPosition());
    if (this.failure) throw this.failure;
    const kept = this.followed.get(engagementId);
    if (kept) {
      this.followed.delete(engagementId);
      this.followed.set(engagementId, kept);
      return kept;
    }
    let load = this.loads.get(engagementId);
    if (!load) {
      load = this.load(engagementId).finally(() => this.loads.delete(engagementId));
      this.loads.set(engagementId, load);
    }
    return load;
  }

  /**
   * Reads an engagement's events from the store and keeps them. What the log brings while the
   * read goes on is set aside; the read sees every event committed before it started, and those
   * set aside after the last one it saw are added, so that nothing is missed or taken twice.
   */
  private async load(engagementId: string): Promise<RuleEvent[]> {
    this.arriving.set(engagementId, []);
    let events: RuleEvent[];
    try {
      events = await scanRuleEvents(this.store, engagementId);
    } catch (error) {
      this.arriving.delete(engagementId);
      throw error;
    }
    const arrived = this.arriving.get(engagementId)!;
    this.arriving.delete(engagementId);
    const last = events.at(-1)?.position ?? -1;
    for (const event of arrived) if (event.position > last) events.push(event);
    this.followed.set(engagementId, events);
    while (this.followed.size > this.keep) this.followed.delete(this.followed.keys().next().value!);
    return events;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }
}
