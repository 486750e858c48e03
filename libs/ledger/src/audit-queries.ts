import {
  allDrafts,
  buildTimeline,
  computeScorecard,
  type Draft,
  EngagementFacts,
  type LedgerEvent,
  LiveEngagement,
  type Scorecard,
  type Timeline,
  type Verdict,
  verdictFromFacts,
} from '@onus/domain';
import { type EngagementEventSource } from './engagement-events';
import { type EventPage, type EventQuery, searchEvents } from './event-search';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly reason: 'ENGAGEMENT_UNKNOWN' | 'INCIDENT_UNKNOWN',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The verdict and the timeline of responsibility.md / interfaces.md, for the CLI and the audit API.
 * Each engagement asked about keeps its rule state (`LiveEngagement`), fed with the events the
 * source has added since the last question; an asOf before the newest of them is replayed.
 */
export class AuditQueries {
  private readonly live = new Map<
    string,
    { state: LiveEngagement; taken: number; lastPosition: number }
  >();

  constructor(
    private readonly source: EngagementEventSource,
    private readonly clock: () => number,
  ) {}

  async verdict(
    engagementId: string,
    options: { asOf?: number; incidentId?: string } = {},
  ): Promise<Verdict> {
    return (await this.facts(engagementId, options)).verdict;
  }

  async timeline(
    engagementId: string,
    options: { asOf?: number; incidentId?: string } = {},
  ): Promise<Timeline> {
    const { facts, verdict } = await this.facts(engagementId, options);
    return buildTimeline(facts, verdict);
  }

  /** interfaces.md's scorecard over [from, to]: from defaults to the engagement's start, to to now. */
  async scorecard(
    engagementId: string,
    options: { from?: number; to?: number } = {},
  ): Promise<Scorecard> {
    const to = options.to ?? this.clock();
    const { facts, verdict, drafts } = await this.facts(engagementId, { asOf: to }, true);
    const from = options.from ?? Date.parse(facts.termsAt(to).startsAt);
    if (from > to) throw new RangeError('from must not be after to');
    return computeScorecard(facts, verdict, drafts!, { from, to });
  }

  /** A page of the engagement's events matching `query`, in position order. */
  async events(engagementId: string, query: EventQuery): Promise<EventPage> {
    const events = await this.source.eventsOf(engagementId);
    if (!events.some((event) => event.type === 'EngagementContracted')) {
      throw new NotFoundError(
        'ENGAGEMENT_UNKNOWN',
        `engagement ${engagementId} is not in the ledger`,
      );
    }
    return searchEvents(events, query);
  }

  private async facts(
    engagementId: string,
    options: { asOf?: number; incidentId?: string },
    keepDrafts = false,
  ): Promise<{ facts: EngagementFacts; verdict: Verdict; drafts?: readonly Draft[] }> {
    const asOf = options.asOf ?? this.clock();
    const events = await this.source.eventsOf(engagementId);
    const state = this.stateOf(engagementId, events);
    if (state.covers(asOf)) {
      const facts = state.facts(asOf);
      const outcome = state.verdict(asOf, options.incidentId);
      if (!outcome.ok) throw new NotFoundError(outcome.reason, outcome.message);
      const drafts = keepDrafts ? state.drafts(facts) : undefined;
      return { facts, verdict: outcome.verdict, ...(drafts ? { drafts } : {}) };
    }
    // In the past of the state: a replay of the events recorded by then.
    const facts = new EngagementFacts(engagementId, asOf, events);
    // The drafts are computed once, for the verdict and (when asked) for the caller.
    const drafts = keepDrafts && facts.contract ? allDrafts(facts) : undefined;
    const outcome = verdictFromFacts(facts, options.incidentId, drafts);
    if (!outcome.ok) throw new NotFoundError(outcome.reason, outcome.message);
    return { facts, verdict: outcome.verdict, ...(drafts ? { drafts } : {}) };
  }

  /**
   * The engagement's state, brought up to `events` (its events in log order). The log is
   * append-only, so the list the source gives only grows: the state takes the new tail. A list
   * that does not continue what the state took (another source's) starts a new state.
   */
  private stateOf(engagementId: string, events: readonly LedgerEvent[]): LiveEngagement {
    let entry = this.live.get(engagementId);
    if (
      !entry ||
      events.length < entry.taken ||
      (entry.taken > 0 && events[entry.taken - 1]!.position !== entry.lastPosition)
    ) {
      entry = { state: new LiveEngagement(engagementId), taken: 0, lastPosition: -1 };
      this.live.set(engagementId, entry);
    }
    for (let i = entry.taken; i < events.length; i++) entry.state.add(events[i]!);
    entry.taken = events.length;
    entry.lastPosition = events.at(-1)?.position ?? -1;
    return entry.state;
  }
}
