import {
  EVENT_TYPES,
  type EventType,
  PARTIES,
  type Party,
  RECORDERS,
} from '../events/event-catalogue';
import {
  type AggregateState,
  decide,
  type EngagementState,
  evolveAggregate,
  evolveEngagement,
  INITIAL_AGGREGATE,
  INITIAL_ENGAGEMENT,
  type RecordedFact,
  type Rejection,
  type RuleCode,
} from './consistency';
import { type AggregateRef, aggregateOf, streamName } from './streams';

const T0 = Date.UTC(2024, 0, 1, 9, 0);
const contract: RecordedFact = {
  type: 'EngagementContracted',
  data: { sla: { acknowledgeMinutes: {}, requestResponseMinutes: {} } },
};

/**
 * given(the ledger's events).when(a new event by a party).then(accepted | refused with a rule).
 * The ledger is modelled as streams, exactly as the recorder sees it.
 */
function given(...events: Array<RecordedFact & { party?: Party }>) {
  const streams = new Map<string, AggregateState>();
  let engagement: EngagementState = INITIAL_ENGAGEMENT;
  events.forEach((event, i) => {
    engagement = evolveEngagement(engagement, event);
    const stream = streamName('e', aggregateOf(event.type, event.data, `given-${i}`));
    streams.set(stream, evolveAggregate(streams.get(stream) ?? INITIAL_AGGREGATE, event));
  });
  return {
    when(
      type: EventType,
      data: Record<string, unknown>,
      party: Party,
      times = { occurredAt: T0, recordedAt: T0 },
    ) {
      const outcome = decide(
        { id: 'new', type, party, data, ...times },
        {
          engagement,
          subject:
            streams.get(streamName('e', aggregateOf(type, data, 'new'))) ?? INITIAL_AGGREGATE,
          exists: (ref: AggregateRef) => streams.has(streamName('e', ref)),
        },
      );
      return {
        thenAccepted: () => expect(outcome).toBeUndefined(),
        thenRefused: (rule: RuleCode, status: Rejection['status'], path: string) =>
          expect(outcome).toMatchObject({ rule, status, path }),
      };
    },
  };
}

const alert = (type: EventType, extra: Record<string, unknown> = {}): RecordedFact => ({
  type,
  data: { alertId: 'a-1', severity: 'high', title: 't', ...extra },
});

