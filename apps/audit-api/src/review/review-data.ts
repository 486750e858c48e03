import {
  EngagementFacts,
  type RuleEvent,
  type Scorecard,
  type Terms,
  type Timeline,
  type Verdict,
} from '@onus/domain';
import { type AuditQueries, type EngagementEventSource } from '@onus/ledger';

/** The checkpoint the page's evidence is proven against, and the key that signed it. */
export interface ReviewSeal {
  readonly size: number;
  readonly rootHash: string;
  readonly time: string;
  readonly note: string;
  readonly keyName: string;
  readonly verifierKey: string;
}

/** One sensor's (or the engagement's) coverage over time, for a coverage finding. */
export interface CoverageSeries {
  /** The finding subject: a sensor id, or the engagement id for engagement-wide reports. */
  readonly subjectId: string;
  readonly sensorId: string | null;
  readonly reports: readonly {
    readonly at: number;
    readonly observed: number;
    readonly eventId: string;
  }[];
  /** The contracted endpoints + servers and the minimum the SLA asks, from each change of terms. */
  readonly contracted: readonly {
    readonly at: number;
    readonly assets: number;
    readonly minimum: number;
  }[];
  readonly gaps: readonly {
    readonly code: string;
    readonly from: number;
    readonly to: number | null;
  }[];
}

export interface ReviewModel {
  readonly verdict: Verdict;
  readonly timeline: Timeline;
  readonly scorecard: Scorecard;
  readonly engagement: {
    readonly client: string;
    readonly mssp: string;
    /** The terms in force at the verdict's `asOf`, and how many amendments made them. */
    readonly terms: Terms;
    readonly amendments: readonly string[];
    readonly fee: { amount: number; currency: string; period: string } | null;
  };
  readonly coverage: readonly CoverageSeries[];
  /** Null when the process has no notary (a stand-alone audit API). */
  readonly seal: ReviewSeal | null;
}

export interface ReviewQuery {
  readonly incidentId?: string;
  readonly asOf?: number;
}

/**
 * Everything the review page shows, from the audit queries (verdict, timeline, scorecard as of
 * the verdict's time) and the engagement's own events (its terms and coverage reports).
 */
export async function loadReview(
  { queries: audit, source }: { queries: AuditQueries; source: EngagementEventSource },
  engagementId: string,
  query: ReviewQuery,
  seal: (timeline: Timeline) => Promise<ReviewSeal | null>,
): Promise<ReviewModel> {
  const verdict = await audit.verdict(engagementId, query);
  const asOf = Date.parse(verdict.asOf);
  const timeline = await audit.timeline(engagementId, { ...query, asOf });
  const scorecard = await audit.scorecard(engagementId, { to: asOf });
  const facts = new EngagementFacts(engagementId, asOf, await source.eventsOf(engagementId));
  const contract = facts.contract!.event.data;
  return {
    verdict,
    timeline,
    scorecard,
    engagement: {
      client: contract.client.name,
      mssp: contract.mssp.name,
      terms: facts.termsAt(asOf),
      amendments: facts.amendments.filter((a) => a.eff <= asOf).map((a) => a.event.occurredAt),
      fee: contract.fee ?? null,
    },
    coverage: coverageSeries(facts, verdict),
    seal: await seal(timeline),
  };
}

const COVERAGE_CODES = new Set(['COVERAGE_GAP', 'COVERAGE_GAP_UNREPORTED', 'COVERAGE_UNMONITORED']);

function coverageSeries(facts: EngagementFacts, verdict: Verdict): CoverageSeries[] {
  const subjects = [
    ...new Set(verdict.findings.filter((f) => COVERAGE_CODES.has(f.code)).map((f) => f.subject.id)),
  ];
  const changes = [facts.contract!.eff, ...facts.amendments.map((a) => a.eff)];
  return subjects.map((subjectId) => {
    const sensorId = subjectId === facts.engagementId ? null : subjectId;
    return {
      subjectId,
      sensorId,
      reports: facts
        .of('CoverageReported')
        .filter((r) => (r.event.data.sensorId ?? null) === sensorId)
        .map((r) => ({
          at: r.eff,
          observed: r.event.data.endpoints + r.event.data.servers,
          eventId: r.event.id,
        })),
      contracted: changes.map((at) => {
        const terms = facts.termsAt(at);
        const assets = terms.scope.endpoints + terms.scope.servers;
        return { at, assets, minimum: assets * terms.sla.minimumCoverageRatio };
      }),
      gaps: verdict.findings
        .filter((f) => COVERAGE_CODES.has(f.code) && f.subject.id === subjectId)
        .map((f) => ({
          code: f.code,
          from: Date.parse(f.dueAt),
          to: f.satisfiedAt === null ? null : Date.parse(f.satisfiedAt),
        })),
    };
  });
}

/**
 * Reads each engagement's events once: the page asks for them four times, and a one-shot
 * command's source scans the whole log each time.
 */
export class ReadOnce implements EngagementEventSource {
  private readonly read = new Map<string, Promise<readonly RuleEvent[]>>();
  constructor(private readonly source: EngagementEventSource) {}
  eventsOf(engagementId: string): Promise<readonly RuleEvent[]> {
    let events = this.read.get(engagementId);
    if (!events) this.read.set(engagementId, (events = this.source.eventsOf(engagementId)));
    return events;
  }
}
