import {
  abandoned,
  amended,
  contracted,
  declined,
  evidenceOf,
  finding,
  findings,
  given,
  iso,
  noFinding,
  only,
  readsWell,
  requested,
  responded,
} from './testing/rulebook.given';

// Base SLA: a complete answer is due within critical 60 / high 240 / medium 1440 minutes.
// Contracted services: monitoring and incident_response.

describe('REQUEST_RESPONSE_LATE', () => {
  it('is not found for a complete answer within the SLA', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'), responded('12:00', 'r-1'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is not found for a complete answer exactly at the deadline', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'), responded('13:00', 'r-1'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is found for a complete answer after the deadline', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high').as('ask'),
      responded('13:45:20', 'r-1').as('answer'),
    )
      .when('D2 00:00')
      .then(
        finding('REQUEST_RESPONSE_LATE', {
          party: 'mssp',
          area: 'request_response',
          weight: 1,
          causal: false,
          subject: { kind: 'request', id: 'r-1' },
          dueAt: iso('13:00'),
          satisfiedAt: iso('13:45:20'),
          lateByMinutes: 45,
        }),
        noFinding('REQUEST_UNANSWERED'),
      );
    const late = only(verdict, 'REQUEST_RESPONSE_LATE');
    expect(evidenceOf(late)).toEqual(['ask ClientRequestMade', 'answer MsspResponded']);
    readsWell(late, '1 Mar 2024 13:45 UTC', '1 Mar 2024 13:00 UTC', '4-hour', '45 minutes');
  });

  it('is not met by a partial answer: only the first complete one counts', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      responded('10:00', 'r-1', false),
      responded('14:00', 'r-1', true),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_RESPONSE_LATE', { satisfiedAt: iso('14:00'), lateByMinutes: 60 }));
  });

  it('takes a backdated answer at its recording time', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      responded('12:00', 'r-1').recordedAt('13:30'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_RESPONSE_LATE', { satisfiedAt: iso('13:30'), lateByMinutes: 30 }));
    expect(only(verdict, 'REQUEST_RESPONSE_LATE').evidence[1]).toMatchObject({
      lateRecorded: true,
    });
  });

  it('uses an amendment in force when the request was made, not one after', () => {
    given(
      contracted(),
      amended('08:00', { sla: { requestResponseMinutes: { high: 480 } } }),
      requested('09:00', 'r-1', 'high'),
      responded('16:00', 'r-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      amended('10:00', { sla: { requestResponseMinutes: { high: 480 } } }),
      responded('16:00', 'r-1'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_RESPONSE_LATE', { dueAt: iso('13:00') }));
  });

  it('is owed by the owner of request response', () => {
    given(
      contracted({ responsibilities: { request_response: 'third_party' } }),
      requested('09:00', 'r-1', 'critical'),
      responded('10:30', 'r-1'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_RESPONSE_LATE', { party: 'third_party', dueAt: iso('10:00') }));
  });
});

describe('REQUEST_UNANSWERED', () => {
  it('is found when no complete answer came by asOf', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high').as('ask'),
      responded('10:00', 'r-1', false).as('partial'),
    )
      .when('D2 00:00')
      .then(
        finding('REQUEST_UNANSWERED', {
          party: 'mssp',
          area: 'request_response',
          weight: 2,
          causal: false,
          subject: { kind: 'request', id: 'r-1' },
          dueAt: iso('13:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('REQUEST_RESPONSE_LATE'),
      );
    const unanswered = only(verdict, 'REQUEST_UNANSWERED');
    expect(evidenceOf(unanswered)).toEqual(['ask ClientRequestMade', 'partial MsspResponded']);
    readsWell(unanswered, 'never', '1 Mar 2024 09:00 UTC', '1 Mar 2024 13:00 UTC');
  });

  it('is not found yet while the deadline is in the future, nor at the deadline', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'))
      .when('12:59')
      .then(noFinding());
    given(contracted(), requested('09:00', 'r-1', 'high'))
      .when('13:00')
      .then(noFinding());
  });

  it('is unanswered before a late answer is recorded, and late after', () => {
    const events = [contracted(), requested('09:00', 'r-1', 'high'), responded('15:00', 'r-1')];
    given(...events)
      .when('14:00')
      .then(findings('REQUEST_UNANSWERED r-1'));
    given(...events)
      .when('16:00')
      .then(findings('REQUEST_RESPONSE_LATE r-1'));
  });

  it('is not found for a request declined for another reason', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      declined('10:00', 'r-1', 'insufficient_information'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is not found for a request the MSSP declined as out of scope', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'), declined('14:00', 'r-1'))
      .when('D2 00:00')
      .then(findings('REQUEST_WRONGLY_DECLINED r-1'));
  });

  it('is replaced by REQUEST_ABANDONED for an abandoned request', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'), abandoned('14:00', 'r-1'))
      .when('D2 00:00')
      .then(findings('REQUEST_ABANDONED r-1'));
  });

  it('takes its deadline from the urgency and the terms when the request was made', () => {
    given(
      contracted(),
      amended('08:00', { sla: { requestResponseMinutes: { low: 30 } } }),
      requested('09:00', 'r-1', 'low'),
    )
      .when('10:00')
      .then(finding('REQUEST_UNANSWERED', { dueAt: iso('09:30') }));
  });
});

