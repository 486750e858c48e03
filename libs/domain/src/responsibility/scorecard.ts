import { type ObligedParty, SEVERITIES, type Severity } from '../events/event-catalogue';
import { toIso } from '../recording/effective-time';
import { type Draft } from './draft';
import { type EngagementFacts, type Fact } from './facts';
import { type Verdict, RULES_VERSION } from './verdict.types';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days per fee period, for prorating: calendar averages over a 400-year Gregorian cycle. */
const PERIOD_DAYS = { month: 365.2425 / 12, quarter: 365.2425 / 4, year: 365.2425 } as const;

export interface AlertSeverityCard {
  readonly count: number;
  readonly acknowledgedWithinSlaPct: number | null;
  readonly minutesToAcknowledge: { readonly median: number | null; readonly p90: number | null };
  readonly notifiedWithinSlaPct: number | null;
}

export interface Scorecard {
  readonly engagementId: string;
  readonly from: string;
  readonly to: string;
  readonly rulesVersion: string;
  readonly mssp: {
    readonly alerts: Partial<Record<Severity, AlertSeverityCard>>;
    readonly requests: {
      readonly count: number;
      readonly answeredWithinSlaPct: number | null;
      readonly declined: number;
      readonly wronglyDeclined: number;
      readonly abandoned: number;
    };
    readonly coverage: {
      readonly timeWeightedRatio: number | null;
      readonly gapDays: number;
      readonly gapDaysUnreported: number;
    };
    readonly recommendationsIssued: number;
  };
  readonly client: {
    readonly tests: {
      readonly conducted: number;
      readonly announcedOnTimePct: number | null;
      readonly unannounced: number;
    };
    readonly notificationsAcknowledgedWithinSlaPct: number | null;
    readonly recommendations: {
      readonly completed: number;
      readonly overdue: number;
      readonly declined: number;
      readonly riskAccepted: number;
    };
  };
  readonly fee: {
    readonly amount: number;
    readonly currency: string;
    readonly period: string;
    readonly paidOverPeriod: number;
  } | null;
  readonly findings: Readonly<
    Record<ObligedParty, { readonly count: number; readonly weight: number }>
  >;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Share of `hits` in `total`, 0–100 with one decimal; null when nothing was counted. */
function pct(hits: number, total: number): number | null {
  return total === 0 ? null : round1((hits / total) * 100);
}

/** Nearest-rank percentile: the value at rank ⌈p/100 · N⌉ of the sorted values (one decimal). */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return round1(sorted[rank - 1]!);
}

/**
 * interfaces.md, Scorecard: the vendor-assessment figures of one engagement over [from, to],
 * counting events by effective time; `findings` come from the engagement-wide verdict as of `to`
 * (whose facts and drafts are passed in, so that both speak of the same ledger).
 */
