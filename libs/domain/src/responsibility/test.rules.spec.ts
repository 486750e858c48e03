import {
  acknowledged,
  amended,
  closed,
  conducted,
  contracted,
  evidenceOf,
  finding,
  findings,
  given,
  iso,
  noFinding,
  noticeFiled,
  noticeWithdrawn,
  notified,
  only,
  raised,
  readsWell,
} from './testing/rulebook.given';

// Base SLA: a notice is due testNoticeLeadHours = 24 hours before its window (or the test) starts.
// Tests below run on D5 10:00 to 12:00; a notice due by D4 10:00 covers D5 09:00 to 13:00.
const WINDOW: [string, string] = ['D5 09:00', 'D5 13:00'];
const RUN = { testId: 'pt-1', from: 'D5 10:00', to: 'D5 12:00' };

describe('TEST_UNANNOUNCED', () => {
  it('is not found for a test whose notice was recorded in good time', () => {
    given(contracted(), noticeFiled('D2 09:00', 'pt-1', WINDOW), conducted('D5 12:30', RUN))
      .when('D6 00:00')
      .then(noFinding());
  });

  it('is found for a test with a testId that no notice names', () => {
    const verdict = given(contracted(), conducted('D5 12:30', RUN).as('test'))
      .when('D6 00:00')
      .then(
        finding('TEST_UNANNOUNCED', {
          party: 'client',
          area: 'test_notification',
          weight: 3,
          causal: false,
          subject: { kind: 'test', id: 'pt-1' },
          dueAt: iso('D4 10:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('TEST_NOTICE_LATE', 'TEST_OUT_OF_SCOPE'),
      );
    const unannounced = only(verdict, 'TEST_UNANNOUNCED');
    expect(evidenceOf(unannounced)).toEqual(['test TestConducted']);
    readsWell(unannounced, '5 Mar 2024 10:00 UTC', '4 Mar 2024 10:00 UTC');
  });

  it('is found when the named notice was recorded only after the test started', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D5 10:30', 'pt-1', WINDOW),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED', { satisfiedAt: null }), noFinding('TEST_NOTICE_LATE'));
    readsWell(only(verdict, 'TEST_UNANNOUNCED'), 'before it started');
  });

  it('counts a notice recorded at the very start of the test as announcing it', () => {
    given(contracted(), noticeFiled('D5 10:00', 'pt-1', WINDOW), conducted('D5 12:30', RUN))
      .when('D6 00:00')
      .then(noFinding('TEST_UNANNOUNCED'), finding('TEST_NOTICE_LATE'));
  });

  it('takes a backdated notice at its recording time, after the start: unannounced', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW).recordedAt('D5 11:00'),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED'), noFinding('TEST_NOTICE_LATE'));
    expect(evidenceOf(only(verdict, 'TEST_UNANNOUNCED'))).toEqual(['ev-2 TestConducted']);
  });

  it('is found when the notice was withdrawn before the test started', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      noticeWithdrawn('D3 09:00', 'pt-1'),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED'));
  });

  it('is not found when the notice was withdrawn only after the test started', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      conducted('D5 12:30', RUN),
      noticeWithdrawn('D5 13:00', 'pt-1'),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('is found for a testId without a notice even if another notice covers the run', () => {
    given(contracted(), noticeFiled('D2 09:00', 'pt-other', WINDOW), conducted('D5 12:30', RUN))
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED', { subject: { kind: 'test', id: 'pt-1' } }));
  });

  it('announces a test without a testId by any notice whose window covers its interval', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-9', WINDOW),
      conducted('D5 12:30', { from: 'D5 09:00', to: 'D5 13:00' }),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('finds a test without a testId that runs past every window, named by its event id', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-9', WINDOW),
      conducted('D5 14:00', { from: 'D5 10:00', to: 'D5 13:01' }).as('run-7'),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED', { subject: { kind: 'test', id: 'run-7' } }));
    readsWell(only(verdict, 'TEST_UNANNOUNCED'), 'Red Team Ltd');
  });

  it('does not let a withdrawn notice announce a test without a testId', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-9', WINDOW),
      noticeWithdrawn('D3 09:00', 'pt-9'),
      conducted('D5 12:30', { from: 'D5 10:00', to: 'D5 12:00' }),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED'));
  });

  it('is found for an alert closed as an authorised test that nothing announced', () => {
    const verdict = given(
      contracted(),
      raised('D5 10:00', 'a-1', 'low').as('raise'),
      closed('D5 10:30', 'a-1', 'authorized_test').as('close'),
    )
      .when('D6 00:00')
      .then(
        finding('TEST_UNANNOUNCED', {
          subject: { kind: 'alert', id: 'a-1' },
          dueAt: iso('D4 10:00'),
          party: 'client',
        }),
      );
    const unannounced = only(verdict, 'TEST_UNANNOUNCED');
    expect(evidenceOf(unannounced)).toEqual(['raise AlertRaised', 'close AlertClosed']);
    readsWell(unannounced, 'authorised test');
  });

  it('is not found for an alert closed as an authorised test inside a notice recorded before it', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      raised('D5 10:00', 'a-1', 'low'),
      closed('D5 10:30', 'a-1', 'authorized_test'),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('joins an alert closed as the named test to that test: one finding, both in evidence', () => {
    const verdict = given(
      contracted(),
      raised('D5 10:05', 'a-1', 'low').as('raise'),
      closed('D5 10:30', 'a-1', 'authorized_test', 'pt-1').as('close'),
      conducted('D5 12:30', RUN).as('test'),
    )
      .when('D6 00:00')
      .then(findings('TEST_UNANNOUNCED pt-1'));
    expect(evidenceOf(only(verdict, 'TEST_UNANNOUNCED'))).toEqual([
      'raise AlertRaised',
      'close AlertClosed',
      'test TestConducted',
    ]);
  });

  it('joins an alert raised inside a test interval to that test', () => {
    given(
      contracted(),
      conducted('D5 09:00', { testId: 'pt-1', from: 'D5 08:00', to: 'D5 12:00' }),
      raised('D5 10:05', 'a-1', 'low'),
      closed('D5 10:30', 'a-1', 'authorized_test'),
    )
      .when('D6 00:00')
      .then(findings('TEST_UNANNOUNCED pt-1'));
  });

  it('is not found yet for a test recorded ahead whose notice deadline is in the future', () => {
    const events = [
      contracted(),
      conducted('D1 09:00', { testId: 'pt-1', from: 'D5 10:00', to: 'D5 12:00' }),
    ];
    given(...events)
      .when('D3 09:00')
      .then(noFinding());
    given(...events)
      .when('D4 10:00')
      .then(noFinding());
    given(...events)
      .when('D4 10:01')
      .then(finding('TEST_UNANNOUNCED', { dueAt: iso('D4 10:00') }));
  });

  it('takes the lead time in force at the start of the test', () => {
    given(
      contracted(),
      amended('D1 09:00', { sla: { testNoticeLeadHours: 48 } }),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED', { dueAt: iso('D3 10:00') }));
    given(
      contracted(),
      conducted('D5 12:30', RUN),
      amended('D5 13:00', { sla: { testNoticeLeadHours: 48 } }),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED', { dueAt: iso('D4 10:00') }));
  });

  it('is owed by the owner of test notification', () => {
    given(
      contracted({ responsibilities: { test_notification: 'mssp' } }),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_UNANNOUNCED', { party: 'mssp' }));
  });
});

describe('TEST_NOTICE_LATE', () => {
  it('is not found when the notice was recorded exactly the lead time before the window', () => {
    given(contracted(), noticeFiled('D4 09:00', 'pt-1', WINDOW), conducted('D5 12:30', RUN))
      .when('D6 00:00')
      .then(noFinding());
  });

  it('is found when the notice was recorded before the start but after its deadline', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D4 21:00', 'pt-1', WINDOW).as('notice'),
      conducted('D5 12:30', RUN).as('test'),
    )
      .when('D6 00:00')
      .then(
        finding('TEST_NOTICE_LATE', {
          party: 'client',
          area: 'test_notification',
          weight: 1,
          causal: false,
          subject: { kind: 'test', id: 'pt-1' },
          dueAt: iso('D4 09:00'),
          satisfiedAt: iso('D4 21:00'),
          lateByMinutes: 720,
        }),
        noFinding('TEST_UNANNOUNCED'),
      );
    const late = only(verdict, 'TEST_NOTICE_LATE');
    expect(evidenceOf(late)).toEqual(['notice TestNoticeFiled', 'test TestConducted']);
    readsWell(late, '4 Mar 2024 21:00 UTC', '5 Mar 2024 09:00 UTC', '12 hours', '24 hours');
  });

  it('takes a backdated notice at its recording time', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW).recordedAt('D5 08:00'),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_NOTICE_LATE', { satisfiedAt: iso('D5 08:00'), lateByMinutes: 1380 }));
    expect(only(verdict, 'TEST_NOTICE_LATE').evidence[0]).toMatchObject({
      type: 'TestNoticeFiled',
      lateRecorded: true,
      effectiveAt: iso('D5 08:00'),
    });
  });

  it('judges a test without a testId against the notice that covers it', () => {
    given(
      contracted(),
      noticeFiled('D5 07:00', 'pt-9', WINDOW),
      conducted('D5 12:30', { from: 'D5 10:00', to: 'D5 12:00' }),
    )
      .when('D6 00:00')
      .then(finding('TEST_NOTICE_LATE', { dueAt: iso('D4 09:00'), lateByMinutes: 1320 }));
  });

  it('judges an alert closed as an authorised test against the notice that covers it', () => {
    given(
      contracted(),
      noticeFiled('D5 07:00', 'pt-9', WINDOW),
      raised('D5 10:00', 'a-1', 'low'),
      closed('D5 10:30', 'a-1', 'authorized_test'),
    )
      .when('D6 00:00')
      .then(finding('TEST_NOTICE_LATE', { subject: { kind: 'alert', id: 'a-1' } }));
  });

  it('takes the lead time in force at the start of the test', () => {
    given(
      contracted(),
      amended('D1 09:00', { sla: { testNoticeLeadHours: 6 } }),
      noticeFiled('D4 21:00', 'pt-1', WINDOW),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('is owed by the owner of test notification', () => {
    given(
      contracted({ responsibilities: { test_notification: 'third_party' } }),
      noticeFiled('D4 21:00', 'pt-1', WINDOW),
      conducted('D5 12:30', RUN),
    )
      .when('D6 00:00')
      .then(finding('TEST_NOTICE_LATE', { party: 'third_party' }));
  });
});

describe('TEST_OUT_OF_SCOPE', () => {
  const scope = { targets: ['10.0.0.5'], sourceIps: ['198.51.100.7'] };

  it('is not found for a test inside its window and scope, ends included', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW, scope),
      conducted('D5 13:30', {
        testId: 'pt-1',
        from: 'D5 09:00',
        to: 'D5 13:00',
        targets: ['10.0.0.5'],
        sourceIps: ['198.51.100.7'],
      }),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('is found for a test that runs outside its notice window', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW).as('notice'),
      conducted('D5 14:00', { testId: 'pt-1', from: 'D5 10:00', to: 'D5 13:30' }).as('test'),
    )
      .when('D6 00:00')
      .then(
        finding('TEST_OUT_OF_SCOPE', {
          party: 'third_party',
          area: 'test_conduct',
          weight: 2,
          causal: false,
          subject: { kind: 'test', id: 'pt-1' },
          dueAt: iso('D5 13:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('TEST_UNANNOUNCED', 'TEST_NOTICE_LATE'),
      );
    const out = only(verdict, 'TEST_OUT_OF_SCOPE');
    expect(evidenceOf(out)).toEqual(['notice TestNoticeFiled', 'test TestConducted']);
    readsWell(out, '5 Mar 2024 13:30 UTC', '5 Mar 2024 13:00 UTC');
  });

  it('is found for a test that starts before its window', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      conducted('D5 14:00', { testId: 'pt-1', from: 'D5 08:59', to: 'D5 12:00' }),
    )
      .when('D6 00:00')
      .then(finding('TEST_OUT_OF_SCOPE'));
  });

  it('is found for a test that hits a target the notice does not list', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW, scope),
      conducted('D5 12:30', { ...RUN, targets: ['10.0.0.5', '10.0.0.6'] }),
    )
      .when('D6 00:00')
      .then(finding('TEST_OUT_OF_SCOPE', { dueAt: iso('D5 13:00') }));
    readsWell(only(verdict, 'TEST_OUT_OF_SCOPE'), '10.0.0.6');
  });

  it('is found for a test from a source address the notice does not list', () => {
    const verdict = given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW, scope),
      conducted('D5 12:30', { ...RUN, sourceIps: ['203.0.113.9'] }),
    )
      .when('D6 00:00')
      .then(finding('TEST_OUT_OF_SCOPE'));
    readsWell(only(verdict, 'TEST_OUT_OF_SCOPE'), '203.0.113.9');
  });

  it('checks targets and sources only where the notice lists them', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      conducted('D5 12:30', { ...RUN, targets: ['10.9.9.9'], sourceIps: ['203.0.113.9'] }),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('judges a test against its named notice even when that notice came after the start', () => {
    given(
      contracted(),
      noticeFiled('D5 11:00', 'pt-1', WINDOW),
      conducted('D5 14:00', { testId: 'pt-1', from: 'D5 10:00', to: 'D5 13:30' }),
    )
      .when('D6 00:00')
      .then(findings('TEST_UNANNOUNCED pt-1', 'TEST_OUT_OF_SCOPE pt-1'));
  });

  it('judges a test against a late notice, alongside TEST_NOTICE_LATE', () => {
    given(
      contracted(),
      noticeFiled('D4 21:00', 'pt-1', WINDOW, scope),
      conducted('D5 12:30', { ...RUN, targets: ['10.0.0.99'] }),
    )
      .when('D6 00:00')
      .then(findings('TEST_NOTICE_LATE pt-1', 'TEST_OUT_OF_SCOPE pt-1'));
  });

  it('does not apply to a test without a testId', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-9', WINDOW, scope),
      conducted('D5 12:30', { from: 'D5 10:00', to: 'D5 12:00', targets: ['10.0.0.99'] }),
    )
      .when('D6 00:00')
      .then(noFinding());
  });

  it('is owed by the owner of test conduct', () => {
    given(
      contracted({ responsibilities: { test_conduct: 'client' } }),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      conducted('D5 14:00', { testId: 'pt-1', from: 'D5 10:00', to: 'D5 13:30' }),
    )
      .when('D6 00:00')
      .then(finding('TEST_OUT_OF_SCOPE', { party: 'client' }));
  });

  it('leaves alerts of an announced test alone', () => {
    given(
      contracted(),
      noticeFiled('D2 09:00', 'pt-1', WINDOW),
      raised('D5 10:05', 'a-1', 'high'),
      acknowledged('D5 10:06', 'a-1'),
      closed('D5 10:30', 'a-1', 'authorized_test', 'pt-1'),
      conducted('D5 12:30', RUN),
      notified('D5 10:07', 'a-1'),
    )
      .when('D6 00:00')
      .then(noFinding('TEST_OUT_OF_SCOPE', 'TEST_UNANNOUNCED', 'TEST_NOTICE_LATE'));
  });
});
