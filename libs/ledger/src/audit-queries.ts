import {
  allDrafts,
  buildTimeline,
  computeScorecard,
  type Draft,
  EngagementFacts,
  LiveEngagement,
  type RuleEvent,
  type Scorecard,
  type Timeline,
  type Verdict,
  verdictFromFacts,
} from '@onus/domain';
import { type EngagementEventSource, KEPT_ENGAGEMENTS } from './engagement-events';

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
 * source has added since the last question; an asOf before the newest of them is replayed. The
 * states of the `keep` engagements asked about most recently are kept; an older one is dropped
 * (a state is about as large as its engagement's events) and built again if asked about again.
 */
export class AuditQueries {
  /** In the order last asked about, the most recent last. */
  private readonly live = new Map<
    string,
    { state: LiveEngagement; taken: number; lastPosition: number }
  >();
  private readonly keep: number;

  constructor(
    private readonly source: EngagementEventSource,
    private readonly clock: () => number,
    options: { keep?: number } = {},
  ) {
    this.keep = Math.max(1, options.keep ?? KEPT_ENGAGEMENTS);
  }

  /** The engagements whose states are kept, the one asked about least recently first. */
  get keptStates(): string[] {
    return [...this.live.keys()];
  }

  async verdict(
    engagementId: string,
    options: { asOf?: number; incidentId?: string } = {},
  ): Promise<Verdict> {
    return this.answer(engagementId, options, false, ({ verdict }) => verdict);
  }

  async timeline(
    engagementId: string,
    options: { asOf?: number; incidentId?: string } = {},
  ): Promise<Timeline> {
    return this.answer(engagementId, options, false, ({ facts, verdict }) =>
      buildTimeline(facts, verdict),
    );
  }

  /** interfaces.md's scorecard over [from, to]: from defaults to the engagement's start, to to now. */
  async scorecard(
    engagementId: string,
    options: { from?: number; to?: number } = {},
  ): Promise<Scorecard> {
    const asked = options.to === undefined ? {} : { asOf: options.to };
    return this.answer(engagementId, asked, true, ({ facts, verdict, drafts }) => {
      const to = facts.asOf;
      const from = options.from ?? Date.parse(facts.termsAt(to).startsAt);
      if (from > to) throw new RangeError('from must not be after to');
      return computeScorecard(facts, verdict, drafts!, { from, to });
    });
  }

  /**
   * `use` of the facts and the verdict, run before anything else can: the facts of a live state
   * grow with the next question's events, so they are read in the same turn as the verdict.
   */
  private async answer<T>(
    engagementId: string,
    options: { asOf?: number; incidentId?: string },
    keepDrafts: boolean,
    use: (answer: { facts: EngagementFacts; verdict: Verdict; drafts?: readonly Draft[] }) => T,
  ): Promise<T> {
    const events = await this.source.eventsOf(engagementId);
    // Now is read once the events are in: an event recorded while they were being fetched would
    // otherwise lie after asOf and send a busy engagement's verdict to a replay.
    const asOf = options.asOf ?? this.clock();
    return use(this.facts(engagementId, events, asOf, options.incidentId, keepDrafts));
  }

  private facts(
    engagementId: string,
    events: readonly RuleEvent[],
    asOf: number,
    incidentId: string | undefined,
    keepDrafts: boolean,
  ): { facts: EngagementFacts; verdict: Verdict; drafts?: readonly Draft[] } {
    const state = this.stateOf(engagementId, events);
    if (state.covers(asOf)) {
      const facts = state.facts(asOf);
      const outcome = state.verdict(asOf, incidentId);
      if (!outcome.ok) throw new NotFoundError(outcome.reason, outcome.message);
      const drafts = keepDrafts ? state.drafts(facts) : undefined;
      return { facts, verdict: outcome.verdict, ...(drafts ? { drafts } : {}) };
    }
    // In the past of the state: a replay of the events recorded by then.
    const facts = new EngagementFacts(engagementId, asOf, events);
    // The drafts are computed once, for the verdict and (when asked) for the caller.
    const drafts = keepDrafts && facts.contract ? allDrafts(facts) : undefined;
    const outcome = verdictFromFacts(facts, incidentId, drafts);
    if (!outcome.ok) throw new NotFoundError(outcome.reason, outcome.message);
    return { facts, verdict: outcome.verdict, ...(drafts ? { drafts } : {}) };
  }

  /**
   * The engagement's state, brought up to `events` (its events in log order). The log is
   * append-only, so the list the source gives only grows: the state takes the new tail. A list
   * that does not continue what the state took (another source's) starts a new state.
   */
  private stateOf(engagementId: string, events: readonly RuleEvent[]): LiveEngagement {
    let entry = this.live.get(engagementId);
    // Taken out and put back: the map's order is the order of the last questions.
    this.live.delete(engagementId);
    if (
      !entry ||
      events.length < entry.taken ||
      (entry.taken > 0 && events[entry.taken - 1]!.position !== entry.lastPosition)
    ) {
      entry = { state: new LiveEngagement(engagementId), taken: 0, lastPosition: -1 };
    }
    this.live.set(engagementId, entry);
    while (this.live.size > this.keep) this.live.delete(this.live.keys().next().value!);
    entry.state.addAll(entry.taken === 0 ? events : events.slice(entry.taken));
    entry.taken = events.length;
    entry.lastPosition = events.at(-1)?.position ?? -1;
    return entry.state;
  }
}