describe('consistency rules (events.md)', () => {
  describe('engagement', () => {
    it('EngagementContracted comes first: the operator may contract a new engagement', () => {
      given().when('EngagementContracted', contract.data, 'operator').thenAccepted();
    });
    it('EngagementContracted comes once', () => {
      given(contract)
        .when('EngagementContracted', contract.data, 'operator')
        .thenRefused('ENGAGEMENT_ALREADY_CONTRACTED', 409, 'type');
    });
    it('an event before EngagementContracted names an unknown engagement', () => {
      given()
        .when('AlertRaised', alert('AlertRaised').data, 'mssp')
        .thenRefused('ENGAGEMENT_UNKNOWN', 404, 'engagementId');
    });
    it('after EngagementTerminated only the operator records', () => {
      const terminated = [
        contract,
        { type: 'EngagementTerminated' as const, data: { reason: 'end' } },
      ];
      given(...terminated)
        .when('AlertRaised', alert('AlertRaised').data, 'mssp')
        .thenRefused('ENGAGEMENT_TERMINATED', 409, 'engagementId');
      given(...terminated)
        .when('EngagementAmended', { endsAt: '2025-01-01T00:00:00.000Z' }, 'operator')
        .thenAccepted();
    });
  });

  describe('references to ids that do not exist yet', () => {
    it.each<[EventType, Record<string, unknown>, Party, string]>([
      ['AlertAcknowledged', { alertId: 'a-1' }, 'mssp', 'data.alertId'],
      ['ClientNotified', { alertId: 'a-1', channel: 'phone' }, 'mssp', 'data.alertId'],
      ['ClientAcknowledged', { alertId: 'a-1' }, 'client', 'data.alertId'],
      ['AlertClosed', { alertId: 'a-1', disposition: 'benign' }, 'mssp', 'data.alertId'],
      ['TestNoticeAcknowledged', { testId: 't-1' }, 'mssp', 'data.testId'],
      ['TestNoticeWithdrawn', { testId: 't-1' }, 'client', 'data.testId'],
      [
        'MsspResponded',
        { requestId: 'r-1', answer: 'x', complete: true },
        'mssp',
        'data.requestId',
      ],
      ['RequestDeclined', { requestId: 'r-1', reason: 'other' }, 'mssp', 'data.requestId'],
      ['RequestAbandoned', { requestId: 'r-1' }, 'client', 'data.requestId'],
      ['RecommendationAccepted', { recommendationId: 'rec-1' }, 'client', 'data.recommendationId'],
      [
        'RecommendationDeclined',
        { recommendationId: 'rec-1', rationale: 'no' },
        'client',
        'data.recommendationId',
      ],
      [
        'RiskAccepted',
        { recommendationId: 'rec-1', rationale: 'ok', approver: 'CFO' },
        'client',
        'data.recommendationId',
      ],
      ['RemediationCompleted', { recommendationId: 'rec-1' }, 'client', 'data.recommendationId'],
      ['IncidentLinked', { incidentId: 'i-1' }, 'mssp', 'data.incidentId'],
      [
        'BreachConfirmed',
        { incidentId: 'i-1', rootCause: { kind: 'other' } },
        'client',
        'data.incidentId',
      ],
      ['IncidentResolved', { incidentId: 'i-1' }, 'client', 'data.incidentId'],
    ])('%s of an unknown subject is refused', (type, data, party, path) => {
      given(contract).when(type, data, party).thenRefused('SUBJECT_UNKNOWN', 409, path);
    });

    it.each<[EventType, Record<string, unknown>, Party, string]>([
      [
        'AlertClosed',
        { alertId: 'a-1', disposition: 'authorized_test', testId: 'ghost' },
        'mssp',
        'data.testId',
      ],
      [
        'ClientRequestMade',
        { requestId: 'r-1', service: 'other', urgency: 'low', question: '?', incidentId: 'ghost' },
        'client',
        'data.incidentId',
      ],
      [
        'ClientRequestMade',
        { requestId: 'r-1', service: 'other', urgency: 'low', question: '?', alertId: 'ghost' },
        'client',
        'data.alertId',
      ],
      [
        'IncidentDeclared',
        { incidentId: 'i-2', title: 't', severity: 'high', alertIds: ['a-1', 'ghost'] },
        'mssp',
        'data.alertIds[1]',
      ],
      [
        'IncidentLinked',
        { incidentId: 'i-1', requestIds: ['ghost'] },
        'mssp',
        'data.requestIds[0]',
      ],
      ['IncidentLinked', { incidentId: 'i-1', testIds: ['ghost'] }, 'mssp', 'data.testIds[0]'],
      [
        'BreachConfirmed',
        { incidentId: 'i-1', rootCause: { kind: 'coverage_gap', sensorId: 'ghost' } },
        'client',
        'data.rootCause.sensorId',
      ],
      [
        'BreachConfirmed',
        { incidentId: 'i-1', rootCause: { kind: 'other', recommendationId: 'ghost' } },
        'client',
        'data.rootCause.recommendationId',
      ],
      [
        'BreachConfirmed',
        { incidentId: 'i-1', rootCause: { kind: 'other', requestId: 'ghost' } },
        'client',
        'data.rootCause.requestId',
      ],
    ])('%s naming an unknown id is refused (%#)', (type, data, party, path) => {
      const ledger = [
        contract,
        alert('AlertRaised'),
        { type: 'IncidentDeclared' as const, data: { incidentId: 'i-1' } },
      ];
      given(...ledger)
        .when(type, data, party)
        .thenRefused('REFERENCE_UNKNOWN', 409, path);
    });

    it('the same references are accepted once the ids exist', () => {
      const ledger = [
        contract,
        alert('AlertRaised'),
        { type: 'IncidentDeclared' as const, data: { incidentId: 'i-1' } },
        { type: 'TestConducted' as const, data: { testId: 't-1' } },
        { type: 'SensorDeployed' as const, data: { sensorId: 's-1' } },
      ];
      given(...ledger)
        .when(
          'AlertClosed',
          { alertId: 'a-1', disposition: 'authorized_test', testId: 't-1' },
          'mssp',
        )
        .thenAccepted();
      given(...ledger)
        .when(
          'IncidentLinked',
          { incidentId: 'i-1', alertIds: ['a-1'], testIds: ['t-1'] },
          'client',
        )
        .thenAccepted();
      given(...ledger)
        .when(
          'BreachConfirmed',
          { incidentId: 'i-1', rootCause: { kind: 'coverage_gap', sensorId: 's-1' } },
          'third_party',
        )
        .thenAccepted();
    });

    it('a TestConducted with a testId no notice announced is allowed: it makes the test known', () => {
      given(contract)
        .when(
          'TestConducted',
          { testId: 'surprise', tester: 'x', startedAt: 'a', endedAt: 'b' },
          'client',
        )
        .thenAccepted();
    });
  });

  describe('ids used twice', () => {
    it('raising the same alertId twice is refused', () => {
      given(contract, alert('AlertRaised'))
        .when('AlertRaised', alert('AlertRaised').data, 'mssp')
        .thenRefused('ID_ALREADY_USED', 409, 'data.alertId');
    });
    it('closing an alert twice is refused', () => {
      given(contract, alert('AlertRaised'), alert('AlertClosed', { disposition: 'benign' }))
        .when('AlertClosed', { alertId: 'a-1', disposition: 'true_positive' }, 'mssp')
        .thenRefused('ALERT_ALREADY_CLOSED', 409, 'data.alertId');
    });
    it('filing the same testId twice is refused, but a notice after the test itself is possible', () => {
      const notice = { type: 'TestNoticeFiled' as const, data: { testId: 't-1' } };
      given(contract, notice)
        .when('TestNoticeFiled', notice.data, 'client')
        .thenRefused('ID_ALREADY_USED', 409, 'data.testId');
      given(contract, { type: 'TestConducted', data: { testId: 't-1' } })
        .when('TestNoticeFiled', notice.data, 'client')
        .thenAccepted();
    });
    it.each<[EventType, Record<string, unknown>, Party, string]>([
      ['ClientRequestMade', { requestId: 'r-1' }, 'client', 'data.requestId'],
      ['RecommendationIssued', { recommendationId: 'rec-1' }, 'mssp', 'data.recommendationId'],
      ['IncidentDeclared', { incidentId: 'i-1' }, 'mssp', 'data.incidentId'],
    ])('%s with an id already used is refused', (type, data, party, path) => {
      given(contract, { type, data })
        .when(type, data, party)
        .thenRefused('ID_ALREADY_USED', 409, path);
    });
    it('odd but possible sequences are kept: acknowledging a closed alert, answering a declined request', () => {
      given(contract, alert('AlertRaised'), alert('AlertClosed', { disposition: 'benign' }))
        .when('AlertAcknowledged', { alertId: 'a-1' }, 'mssp')
        .thenAccepted();
      const request = { type: 'ClientRequestMade' as const, data: { requestId: 'r-1' } };
      given(contract, request, { type: 'RequestDeclined', data: { requestId: 'r-1' } })
        .when('MsspResponded', { requestId: 'r-1', answer: 'ok', complete: true }, 'mssp')
        .thenAccepted();
    });
  });

  describe('times', () => {
    it('occurredAt more than 5 minutes after recordedAt is refused; 5 minutes exactly is accepted', () => {
      const data = alert('AlertRaised').data;
      given(contract)
        .when('AlertRaised', data, 'mssp', { occurredAt: T0 + 5 * 60_000 + 1, recordedAt: T0 })
        .thenRefused('OCCURRED_IN_FUTURE', 400, 'occurredAt');
      given(contract)
        .when('AlertRaised', data, 'mssp', { occurredAt: T0 + 5 * 60_000, recordedAt: T0 })
        .thenAccepted();
    });
  });

  describe('who may record what (every type × every party)', () => {
    const rows = EVENT_TYPES.flatMap((type) =>
      PARTIES.map((party) => [type, party, RECORDERS[type].includes(party)] as const),
    );
    it.each(rows)('%s by %s: allowed = %p', (type, party, allowed) => {
      const outcome = decide(
        { id: 'x', type, party, data: {}, occurredAt: T0, recordedAt: T0 },
        { engagement: INITIAL_ENGAGEMENT, subject: INITIAL_AGGREGATE, exists: () => true },
      );
      if (allowed) {
        expect(outcome?.rule).not.toBe('PARTY_MAY_NOT_RECORD');
      } else {
        expect(outcome).toMatchObject({ rule: 'PARTY_MAY_NOT_RECORD', status: 403, path: 'party' });
        expect(outcome!.message).toContain(type);
      }
    });
  });
});
