import fc from 'fast-check';
import { type Disposition, type Severity } from '../events/event-catalogue';
import { type RuleEvent } from './facts';
import { LiveEngagement } from './live-engagement';
import { buildTimeline } from './timeline';
import { allDrafts, computeVerdict } from './verdict';
import { EngagementFacts } from './facts';
import * as g from './testing/rulebook.given';

/**
 * The live state against a fresh replay: random ledgers fed event by event, verdicts asked after
 * each event at random moments (deadlines exactly, a millisecond either side, days later), the
 * answers compared as JSON.
 */

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
const SPAN_MINUTES = 12 * DAY_MINUTES;

/** A test time (`D3 09:30`) for a minute offset from 1 March 2024 00:00. */
function at(minutes: number): string {
  const day = Math.floor(minutes / DAY_MINUTES) + 1;
  const rest = minutes % DAY_MINUTES;
  const hh = String(Math.floor(rest / 60)).padStart(2, '0');
  const mm = String(rest % 60).padStart(2, '0');
  return `D${day} ${hh}:${mm}`;
}

const alertId = fc.constantFrom('a-1', 'a-2', 'a-3', 'a-4', 'a-5');
const requestId = fc.constantFrom('r-1', 'r-2', 'r-3');
const testId = fc.constantFrom('t-1', 't-2');
const recommendationId = fc.constantFrom('rec-1', 'rec-2');
const sensorId = fc.option(fc.constantFrom('s-1', 's-2'), { nil: undefined });
const incidentId = fc.constantFrom('i-1', 'i-2');
const severity = fc.constantFrom<Severity>('critical', 'high', 'medium', 'low');
const minute = fc.integer({ min: 0, max: SPAN_MINUTES });

