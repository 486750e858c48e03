/**
 * Random ledgers of one engagement for property tests: every kind of event the rules read, on a
 * few alerts, requests, tests, recommendations, sensors and incidents, some recorded late, some
 * belonging to another engagement, with verdicts asked after each event at random moments
 * (deadlines exactly, a millisecond either side, days later, or before the newest event).
 */
import fc from 'fast-check';
import { type Disposition, type Severity } from '../../events/event-catalogue';
import { type RuleEvent } from '../facts';
import * as g from './rulebook.given';

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
  // Sometimes before the newest event: the past, which only a replay answers.
  minutes: fc.integer({ min: -2 * DAY_MINUTES, max: 6 * DAY_MINUTES }),
  nudge: fc.constantFrom(-1, 0, 0, 1),
  incident: fc.option(incidentId, { nil: undefined }),
});

export interface Question {
  readonly asOf: number;
  readonly incidentId?: string;
}

/** The events in log order (positions 0…), and the questions asked after each of them. */
export interface RandomLedger {
  readonly events: readonly RuleEvent[];
  readonly questions: readonly (readonly Question[])[];
}

export const randomLedger: fc.Arbitrary<RandomLedger> = fc
  .array(fc.tuple(recorded, fc.array(asking, { maxLength: 2 })), { minLength: 1, maxLength: 40 })
  .map((drawn) => {
    const events: RuleEvent[] = [g.contracted().envelope(0)];
    const questions: Question[][] = [[]];
    // The ledger's clock: events are recorded in log order, each at or after the previous.
    let clock = 0;
    drawn.forEach(([{ make, occurred, lag, foreign }, asks], index) => {
      clock = Math.max(clock, occurred + lag);
      const envelope = make(occurred)
        .recordedAt(at(clock))
        .envelope(index + 1);
      events.push(foreign ? { ...envelope, engagementId: 'eng-2' } : envelope);
      questions.push(
        asks.map(({ minutes, nudge, incident }) => ({
          asOf: g.ms('D1 00:00') + (clock + minutes) * MINUTE + nudge,
          ...(incident ? { incidentId: incident } : {}),
        })),
      );
    });
    return { events, questions };
  });