export function computeScorecard(
  facts: EngagementFacts,
  verdict: Verdict,
  drafts: readonly Draft[],
  range: { from: number; to: number },
): Scorecard {
  const { from, to } = range;
  const inRange = (fact: Fact): boolean => fact.eff >= from && fact.eff <= to;
  const known = (due: number, met: number | undefined): boolean => met !== undefined || due < to;

  // Alerts, per severity.
  const alerts: Partial<Record<Severity, AlertSeverityCard>> = {};
  const notifiedAcks = { onTime: 0, counted: 0 };
  for (const severity of SEVERITIES) {
    const raised = facts
      .of('AlertRaised')
      .filter((r) => inRange(r) && r.event.data.severity === severity);
    if (raised.length === 0) continue;
    let ackOnTime = 0;
    let ackCounted = 0;
    let notifyOnTime = 0;
    let notifyCounted = 0;
    const minutes: number[] = [];
    for (const alert of raised) {
      const alertId = alert.event.data.alertId;
      const terms = facts.termsAt(alert.eff);
      const firstAck = facts
        .about(['AlertAcknowledged', 'AlertClosed'], 'alertId', alertId)
        .find((f) => f.eff <= to);
      if (firstAck) minutes.push((firstAck.eff - alert.eff) / MINUTE);
      const ackMinutes = terms.sla.acknowledgeMinutes?.[severity];
      if (ackMinutes !== undefined) {
        const due = alert.eff + ackMinutes * MINUTE;
        if (known(due, firstAck?.eff)) {
          ackCounted++;
          if (firstAck && firstAck.eff <= due) ackOnTime++;
        }
      }
      const notified = facts.about(['ClientNotified'], 'alertId', alertId).find((f) => f.eff <= to);
      const notifyMinutes = terms.sla.notifyClientMinutes?.[severity];
      if (notifyMinutes !== undefined) {
        const due = alert.eff + notifyMinutes * MINUTE;
        // Counted once notified, or once the verdict as of `to` holds the notification missed
        // (an exempt alert, e.g. closed early as a false positive, is not counted).
        const missed = drafts.some(
          (d) => d.code === 'CLIENT_NOTIFY_MISSED' && d.subject.id === alertId,
        );
        if (notified || missed) {
          notifyCounted++;
          if (notified && notified.eff <= due) notifyOnTime++;
        }
      }
      if (notified) {
        const clientMinutes = facts.termsAt(notified.eff).sla.clientAcknowledgeMinutes;
        if (clientMinutes !== undefined) {
          const due = notified.eff + clientMinutes * MINUTE;
          const acked = facts
            .about(['ClientAcknowledged'], 'alertId', alertId)
            .find((f) => f.eff <= to);
          if (known(due, acked?.eff)) {
            notifiedAcks.counted++;
            if (acked && acked.eff <= due) notifiedAcks.onTime++;
          }
        }
      }
    }
    alerts[severity] = {
      count: raised.length,
      acknowledgedWithinSlaPct: pct(ackOnTime, ackCounted),
      minutesToAcknowledge: { median: nearestRank(minutes, 50), p90: nearestRank(minutes, 90) },
      notifiedWithinSlaPct: pct(notifyOnTime, notifyCounted),
    };
  }

  // Requests.
  const made = facts.of('ClientRequestMade').filter(inRange);
  let answeredOnTime = 0;
  let answeredCounted = 0;
  for (const request of made) {
    const minutes = facts.termsAt(request.eff).sla.requestResponseMinutes?.[
      request.event.data.urgency
    ];
    if (minutes === undefined) continue;
    const due = request.eff + minutes * MINUTE;
    const complete = facts
      .about(['MsspResponded'], 'requestId', request.event.data.requestId)
      .find((r) => r.event.data.complete && r.eff <= to);
    if (known(due, complete?.eff)) {
      answeredCounted++;
      if (complete && complete.eff <= due) answeredOnTime++;
    }
  }
  const requestIds = new Set(made.map((m) => m.event.data.requestId));
  const countRequests = (type: 'RequestDeclined' | 'RequestAbandoned'): number =>
    new Set(
      facts
        .of(type)
        .filter((f) => f.eff <= to && requestIds.has(f.event.data.requestId))
        .map((f) => f.event.data.requestId),
    ).size;

  // Coverage: each series' ratio as a step function from its first report, weighted by time.
  const coverage = coverageFigures(facts, drafts, from, to);

  // Tests.
  const conducted = facts.of('TestConducted').filter(inRange);
  const testFindings = drafts.filter(
    (d) => d.code === 'TEST_UNANNOUNCED' || d.code === 'TEST_NOTICE_LATE',
  );
  const announcedOnTime = conducted.filter(
    (t) =>
      !testFindings.some(
        (d) => d.subject.kind === 'test' && d.subject.id === (t.event.data.testId ?? t.event.id),
      ),
  ).length;

  const countIn = (
    type:
      | 'RecommendationIssued'
      | 'RemediationCompleted'
      | 'RecommendationDeclined'
      | 'RiskAccepted',
  ): number => facts.of(type).filter(inRange).length;
  const fee = facts.contract?.event.data.fee;
  const tally = (party: ObligedParty) => ({
    count: verdict.parties[party].findings,
    weight: verdict.parties[party].weight,
  });

  return {
    engagementId: facts.engagementId,
    from: toIso(from),
    to: toIso(to),
    rulesVersion: RULES_VERSION,
    mssp: {
      alerts,
      requests: {
        count: made.length,
        answeredWithinSlaPct: pct(answeredOnTime, answeredCounted),
        declined: countRequests('RequestDeclined'),
        wronglyDeclined: new Set(
          drafts
            .filter((d) => d.code === 'REQUEST_WRONGLY_DECLINED' && requestIds.has(d.subject.id))
            .map((d) => d.subject.id),
        ).size,
        abandoned: countRequests('RequestAbandoned'),
      },
      coverage,
      recommendationsIssued: countIn('RecommendationIssued'),
    },
    client: {
      tests: {
        conducted: conducted.length,
        announcedOnTimePct: pct(announcedOnTime, conducted.length),
        unannounced: drafts.filter((d) => {
          if (d.code !== 'TEST_UNANNOUNCED') return false;
          const start =
            d.scope.kind === 'test' && d.scope.interval ? d.scope.interval[0] : d.evidence[0]?.eff;
          return start !== undefined && start >= from && start <= to;
        }).length,
      },
      notificationsAcknowledgedWithinSlaPct: pct(notifiedAcks.onTime, notifiedAcks.counted),
      recommendations: {
        completed: countIn('RemediationCompleted'),
        overdue: drafts.filter(
          (d) => d.code === 'RECOMMENDATION_OVERDUE' && d.due >= from && d.due <= to,
        ).length,
        declined: countIn('RecommendationDeclined'),
        riskAccepted: countIn('RiskAccepted'),
      },
    },
    fee: fee
      ? {
          amount: fee.amount,
          currency: fee.currency,
          period: fee.period,
          paidOverPeriod:
            Math.round(((fee.amount * (to - from)) / (PERIOD_DAYS[fee.period] * DAY)) * 100) / 100,
        }
      : null,
    findings: { mssp: tally('mssp'), client: tally('client'), third_party: tally('third_party') },
  };
}

