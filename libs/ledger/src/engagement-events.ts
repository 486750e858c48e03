import { engagementStreamPrefix, type LedgerEvent, type RuleEvent } from '@onus/domain';
import { type EventStore, type StoredEvent } from '@onus/event-store';
import { SharedNames, toLedgerEvent, toRuleEvent } from './ledger-event.mapper';

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
    const names = new SharedNames();
    return this.scan(engagementId, (stored) => toRuleEvent(stored, names));
  }

  envelopesOf(engagementId: string): Promise<readonly LedgerEvent[]> {
    return this.scan(engagementId, toLedgerEvent);
  }

  private async scan<E>(engagementId: string, form: (stored: StoredEvent) => E): Promise<E[]> {
    const prefix = engagementStreamPrefix(engagementId);
    const events: E[] = [];
    for await (const page of this.store.readStreamsStartingWith(prefix))
      for (const stored of page) events.push(form(stored));
    return events;
  }
}

/**
 * For long-running processes: follows the log and keeps every engagement's events in memory, so
 * that a verdict reads no log at all. `ready` resolves once the log has been caught up.
 */
export class FollowingSource implements EngagementEventSource {
  private readonly byEngagement = new Map<string, RuleEvent[]>();
  private readonly names = new SharedNames();
  private next = 0;
  private readonly controller = new AbortController();
  private readonly waiters: Array<{ position: number; resolve: () => void }> = [];
  private running: Promise<void> | undefined;

  constructor(private readonly store: EventStore) {}

  start(): void {
    this.running ??= this.follow();
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
      const event = toRuleEvent(stored, this.names);
      const list = this.byEngagement.get(event.engagementId) ?? [];
      list.push(event);
      this.byEngagement.set(event.engagementId, list);
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
    return this.byEngagement.get(engagementId) ?? [];
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }
}
