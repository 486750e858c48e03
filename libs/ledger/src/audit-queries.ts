import {
  allDrafts,
  buildTimeline,
  computeScorecard,
  type Draft,
  EngagementFacts,
  type Scorecard,
  type Timeline,
  type Verdict,
  verdictFromFacts,
} from '@onus/domain';
import { type EngagementEventSource } from './engagement-events';

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly reason: 'ENGAGEMENT_UNKNOWN' | 'INCIDENT_UNKNOWN',
    message: string,
  ) {
    super(message);
  }
}

/** The verdict and the timeline of responsibility.md / interfaces.md, for the CLI and the audit API. */
export class AuditQueries {
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

  private async facts(
    engagementId: string,
    options: { asOf?: number; incidentId?: string },
    keepDrafts = false,
  ): Promise<{ facts: EngagementFacts; verdict: Verdict; drafts?: readonly Draft[] }> {
    const asOf = options.asOf ?? this.clock();
    const facts = new EngagementFacts(engagementId, asOf, await this.source.eventsOf(engagementId));
    // The drafts are computed once, for the verdict and (when asked) for the caller.
    const drafts = keepDrafts && facts.contract ? allDrafts(facts) : undefined;
    const outcome = verdictFromFacts(facts, options.incidentId, drafts);
    if (!outcome.ok) throw new NotFoundError(outcome.reason, outcome.message);
    return { facts, verdict: outcome.verdict, ...(drafts ? { drafts } : {}) };
  }
}