/** One event of the engagement, built from a minute at which it occurred. */
const eventAt: fc.Arbitrary<(t: number) => g.Given> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(alertId, severity).map(
      ([a, s]) =>
        (t: number) =>
          g.raised(at(t), a, s),
    ),
  },
  { weight: 3, arbitrary: alertId.map((a) => (t: number) => g.acknowledged(at(t), a)) },
  { weight: 3, arbitrary: alertId.map((a) => (t: number) => g.notified(at(t), a)) },
  { weight: 2, arbitrary: alertId.map((a) => (t: number) => g.clientAcknowledged(at(t), a)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        alertId,
        fc.constantFrom<Disposition>(
          'true_positive',
          'false_positive',
          'benign',
          'duplicate',
          'authorized_test',
        ),
        fc.option(testId, { nil: undefined }),
      )
      .map(
        ([a, d, test]) =>
          (t: number) =>
            g.closed(at(t), a, d, test),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(testId, minute, fc.integer({ min: 60, max: 3 * DAY_MINUTES })).map(
      ([test, from, length]) =>
        (t: number) =>
          g.noticeFiled(at(t), test, [at(from), at(from + length)]),
    ),
  },
  { weight: 1, arbitrary: testId.map((test) => (t: number) => g.noticeWithdrawn(at(t), test)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.option(testId, { nil: undefined }), fc.integer({ min: 0, max: 600 }))
      .map(
        ([test, length]) =>
          (t: number) =>
            g.conducted(at(t + length), { testId: test, from: at(t), to: at(t + length) }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        requestId,
        severity,
        fc.constantFrom('monitoring', 'incident_response', 'threat_hunting'),
        fc.option(incidentId, { nil: undefined }),
      )
      .map(
        ([r, u, service, incident]) =>
          (t: number) =>
            g.requested(at(t), r, u, {
              service: service as 'monitoring',
              ...(incident ? { incidentId: incident } : {}),
            }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(requestId, fc.boolean()).map(
      ([r, c]) =>
        (t: number) =>
          g.responded(at(t), r, c),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        requestId,
        fc.constantFrom(
          'out_of_scope',
          'insufficient_information',
          'other',
        ) as fc.Arbitrary<'out_of_scope'>,
      )
      .map(
        ([r, why]) =>
          (t: number) =>
            g.declined(at(t), r, why),
      ),
  },
  { weight: 1, arbitrary: requestId.map((r) => (t: number) => g.abandoned(at(t), r)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(recommendationId, fc.integer({ min: 0, max: 5 * DAY_MINUTES }), sensorId)
      .map(
        ([rec, due, sensor]) =>
          (t: number) =>
            g.recommended(at(t), rec, at(t + due), sensor ? { sensorId: sensor } : {}),
      ),
  },
  {
    weight: 1,
    arbitrary: recommendationId.map((rec) => (t: number) => g.recommendationDeclined(at(t), rec)),
  },
  {
    weight: 1,
    arbitrary: recommendationId.map((rec) => (t: number) => g.riskAccepted(at(t), rec)),
  },
  { weight: 1, arbitrary: recommendationId.map((rec) => (t: number) => g.remediated(at(t), rec)) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('s-1', 's-2'), fc.boolean(), fc.boolean()).map(
      ([s, again, followed]) =>
        (t: number) =>
          (again ? g.relocated : g.deployed)(at(t), s, { followed }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(sensorId, fc.boolean()).map(
      ([s, ok]) =>
        (t: number) =>
          (ok ? g.covered : g.short)(at(t), s),
    ),
  },
  { weight: 1, arbitrary: sensorId.map((s) => (t: number) => g.gapReported(at(t), s)) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        acknowledgeMinutes: fc.option(fc.record({ critical: fc.integer({ min: 1, max: 120 }) }), {
          nil: undefined,
        }),
        recordingToleranceMinutes: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        coverageReportMaxDays: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        gapReportDays: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        testNoticeLeadHours: fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
        clientAcknowledgeMinutes: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
      })
      .chain((sla) =>
        fc.record({
          sla: fc.constant(
            Object.fromEntries(Object.entries(sla).filter(([, v]) => v !== undefined)),
          ),
          services: fc.option(fc.constant(['monitoring']), { nil: undefined }),
          responsibilities: fc.option(fc.constant({ alert_monitoring: 'client' as const }), {
            nil: undefined,
          }),
        }),
      )
      .map(
        (change) => (t: number) =>
          g.amended(
            at(t),
            Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
          ),
      ),
  },
  { weight: 1, arbitrary: fc.constant((t: number) => g.terminated(at(t))) },
  {
    weight: 1,
    arbitrary: fc.tuple(incidentId, fc.subarray(['a-1', 'a-2', 'a-3'])).map(
      ([i, alerts]) =>
        (t: number) =>
          g.incidentDeclared(at(t), i, alerts),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        incidentId,
        fc.subarray(['a-4', 'a-5']),
        fc.subarray(['r-1', 'r-2']),
        fc.subarray(['t-1']),
      )
      .map(
        ([i, alertIds, requestIds, testIds]) =>
          (t: number) =>
            g.incidentLinked(at(t), i, { alertIds, requestIds, testIds }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        incidentId,
        fc.oneof(
          alertId.map((a) => ({ kind: 'missed_alert' as const, alertId: a })),
          recommendationId.map((rec) => ({
            kind: 'unremediated_recommendation' as const,
            recommendationId: rec,
          })),
          fc.constant({ kind: 'coverage_gap' as const, sensorId: 's-1' }),
          fc.constant({ kind: 'unannounced_test' as const }),
        ),
      )
      .map(
        ([i, cause]) =>
          (t: number) =>
            g.breachConfirmed(at(t), i, cause as never),
      ),
  },
  { weight: 1, arbitrary: incidentId.map((i) => (t: number) => g.incidentResolved(at(t), i)) },
);

/** An event as recorded: when it occurred, how late the ledger heard of it, whose it is. */
const recorded = fc.record({
  make: eventAt,
  occurred: minute,
  // Mostly on time; sometimes later than any tolerance (late-recorded evidence).
  lag: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    fc.integer({ min: 1, max: 3 * DAY_MINUTES }),
  ),
  // A tenth belong to another engagement, which the state and the replay both leave out.
  foreign: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

/** When a verdict is asked: a whole minute after the newest event, or a millisecond either side. */
const asking = fc.record({
  minutes: fc.integer({ min: 0, max: 6 * DAY_MINUTES }),
  nudge: fc.constantFrom(-1, 0, 0, 1),
  incident: fc.option(incidentId, { nil: undefined }),
});

const ledger = fc.array(fc.tuple(recorded, fc.array(asking, { maxLength: 2 })), {
  minLength: 1,
  maxLength: 40,
});

function envelopeOf(given: g.Given, position: number, foreign: boolean): RuleEvent {
  const envelope = given.envelope(position);
  return foreign ? { ...envelope, engagementId: 'eng-2' } : envelope;
}

describe('LiveEngagement', () => {
  it('answers every verdict, incident verdict and draft list exactly as a fresh replay', () => {
    let compared = 0;
    fc.assert(
      fc.property(ledger, (events) => {
        const live = new LiveEngagement(g.ENGAGEMENT);
        const seen: RuleEvent[] = [];
        // The ledger's clock: events are recorded in log order, each at or after the previous.
        let clock = 0;
        const take = (event: RuleEvent) => {
          seen.push(event);
          live.add(event);
        };
        take(envelopeOf(g.contracted(), 0, false));
        events.forEach(([{ make, occurred, lag, foreign }, asks], index) => {
          const given = make(occurred);
          clock = Math.max(clock, occurred + lag);
          take(envelopeOf(given.recordedAt(at(clock)), index + 1, foreign));
          for (const { minutes, nudge, incident } of asks) {
            const asOf = (clock + minutes) * MINUTE + g.ms('D1 00:00') + nudge;
            if (!live.covers(asOf)) continue;
            const options = { asOf, ...(incident ? { incidentId: incident } : {}) };
            const replay = computeVerdict(g.ENGAGEMENT, seen, options);
            expect(JSON.stringify(live.verdict(asOf, incident))).toBe(JSON.stringify(replay));
            const facts = new EngagementFacts(g.ENGAGEMENT, asOf, seen);
            expect(JSON.stringify(live.drafts(live.facts(asOf)))).toBe(
              JSON.stringify(allDrafts(facts)),
            );
            if (replay.ok)
              expect(JSON.stringify(buildTimeline(live.facts(asOf), replay.verdict))).toBe(
                JSON.stringify(buildTimeline(facts, replay.verdict)),
              );
            compared++;
          }
        });
      }),
      { numRuns: 300 },
    );
    // The runs asked thousands of verdicts, not a handful.
    expect(compared).toBeGreaterThan(1000);
  });
});