function coverageFigures(
  facts: EngagementFacts,
  drafts: readonly Draft[],
  from: number,
  to: number,
): Scorecard['mssp']['coverage'] {
  const series = new Map<string | null, Fact<'CoverageReported'>[]>();
  for (const report of facts.of('CoverageReported')) {
    const key = report.event.data.sensorId ?? null;
    series.set(key, [...(series.get(key) ?? []), report]);
  }
  let weighted = 0;
  let weight = 0;
  for (const reports of series.values()) {
    reports.forEach((report, i) => {
      const start = Math.max(report.eff, from);
      const end = Math.min(reports[i + 1]?.eff ?? to, to);
      if (end <= start) return;
      const terms = facts.termsAt(report.eff);
      const contracted = terms.scope.endpoints + terms.scope.servers;
      const seen = report.event.data.endpoints + report.event.data.servers;
      const ratio = contracted === 0 ? 1 : Math.min(1, seen / contracted);
      weighted += ratio * (end - start);
      weight += end - start;
    });
  }
  const overlap = (a: number, b: number | null): number =>
    Math.max(0, Math.min(b ?? to, to) - Math.max(a, from));
  let gap = 0;
  let unreported = 0;
  for (const draft of drafts) {
    if (draft.code !== 'COVERAGE_GAP' || draft.scope.kind !== 'coverage') continue;
    gap += overlap(draft.due, draft.satisfied);
    const sensorId = draft.scope.sensorId;
    const told = facts
      .of('CoverageGapReported')
      .find(
        (r) =>
          r.eff >= draft.due &&
          (r.event.data.sensorId === undefined || r.event.data.sensorId === sensorId),
      );
    const silentUntil = told ? Math.min(told.eff, draft.satisfied ?? Infinity) : draft.satisfied;
    unreported += overlap(draft.due, silentUntil === Infinity ? null : silentUntil);
  }
  return {
    timeWeightedRatio: weight === 0 ? null : Math.round((weighted / weight) * 1000) / 1000,
    gapDays: round1(gap / DAY),
    gapDaysUnreported: round1(unreported / DAY),
  };
}