describe('REQUEST_WRONGLY_DECLINED', () => {
  it('is found when a request for a contracted service is declined as out of scope', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high', { service: 'incident_response' }).as('ask'),
      declined('09:20', 'r-1').as('decline'),
    )
      .when('D2 00:00')
      .then(
        finding('REQUEST_WRONGLY_DECLINED', {
          party: 'mssp',
          area: 'request_response',
          weight: 3,
          causal: false,
          subject: { kind: 'request', id: 'r-1' },
          dueAt: iso('09:20'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('SERVICE_NOT_CONTRACTED', 'REQUEST_UNANSWERED'),
      );
    const wrong = only(verdict, 'REQUEST_WRONGLY_DECLINED');
    expect(evidenceOf(wrong)).toEqual(['ask ClientRequestMade', 'decline RequestDeclined']);
    readsWell(wrong, '1 Mar 2024 09:20 UTC', 'incident response');
  });

  it('is not found when the decline gives another reason', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'), declined('09:20', 'r-1', 'other'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is found when an amendment in force at the decline had added the service', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high', { service: 'vulnerability_management' }),
      amended('09:10', {
        services: ['monitoring', 'incident_response', 'vulnerability_management'],
      }),
      declined('09:20', 'r-1'),
    )
      .when('D2 00:00')
      .then(findings('REQUEST_WRONGLY_DECLINED r-1'));
  });

  it('takes the decline at its recording time when it was backdated', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      declined('09:20', 'r-1').recordedAt('11:00'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_WRONGLY_DECLINED', { dueAt: iso('11:00') }));
    expect(only(verdict, 'REQUEST_WRONGLY_DECLINED').evidence[1]).toMatchObject({
      lateRecorded: true,
    });
  });

  it('is owed by the owner of request response at the decline', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      amended('09:10', { responsibilities: { request_response: 'third_party' } }),
      declined('09:20', 'r-1'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_WRONGLY_DECLINED', { party: 'third_party' }));
  });

  it('can come with REQUEST_ABANDONED: a decline does not end the conversation', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      declined('09:20', 'r-1'),
      abandoned('10:00', 'r-1'),
    )
      .when('D2 00:00')
      .then(findings('REQUEST_WRONGLY_DECLINED r-1', 'REQUEST_ABANDONED r-1'));
  });
});

