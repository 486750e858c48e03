import {
  abandoned,
  acknowledged,
  breachConfirmed,
  clientAcknowledged,
  closed,
  conducted,
  contracted,
  covered,
  declined,
  deployed,
  findings,
  given,
  type Given,
  gapReported,
  incidentDeclared,
  incidentLinked,
  incidentResolved,
  iso,
  noticeFiled,
  notified,
  raised,
  readsWell,
  recommendationDeclined,
  recommended,
  requested,
  responded,
  riskAccepted,
  short,
  shuffled,
} from './testing/rulebook.given';
import { computeVerdict } from './verdict';
import { FINDING_CODES, RULES_VERSION, type Verdict } from './verdict.types';

const causalOf = (verdict: Verdict) =>
  verdict.findings.filter((f) => f.causal).map((f) => `${f.code} ${f.subject.id}`);

/** One ledger that draws every finding code once, as of D40 00:00. */
function everything(): Given[] {
  return [
    contracted(),
    // Alerts on D2 (medium: 60 min to acknowledge; high: 15 to acknowledge, 60 to notify).
    raised('D2 09:00', 'a-ack-late', 'medium'),
    acknowledged('D2 10:30', 'a-ack-late'),
    raised('D2 09:00', 'a-ack-missed', 'medium'),
    raised('D2 09:00', 'a-notify-late', 'high'),
    acknowledged('D2 09:05', 'a-notify-late'),
    notified('D2 10:30', 'a-notify-late'),
    clientAcknowledged('D2 10:40', 'a-notify-late'),
    raised('D2 09:00', 'a-notify-missed', 'high'),
    acknowledged('D2 09:05', 'a-notify-missed'),
    raised('D2 09:00', 'a-unacknowledged', 'high'),
    acknowledged('D2 09:05', 'a-unacknowledged'),
    notified('D2 09:20', 'a-unacknowledged'),
    // Tests on D5 (notices due 24 hours ahead).
    conducted('D5 13:00', { testId: 'pt-unannounced', from: 'D5 10:00', to: 'D5 12:00' }),
    noticeFiled('D5 06:00', 'pt-late', ['D5 09:00', 'D5 13:00']),
    conducted('D5 13:00', { testId: 'pt-late', from: 'D5 10:00', to: 'D5 12:00' }),
    noticeFiled('D2 06:00', 'pt-out', ['D5 09:00', 'D5 13:00']),
    conducted('D5 15:00', { testId: 'pt-out', from: 'D5 10:00', to: 'D5 14:00' }),
    // Requests on D3 (high: 240 minutes).
    requested('D3 09:00', 'r-late', 'high'),
    responded('D3 14:00', 'r-late'),
    requested('D3 09:00', 'r-unanswered', 'high'),
    requested('D3 09:00', 'r-wrong', 'high'),
    declined('D3 09:30', 'r-wrong'),
    requested('D3 09:00', 'r-not-bought', 'high', { service: 'vulnerability_management' }),
    declined('D3 09:30', 'r-not-bought'),
    requested('D3 09:00', 'r-abandoned', 'high'),
    abandoned('D3 10:00', 'r-abandoned'),
    // Coverage: a gap from D2 never reported, and nothing reported after it.
    deployed('D1 00:00', 's-1'),
    short('D2 00:00', 's-1'),
    // Recommendations.
    recommended('D1 12:00', 'rec-overdue', 'D10 00:00'),
    recommended('D1 12:00', 'rec-declined', 'D10 00:00'),
    recommendationDeclined('D4 12:00', 'rec-declined'),
    recommended('D1 12:00', 'rec-risk', 'D10 00:00'),
    riskAccepted('D4 12:00', 'rec-risk'),
  ];
}

describe('every finding code', () => {
  const verdict = given(...everything())
    .when('D40 00:00')
    .then();

  it('is drawn by the catalogue ledger, once each', () => {
    expect(verdict.findings.map((f) => f.code).sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each(FINDING_CODES.map((code) => [code]))(
    '%s reads as one sentence naming its subject and a time',
    (code) => {
      readsWell(verdict.findings.find((f) => f.code === code)!);
    },
  );

  it('satisfiedAt and lateByMinutes are null together, and lateness is whole minutes', () => {
    for (const f of verdict.findings) {
      expect(f.satisfiedAt === null).toBe(f.lateByMinutes === null);
      if (f.satisfiedAt !== null)
        expect(f.lateByMinutes).toBe(
          Math.floor((Date.parse(f.satisfiedAt) - Date.parse(f.dueAt)) / 60_000),
        );
    }
  });

  it('names the rules version, the engagement and asOf, and tallies the parties', () => {
    expect(verdict).toMatchObject({
      engagementId: 'eng-1',
      incidentId: null,
      asOf: iso('D40 00:00'),
      rulesVersion: RULES_VERSION,
    });
    for (const party of ['client', 'mssp', 'third_party'] as const) {
      const mine = verdict.findings.filter((f) => f.party === party);
      expect(verdict.parties[party]).toEqual({
        findings: mine.length,
        weight: mine.reduce((sum, f) => sum + f.weight, 0),
      });
    }
  });

  it('is the same verdict, byte for byte, whatever order the events come in', () => {
    const { envelopes } = given(...everything());
    const json = (events: typeof envelopes) =>
      JSON.stringify(computeVerdict('eng-1', events, { asOf: Date.parse(iso('D40 00:00')) }));
    const expected = json(envelopes);
    expect(json(shuffled(envelopes, 1))).toBe(expected);
    expect(json(shuffled(envelopes, 2))).toBe(expected);
    expect(json([...envelopes].reverse())).toBe(expected);
  });
});

describe('the ledger read', () => {
  it('ignores events of other engagements', () => {
    const { envelopes } = given(contracted(), raised('09:00', 'a-1', 'medium'));
    const foreign = { ...envelopes[1]!, id: 'foreign', engagementId: 'eng-2', position: 2 };
    const outcome = computeVerdict('eng-1', [...envelopes, foreign], {
      asOf: Date.parse(iso('D2 00:00')),
    });
    expect(outcome.ok && outcome.verdict.findings.map((f) => f.evidence[0]!.eventId)).toEqual([
      'ev-1',
    ]);
  });

  it('gives an incident verdict byte for byte the same whatever the order of events', () => {
    const { envelopes } = given(
      ...everything(),
      incidentDeclared('D5 16:00', 'inc-1', ['a-ack-missed', 'a-notify-missed']),
      incidentLinked('D5 16:00', 'inc-1', { requestIds: ['r-wrong'], testIds: ['pt-out'] }),
      breachConfirmed('D6 00:00', 'inc-1', { kind: 'coverage_gap', sensorId: 's-1' }, 'D4 00:00'),
    );
    const json = (events: typeof envelopes) =>
      JSON.stringify(
        computeVerdict('eng-1', events, {
          asOf: Date.parse(iso('D40 00:00')),
          incidentId: 'inc-1',
        }),
      );
    expect(json(shuffled(envelopes, 3))).toBe(json(envelopes));
    expect(JSON.parse(json(envelopes))).toMatchObject({ ok: true, verdict: { primary: 'mssp' } });
  });
});

describe('ordering', () => {
  it('orders findings by dueAt, then code, then subject id', () => {
    given(
      contracted(),
      raised('09:00', 'a-2', 'medium'),
      raised('09:00', 'a-10', 'medium'),
      requested('09:00', 'r-1', 'critical'),
      raised('08:00', 'a-9', 'medium'),
    )
      .when('D2 00:00')
      .then(
        findings(
          'ALERT_ACK_MISSED a-9',
          'ALERT_ACK_MISSED a-10',
          'ALERT_ACK_MISSED a-2',
          'REQUEST_UNANSWERED r-1',
        ),
      );
  });
});

describe('INCIDENT_UNKNOWN', () => {
  it('refuses an incident never declared', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'))
      .when('D2 00:00', 'inc-404')
      .thenRefused('INCIDENT_UNKNOWN');
  });

  it('refuses an incident declared only after asOf', () => {
    given(contracted(), incidentDeclared('D3 00:00', 'inc-1'))
      .when('D2 00:00', 'inc-1')
      .thenRefused('INCIDENT_UNKNOWN');
  });

  it('refuses an incident recorded after asOf, whatever it claims', () => {
    given(contracted(), incidentDeclared('D1 09:00', 'inc-1').recordedAt('D3 00:00'))
      .when('D2 00:00', 'inc-1')
      .thenRefused('INCIDENT_UNKNOWN');
  });

  it('gives an empty verdict for a declared incident without findings', () => {
    const verdict = given(contracted(), incidentDeclared('D1 09:00', 'inc-1'))
      .when('D2 00:00', 'inc-1')
      .then(findings());
    expect(verdict).toMatchObject({ incidentId: 'inc-1', primary: 'none' });
  });

  it('refuses an engagement with no contract as ENGAGEMENT_UNKNOWN', () => {
    given().when('D2 00:00').thenRefused('ENGAGEMENT_UNKNOWN');
    given(contracted().recordedAt('D3 00:00')).when('D2 00:00').thenRefused('ENGAGEMENT_UNKNOWN');
  });
});

describe('incident scope', () => {
  it('keeps alerts declared with the incident or linked to it, and no others', () => {
    given(
      contracted(),
      raised('09:00', 'a-declared', 'medium'),
      raised('09:00', 'a-linked', 'medium'),
      raised('09:00', 'a-other', 'medium'),
      incidentDeclared('10:00', 'inc-1', ['a-declared']),
      incidentLinked('11:00', 'inc-1', { alertIds: ['a-linked'] }),
      incidentLinked('11:00', 'inc-2', { alertIds: ['a-other'] }),
    )
      .when('D2 00:00', 'inc-1')
      .then(findings('ALERT_ACK_MISSED a-declared', 'ALERT_ACK_MISSED a-linked'));
  });

  it('keeps requests made for the incident or linked to it, and no others', () => {
    given(
      contracted(),
      incidentDeclared('08:00', 'inc-1'),
      requested('09:00', 'r-for', 'critical', { incidentId: 'inc-1' }),
      requested('09:00', 'r-linked', 'critical'),
      requested('09:00', 'r-other', 'critical', { incidentId: 'inc-2' }),
      incidentLinked('09:30', 'inc-1', { requestIds: ['r-linked'] }),
    )
      .when('D2 00:00', 'inc-1')
      .then(findings('REQUEST_UNANSWERED r-for', 'REQUEST_UNANSWERED r-linked'));
  });

  it('keeps tests linked, running when an incident alert was raised, or named by its closure', () => {
    given(
      contracted(),
      conducted('D5 13:00', { testId: 'pt-linked', from: 'D5 01:00', to: 'D5 02:00' }),
      conducted('D5 13:00', { testId: 'pt-during', from: 'D5 03:00', to: 'D5 05:00' }),
      conducted('D5 13:00', { testId: 'pt-named', from: 'D5 06:00', to: 'D5 07:00' }),
      conducted('D5 13:00', { testId: 'pt-other', from: 'D5 08:00', to: 'D5 09:00' }),
      raised('D5 04:00', 'a-1', 'low'),
      acknowledged('D5 04:01', 'a-1'),
      raised('D5 10:00', 'a-2', 'low'),
      closed('D5 10:05', 'a-2', 'authorized_test', 'pt-named'),
      incidentDeclared('D5 14:00', 'inc-1', ['a-1', 'a-2']),
      incidentLinked('D5 14:00', 'inc-1', { testIds: ['pt-linked'] }),
    )
      .when('D6 00:00', 'inc-1')
      .then(
        findings(
          'TEST_UNANNOUNCED pt-linked',
          'TEST_UNANNOUNCED pt-during',
          'TEST_UNANNOUNCED pt-named',
        ),
      );
  });

  it('keeps an alert closed as an unexplained authorised test when the alert is in it', () => {
    given(
      contracted(),
      raised('D5 10:00', 'a-1', 'low'),
      closed('D5 10:05', 'a-1', 'authorized_test'),
      raised('D5 10:00', 'a-2', 'low'),
      closed('D5 10:05', 'a-2', 'authorized_test'),
      incidentDeclared('D5 14:00', 'inc-1', ['a-1']),
    )
      .when('D6 00:00', 'inc-1')
      .then(findings('TEST_UNANNOUNCED a-1'));
  });

  it('keeps coverage findings whose interval overlaps the incident window, ends included', () => {
    const ledger = [
      contracted(),
      deployed('D1 00:00', 's-before'),
      short('D2 00:00', 's-before'),
      covered('D4 00:00', 's-before'),
      deployed('D1 00:00', 's-touching'),
      short('D2 00:00', 's-touching'),
      covered('D5 00:00', 's-touching'),
      deployed('D1 00:00', 's-during'),
      short('D6 00:00', 's-during'),
      deployed('D1 00:00', 's-after'),
      short('D8 00:00', 's-after'),
      incidentDeclared('D5 00:00', 'inc-1'),
      incidentResolved('D7 00:00', 'inc-1'),
    ];
    given(...ledger)
      .when('D9 00:00', 'inc-1')
      .then(findings('COVERAGE_GAP s-touching', 'COVERAGE_GAP s-during'));
  });

  it('opens the window at the first compromise or the earliest incident alert', () => {
    const events = [
      contracted(),
      deployed('D1 00:00', 's-0'),
      short('D1 12:00', 's-0'),
      covered('D2 23:59', 's-0'),
      deployed('D1 00:00', 's-1'),
      short('D2 00:00', 's-1'),
      covered('D3 00:00', 's-1'),
      deployed('D1 00:00', 's-2'),
      short('D4 00:00', 's-2'),
      covered('D4 06:00', 's-2'),
      raised('D4 06:00', 'a-1', 'low'),
      acknowledged('D4 06:01', 'a-1'),
      incidentDeclared('D6 00:00', 'inc-compromise', ['a-1']),
      breachConfirmed('D6 01:00', 'inc-compromise', { kind: 'other' }, 'D3 00:00'),
      incidentDeclared('D6 00:00', 'inc-alert', ['a-1']),
    ];
    given(...events)
      .when('D9 00:00', 'inc-compromise')
      .then(findings('COVERAGE_GAP s-1', 'COVERAGE_GAP s-2'));
    given(...events)
      .when('D9 00:00', 'inc-alert')
      .then(findings('COVERAGE_GAP s-2'));
  });

  it('ends a cut gap at its cut for scope', () => {
    given(
      contracted(),
      deployed('D1 00:00', 's-1'),
      short('D2 00:00', 's-1'),
      recommended('D2 06:00', 'rec-1', 'D30 00:00', { sensorId: 's-1' }),
      recommendationDeclined('D3 00:00', 'rec-1'),
      incidentDeclared('D5 00:00', 'inc-1'),
    )
      .when('D6 00:00', 'inc-1')
      .then(findings('RECOMMENDATION_DECLINED rec-1'));
  });

  it('keeps recommendation findings due before the window ends', () => {
    given(
      contracted(),
      recommended('D1 12:00', 'rec-before', 'D4 00:00'),
      recommended('D1 12:00', 'rec-at-end', 'D7 00:00'),
      recommended('D1 12:00', 'rec-after', 'D10 00:00'),
      incidentDeclared('D5 00:00', 'inc-1'),
      incidentResolved('D7 00:00', 'inc-1'),
    )
      .when('D20 00:00', 'inc-1')
      .then(findings('RECOMMENDATION_OVERDUE rec-before'));
  });

  it('keeps a decline made long before the incident, as it is due before the window ends', () => {
    given(
      contracted(),
      recommended('D1 12:00', 'rec-mfa', 'D30 00:00'),
      recommendationDeclined('D2 00:00', 'rec-mfa'),
      incidentDeclared('D20 00:00', 'inc-1'),
    )
      .when('D21 00:00', 'inc-1')
      .then(findings('RECOMMENDATION_DECLINED rec-mfa'));
  });
});

describe('causality', () => {
  const incident = (rootCause: Parameters<typeof breachConfirmed>[2]) => [
    incidentDeclared('D8 00:00', 'inc-1', ['a-1', 'a-2']),
    incidentLinked('D8 00:00', 'inc-1', {
      requestIds: ['r-1', 'r-2'],
      testIds: ['pt-1', 'pt-2'],
    }),
    breachConfirmed('D8 01:00', 'inc-1', rootCause),
  ];
  const ledger = [
    contracted(),
    raised('D2 09:00', 'a-1', 'medium'),
    raised('D2 09:00', 'a-2', 'medium'),
    requested('D2 09:00', 'r-1', 'critical'),
    requested('D2 09:00', 'r-2', 'critical'),
    conducted('D5 13:00', { testId: 'pt-1', from: 'D5 10:00', to: 'D5 12:00' }),
    conducted('D5 13:00', { testId: 'pt-2', from: 'D5 10:00', to: 'D5 12:00' }),
    noticeFiled('D5 06:00', 'pt-3', ['D5 09:00', 'D5 13:00']),
    conducted('D5 13:00', { testId: 'pt-3', from: 'D5 10:00', to: 'D5 12:00' }),
    incidentLinked('D8 00:00', 'inc-1', { testIds: ['pt-3'] }),
    deployed('D1 00:00', 's-1'),
    short('D1 06:00', 's-1'),
    deployed('D1 00:00', 's-2'),
    short('D1 06:00', 's-2'),
    gapReported('D1 07:00', 's-2'),
    recommended('D1 12:00', 'rec-1', 'D3 00:00'),
    recommended('D1 12:00', 'rec-2', 'D3 00:00'),
  ];

  it('is nothing without a breach', () => {
    const verdict = given(...ledger, incidentDeclared('D8 00:00', 'inc-1'))
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual([]);
  });

  it('follows rootCause.alertId to every finding about that alert', () => {
    const verdict = given(...ledger, ...incident({ kind: 'other', alertId: 'a-1' }))
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual(['ALERT_ACK_MISSED a-1']);
  });

  it('follows rootCause.requestId', () => {
    const verdict = given(...ledger, ...incident({ kind: 'other', requestId: 'r-2' }))
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual(['REQUEST_UNANSWERED r-2']);
  });

  it('follows rootCause.testId, to that test only', () => {
    const verdict = given(...ledger, ...incident({ kind: 'unannounced_test', testId: 'pt-2' }))
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual(['TEST_UNANNOUNCED pt-2']);
  });

  it('makes every TEST_UNANNOUNCED in scope causal for an unannounced test without testId', () => {
    const verdict = given(...ledger, ...incident({ kind: 'unannounced_test' }))
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual(['TEST_UNANNOUNCED pt-1', 'TEST_UNANNOUNCED pt-2']);
  });

  it('follows rootCause.sensorId to every coverage finding of that sensor', () => {
    const verdict = given(...ledger, ...incident({ kind: 'coverage_gap', sensorId: 's-1' }))
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual(['COVERAGE_GAP s-1', 'COVERAGE_GAP_UNREPORTED s-1']);
  });

  it('follows rootCause.recommendationId', () => {
    const verdict = given(
      ...ledger,
      ...incident({ kind: 'unpatched_vulnerability', recommendationId: 'rec-2' }),
    )
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual(['RECOMMENDATION_OVERDUE rec-2']);
  });

  it("ignores another incident's breach in an incident verdict, not in an engagement-wide one", () => {
    const events = [
      ...ledger,
      incidentDeclared('D8 00:00', 'inc-1', ['a-1']),
      incidentDeclared('D8 00:00', 'inc-2', ['a-1']),
      breachConfirmed('D8 01:00', 'inc-2', { kind: 'other', alertId: 'a-1' }),
    ];
    expect(
      causalOf(
        given(...events)
          .when('D10 00:00', 'inc-1')
          .then(),
      ),
    ).toEqual([]);
    expect(
      causalOf(
        given(...events)
          .when('D10 00:00')
          .then(),
      ),
    ).toEqual(['ALERT_ACK_MISSED a-1']);
  });

  it('does not see a breach recorded after asOf', () => {
    const verdict = given(
      ...ledger,
      incidentDeclared('D8 00:00', 'inc-1', ['a-1']),
      breachConfirmed('D8 01:00', 'inc-1', { kind: 'other', alertId: 'a-1' }).recordedAt(
        'D11 00:00',
      ),
    )
      .when('D10 00:00', 'inc-1')
      .then();
    expect(causalOf(verdict)).toEqual([]);
  });
});

describe('primary', () => {
  const unanswered = requested('09:00', 'r-1', 'critical'); // mssp, weight 2
  const overdue = [recommended('08:00', 'rec-1', '12:00'), recommended('08:00', 'rec-2', '12:00')];

  it('is the single party of the causal findings, whatever the weights', () => {
    given(
      contracted(),
      unanswered,
      ...overdue, // client, weight 8
      incidentDeclared('13:00', 'inc-1'),
      breachConfirmed('13:00', 'inc-1', { kind: 'other', requestId: 'r-1' }),
    )
      .when('D2 00:00')
      .then((v) => expect(v.primary).toBe('mssp'));
  });

  it('is shared when causal findings name more than one party', () => {
    given(
      contracted(),
      unanswered,
      ...overdue,
      incidentDeclared('13:00', 'inc-1'),
      breachConfirmed('13:00', 'inc-1', { kind: 'other', requestId: 'r-1' }),
      breachConfirmed('13:00', 'inc-1', { kind: 'other', recommendationId: 'rec-1' }),
    )
      .when('D2 00:00')
      .then((v) => expect(v.primary).toBe('shared'));
  });

  it('ignores causal findings of weight 0 and falls back to the largest weight', () => {
    given(
      contracted(),
      requested('09:00', 'r-0', 'high', { service: 'other' }),
      declined('09:10', 'r-0'),
      unanswered,
      incidentDeclared('13:00', 'inc-1'),
      breachConfirmed('13:00', 'inc-1', { kind: 'other', requestId: 'r-0' }),
    )
      .when('D2 00:00')
      .then(
        findings('SERVICE_NOT_CONTRACTED r-0', 'REQUEST_UNANSWERED r-1'),
        (v) => expect(v.primary).toBe('mssp'),
        (v) => expect(v.findings[0]).toMatchObject({ causal: true, weight: 0, party: 'client' }),
      );
  });

  it('is the party with the largest weight when nothing is causal', () => {
    given(contracted(), unanswered, ...overdue)
      .when('D2 00:00')
      .then((v) => expect(v.primary).toBe('client'));
  });

  it('is shared on a tie of weights', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'), // mssp, weight 3
      conducted('10:00', { testId: 'pt-1', from: '08:00', to: '09:00' }), // client, weight 3
    )
      .when('D2 00:00')
      .then(findings('TEST_UNANNOUNCED pt-1', 'ALERT_ACK_MISSED a-1'), (v) =>
        expect(v.primary).toBe('shared'),
      );
  });

  it('is none without findings of weight above 0', () => {
    given(contracted())
      .when('D2 00:00')
      .then((v) => expect(v.primary).toBe('none'));
    given(contracted(), recommended('08:00', 'rec-1', 'D9 00:00'), riskAccepted('09:00', 'rec-1'))
      .when('D2 00:00')
      .then(findings('RISK_ACCEPTED rec-1'), (v) => expect(v.primary).toBe('none'));
  });
});