describe('SERVICE_NOT_CONTRACTED', () => {
  it('is an informational finding on the client when the service was not bought', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high', { service: 'vulnerability_management' }).as('ask'),
      declined('09:20', 'r-1').as('decline'),
    )
      .when('D2 00:00')
      .then(
        finding('SERVICE_NOT_CONTRACTED', {
          party: 'client',
          area: 'incident_response',
          weight: 0,
          causal: false,
          subject: { kind: 'request', id: 'r-1' },
          dueAt: iso('09:20'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('REQUEST_WRONGLY_DECLINED', 'REQUEST_UNANSWERED'),
      );
    const info = only(verdict, 'SERVICE_NOT_CONTRACTED');
    expect(evidenceOf(info)).toEqual(['ask ClientRequestMade', 'decline RequestDeclined']);
    readsWell(info, '1 Mar 2024 09:20 UTC', 'vulnerability management');
    expect(verdict.primary).toBe('none');
  });

  it('applies to a request for a service outside the catalogue ("other")', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'low', { service: 'other' }),
      declined('09:20', 'r-1'),
    )
      .when('D2 00:00')
      .then(finding('SERVICE_NOT_CONTRACTED', { party: 'client' }));
  });

  it('applies when the client bought no incident response either', () => {
    given(
      contracted({ services: ['monitoring'] }),
      requested('09:00', 'r-1', 'high', { service: 'incident_response' }),
      declined('09:20', 'r-1'),
    )
      .when('D2 00:00')
      .then(finding('SERVICE_NOT_CONTRACTED', { party: 'client' }));
  });

  it('applies when an amendment in force at the decline had dropped the service', () => {
    given(
      contracted(),
      amended('08:00', { services: ['incident_response'] }),
      requested('09:00', 'r-1', 'high', { service: 'monitoring' }),
      declined('09:20', 'r-1'),
    )
      .when('D2 00:00')
      .then(findings('SERVICE_NOT_CONTRACTED r-1'));
  });
});

describe('REQUEST_ABANDONED', () => {
  it('is found when the client abandons a request before any complete answer', () => {
    const verdict = given(
      contracted(),
      requested('09:00', 'r-1', 'high').as('ask'),
      responded('09:30', 'r-1', false).as('partial'),
      abandoned('10:15', 'r-1').as('gone'),
      responded('11:00', 'r-1', false),
    )
      .when('D2 00:00')
      .then(
        finding('REQUEST_ABANDONED', {
          party: 'mssp',
          area: 'request_response',
          weight: 3,
          causal: false,
          subject: { kind: 'request', id: 'r-1' },
          dueAt: iso('10:15'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('REQUEST_UNANSWERED', 'REQUEST_RESPONSE_LATE'),
      );
    const gone = only(verdict, 'REQUEST_ABANDONED');
    expect(evidenceOf(gone)).toEqual([
      'ask ClientRequestMade',
      'partial MsspResponded',
      'gone RequestAbandoned',
    ]);
    readsWell(gone, '1 Mar 2024 10:15 UTC', '1 hour 15 minutes');
  });

  it('is not found when the request had been answered completely', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      responded('09:30', 'r-1'),
      abandoned('10:15', 'r-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('replaces REQUEST_UNANSWERED even after the deadline passed', () => {
    given(contracted(), requested('09:00', 'r-1', 'high'), abandoned('D2 09:00', 'r-1'))
      .when('D3 00:00')
      .then(findings('REQUEST_ABANDONED r-1'));
  });

  it('is still found when a complete answer came after the abandonment, which is also late', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      abandoned('10:00', 'r-1'),
      responded('14:00', 'r-1'),
    )
      .when('D2 00:00')
      .then(findings('REQUEST_ABANDONED r-1', 'REQUEST_RESPONSE_LATE r-1'));
  });

  it('takes a backdated abandonment at its recording time', () => {
    given(
      contracted(),
      requested('09:00', 'r-1', 'high'),
      abandoned('09:30', 'r-1').recordedAt('10:30'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_ABANDONED', { dueAt: iso('10:30') }));
  });

  it('is owed by the owner of request response when the request was made', () => {
    given(
      contracted(),
      amended('08:00', { responsibilities: { request_response: 'third_party' } }),
      requested('09:00', 'r-1', 'high'),
      abandoned('10:00', 'r-1'),
    )
      .when('D2 00:00')
      .then(finding('REQUEST_ABANDONED', { party: 'third_party' }));
  });
});
