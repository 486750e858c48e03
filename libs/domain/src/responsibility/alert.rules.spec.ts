import {
  acknowledged,
  amended,
  clientAcknowledged,
  closed,
  contracted,
  evidenceOf,
  finding,
  given,
  iso,
  noFinding,
  noticeFiled,
  noticeWithdrawn,
  notified,
  only,
  raised,
  readsWell,
  SLA,
} from './testing/rulebook.given';

// Base SLA: acknowledge critical 5 / high 15 / medium 60 minutes; notify the client of critical
// alerts within 30 and of high ones within 60; the client acknowledges a notification within 30.

describe('ALERT_ACK_LATE', () => {
  it('is not found when the MSSP acknowledges within the SLA', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'), acknowledged('09:30', 'a-1'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is not found when the acknowledgement comes exactly at the deadline', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'), acknowledged('10:00', 'a-1'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is found when the acknowledgement comes after the deadline', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'medium').as('raise'),
      acknowledged('10:07:30', 'a-1').as('ack'),
    )
      .when('D2 00:00')
      .then(
        finding('ALERT_ACK_LATE', {
          party: 'mssp',
          area: 'alert_monitoring',
          weight: 1,
          causal: false,
          subject: { kind: 'alert', id: 'a-1' },
          dueAt: iso('10:00'),
          satisfiedAt: iso('10:07:30'),
          lateByMinutes: 7,
        }),
        noFinding('ALERT_ACK_MISSED'),
      );
    const late = only(verdict, 'ALERT_ACK_LATE');
    expect(late.evidence).toEqual([
      {
        eventId: 'raise',
        type: 'AlertRaised',
        position: 1,
        effectiveAt: iso('09:00'),
        lateRecorded: false,
      },
      {
        eventId: 'ack',
        type: 'AlertAcknowledged',
        position: 2,
        effectiveAt: iso('10:07:30'),
        lateRecorded: false,
      },
    ]);
    readsWell(late, 'acknowledged', '1 Mar 2024 10:07 UTC', '1 Mar 2024 10:00 UTC', '7 minutes');
  });

  it('counts a closure as the first response', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      closed('09:40', 'a-1', 'false_positive').as('close'),
      acknowledged('09:41', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { satisfiedAt: iso('09:40'), lateByMinutes: 25 }));
    expect(evidenceOf(only(verdict, 'ALERT_ACK_LATE'))).toEqual([
      'ev-1 AlertRaised',
      'close AlertClosed',
    ]);
    readsWell(only(verdict, 'ALERT_ACK_LATE'), 'closed');
  });

  it('is met by whichever response comes first: a closure on time, then a late acknowledgement', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      closed('09:30', 'a-1', 'true_positive'),
      acknowledged('11:00', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding('ALERT_ACK_LATE', 'ALERT_ACK_MISSED'));
  });

  it('rounds lateness down to whole minutes, so 59 seconds late is late by 0 minutes', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'), acknowledged('10:00:59', 'a-1'))
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { lateByMinutes: 0, satisfiedAt: iso('10:00:59') }));
  });

  it('takes a backdated acknowledgement at its recording time, and so finds it late', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('09:30', 'a-1').recordedAt('11:00').as('ack'),
    )
      .when('D2 00:00')
      .then(
        finding('ALERT_ACK_LATE', {
          dueAt: iso('10:00'),
          satisfiedAt: iso('11:00'),
          lateByMinutes: 60,
        }),
      );
    expect(only(verdict, 'ALERT_ACK_LATE').evidence[1]).toMatchObject({
      eventId: 'ack',
      effectiveAt: iso('11:00'),
      lateRecorded: true,
    });
  });

  it('accepts an acknowledgement recorded within the recording tolerance at its occurrence', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('09:55', 'a-1').recordedAt('10:05'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('follows the recording tolerance of the terms', () => {
    given(
      contracted({ sla: { ...SLA, recordingToleranceMinutes: 2 } }),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('09:55', 'a-1').recordedAt('10:05'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { satisfiedAt: iso('10:05'), lateByMinutes: 5 }));
  });

  it('follows a recording tolerance changed by an amendment', () => {
    given(
      contracted(),
      amended('08:00', { sla: { recordingToleranceMinutes: 60 } }),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('09:30', 'a-1').recordedAt('10:20'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('uses an amendment in force when the alert was raised', () => {
    given(
      contracted(),
      amended('08:00', { sla: { acknowledgeMinutes: { medium: 120 } } }),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('uses an amendment that comes into force at the very moment the alert is raised', () => {
    given(
      contracted(),
      amended('09:00', { sla: { acknowledgeMinutes: { medium: 120 } } }),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('ignores an amendment that comes into force after the alert was raised', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      amended('09:30', { sla: { acknowledgeMinutes: { medium: 120 } } }),
      acknowledged('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { dueAt: iso('10:00'), lateByMinutes: 30 }));
  });

  it('ignores an amendment backdated into force before the alert but recorded after it', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      amended('08:00', { sla: { acknowledgeMinutes: { medium: 120 } } }).recordedAt('09:30'),
      acknowledged('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { dueAt: iso('10:00') }));
  });

  it('is owed by whoever the responsibilities give alert monitoring to', () => {
    given(
      contracted({ responsibilities: { alert_monitoring: 'third_party' } }),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('11:00', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { party: 'third_party' }));
  });

  it('takes the owner in force when the alert was raised', () => {
    given(
      contracted(),
      amended('08:00', { responsibilities: { alert_monitoring: 'client' } }),
      raised('09:00', 'a-1', 'medium'),
      amended('09:30', { responsibilities: { alert_monitoring: 'third_party' } }),
      acknowledged('11:00', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_LATE', { party: 'client' }));
  });
});

describe('ALERT_ACK_MISSED', () => {
  it('is found when the alert is neither acknowledged nor closed by asOf', () => {
    const verdict = given(contracted(), raised('09:00', 'a-1', 'medium').as('raise'))
      .when('D2 00:00')
      .then(
        finding('ALERT_ACK_MISSED', {
          party: 'mssp',
          area: 'alert_monitoring',
          weight: 3,
          causal: false,
          subject: { kind: 'alert', id: 'a-1' },
          dueAt: iso('10:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('ALERT_ACK_LATE'),
      );
    const missed = only(verdict, 'ALERT_ACK_MISSED');
    expect(evidenceOf(missed)).toEqual(['raise AlertRaised']);
    readsWell(missed, 'never', '1 Mar 2024 09:00 UTC', '1 Mar 2024 10:00 UTC', '1-hour');
  });

  it('is not found yet while the deadline is in the future', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'))
      .when('09:59')
      .then(noFinding());
  });

  it('is not found at the very deadline', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'))
      .when('10:00')
      .then(noFinding());
  });

  it('is found a millisecond after the deadline', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'))
      .when('10:00:01')
      .then(finding('ALERT_ACK_MISSED'));
  });

  it('is missed as of a time before a late acknowledgement was recorded, and late after', () => {
    const events = [contracted(), raised('09:00', 'a-1', 'medium'), acknowledged('12:00', 'a-1')];
    given(...events)
      .when('11:00')
      .then(finding('ALERT_ACK_MISSED'), noFinding('ALERT_ACK_LATE'));
    given(...events)
      .when('13:00')
      .then(finding('ALERT_ACK_LATE'), noFinding('ALERT_ACK_MISSED'));
  });

  it('does not see an acknowledgement that was recorded after asOf', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('09:10', 'a-1').recordedAt('09:15'),
    )
      .when('09:12')
      .then(noFinding());
    given(
      contracted(),
      raised('09:00', 'a-1', 'medium'),
      acknowledged('09:10', 'a-1').recordedAt('12:00'),
    )
      .when('11:00')
      .then(finding('ALERT_ACK_MISSED'));
  });

  it('starts the clock of a backdated alert when it was recorded', () => {
    const verdict = given(contracted(), raised('08:00', 'a-1', 'medium').recordedAt('09:00'))
      .when('D2 00:00')
      .then(finding('ALERT_ACK_MISSED', { dueAt: iso('10:00') }));
    expect(only(verdict, 'ALERT_ACK_MISSED').evidence[0]).toMatchObject({
      effectiveAt: iso('09:00'),
      lateRecorded: true,
    });
  });

  it('uses the severity of the alert: a critical alert is due within 5 minutes', () => {
    given(contracted(), raised('09:00', 'a-1', 'critical'))
      .when('09:06')
      .then(finding('ALERT_ACK_MISSED', { dueAt: iso('09:05') }));
  });

  it('takes its deadline from an amendment in force when the alert was raised', () => {
    given(
      contracted(),
      amended('08:00', { sla: { acknowledgeMinutes: { low: 10 } } }),
      raised('09:00', 'a-1', 'low'),
    )
      .when('09:30')
      .then(finding('ALERT_ACK_MISSED', { dueAt: iso('09:10') }));
  });

  it('is owed by the owner of alert monitoring', () => {
    given(
      contracted({ responsibilities: { alert_monitoring: 'client' } }),
      raised('09:00', 'a-1', 'medium'),
    )
      .when('D2 00:00')
      .then(finding('ALERT_ACK_MISSED', { party: 'client' }));
  });
});

describe('CLIENT_NOTIFY_LATE', () => {
  const ackd = (alertId: string) => acknowledged('09:01', alertId);

  it('is not found when the client is notified within the SLA', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      notified('09:30', 'a-1'),
      clientAcknowledged('09:35', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is not found when the notification comes exactly at the deadline', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      notified('10:00', 'a-1'),
      clientAcknowledged('10:05', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is found when the first notification comes after the deadline', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'high').as('raise'),
      ackd('a-1'),
      notified('10:30:45', 'a-1', 'whatsapp').as('notice'),
      notified('10:45', 'a-1', 'email'),
    )
      .when('D2 00:00')
      .then(
        finding('CLIENT_NOTIFY_LATE', {
          party: 'mssp',
          area: 'client_notification',
          weight: 2,
          causal: false,
          subject: { kind: 'alert', id: 'a-1' },
          dueAt: iso('10:00'),
          satisfiedAt: iso('10:30:45'),
          lateByMinutes: 30,
        }),
        noFinding('CLIENT_NOTIFY_MISSED'),
      );
    const late = only(verdict, 'CLIENT_NOTIFY_LATE');
    expect(evidenceOf(late)).toEqual(['raise AlertRaised', 'notice ClientNotified']);
    readsWell(late, 'whatsapp', '1 Mar 2024 10:30 UTC', '1 Mar 2024 10:00 UTC', '1-hour');
  });

  it('does not apply to a severity without a notification SLA', () => {
    given(contracted(), raised('09:00', 'a-1', 'medium'), ackd('a-1'), notified('D2 09:00', 'a-1'))
      .when('D3 00:00')
      .then(noFinding('CLIENT_NOTIFY_LATE', 'CLIENT_NOTIFY_MISSED'));
  });

  it('takes a backdated notification at its recording time', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      notified('09:30', 'a-1').recordedAt('10:20'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_LATE', { satisfiedAt: iso('10:20'), lateByMinutes: 20 }));
    expect(only(verdict, 'CLIENT_NOTIFY_LATE').evidence[1]).toMatchObject({
      type: 'ClientNotified',
      lateRecorded: true,
      effectiveAt: iso('10:20'),
    });
  });

  it('applies a notification SLA that an amendment added before the alert', () => {
    given(
      contracted(),
      amended('08:00', { sla: { notifyClientMinutes: { medium: 120 } } }),
      raised('09:00', 'a-1', 'medium'),
      ackd('a-1'),
      notified('11:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_LATE', { dueAt: iso('11:00'), lateByMinutes: 30 }));
  });

  it('keeps the contracted notification SLA when the amendment came after the alert', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      amended('09:10', { sla: { notifyClientMinutes: { high: 120 } } }),
      ackd('a-1'),
      notified('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_LATE', { dueAt: iso('10:00') }));
  });

  it('merges an amended severity table key by key, keeping the other severities', () => {
    given(
      contracted(),
      amended('08:00', { sla: { notifyClientMinutes: { medium: 120 } } }),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      notified('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_LATE', { dueAt: iso('10:00') }));
  });

  it('is owed by the owner of client notification', () => {
    given(
      contracted({ responsibilities: { client_notification: 'third_party' } }),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      notified('10:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_LATE', { party: 'third_party' }));
  });
});

describe('CLIENT_NOTIFY_MISSED', () => {
  const ackd = (alertId: string) => acknowledged('09:01', alertId);

  it('is found when the client was never notified and the deadline has passed', () => {
    const verdict = given(contracted(), raised('09:00', 'a-1', 'high').as('raise'), ackd('a-1'))
      .when('D2 00:00')
      .then(
        finding('CLIENT_NOTIFY_MISSED', {
          party: 'mssp',
          area: 'client_notification',
          weight: 3,
          causal: false,
          subject: { kind: 'alert', id: 'a-1' },
          dueAt: iso('10:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
        noFinding('CLIENT_NOTIFY_LATE', 'NOTIFICATION_UNACKNOWLEDGED'),
      );
    const missed = only(verdict, 'CLIENT_NOTIFY_MISSED');
    expect(evidenceOf(missed)).toEqual(['raise AlertRaised']);
    readsWell(missed, 'never notified', '1 Mar 2024 09:00 UTC', '1 Mar 2024 10:00 UTC');
  });

  it('is not found yet while the deadline is in the future, nor at the deadline', () => {
    given(contracted(), raised('09:00', 'a-1', 'high'), ackd('a-1'))
      .when('09:59')
      .then(noFinding());
    given(contracted(), raised('09:00', 'a-1', 'high'), ackd('a-1'))
      .when('10:00')
      .then(noFinding());
  });

  it.each(['false_positive', 'benign', 'duplicate'] as const)(
    'is exempt when the alert was closed as %s before the deadline',
    (disposition) => {
      given(contracted(), raised('09:00', 'a-1', 'high'), closed('09:10', 'a-1', disposition))
        .when('D2 00:00')
        .then(noFinding());
    },
  );

  it('is exempt when the alert was closed as a false positive exactly at the deadline', () => {
    given(contracted(), raised('09:00', 'a-1', 'high'), closed('10:00', 'a-1', 'false_positive'))
      .when('D2 00:00')
      .then(noFinding('CLIENT_NOTIFY_MISSED'));
  });

  it('is not exempt when the false positive was closed after the deadline', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      closed('10:01', 'a-1', 'false_positive').as('close'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED'));
    expect(evidenceOf(only(verdict, 'CLIENT_NOTIFY_MISSED'))).toEqual([
      'ev-1 AlertRaised',
      'close AlertClosed',
    ]);
  });

  it('is not exempt when a backdated closure was recorded after the deadline', () => {
    const verdict = given(
      contracted(),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
      closed('09:10', 'a-1', 'benign').recordedAt('10:30'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED'));
    expect(only(verdict, 'CLIENT_NOTIFY_MISSED').evidence[1]).toMatchObject({
      type: 'AlertClosed',
      lateRecorded: true,
    });
  });

  it('is not exempt when the alert was a true positive', () => {
    given(contracted(), raised('09:00', 'a-1', 'high'), closed('09:10', 'a-1', 'true_positive'))
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED'));
  });

  it('is exempt for an authorised test that a notice recorded before the alert covered', () => {
    given(
      contracted(),
      noticeFiled('D1 08:00', 'pt-1', ['D3 00:00', 'D3 23:00']),
      raised('D3 09:00', 'a-1', 'high'),
      closed('D3 09:10', 'a-1', 'authorized_test'),
    )
      .when('D4 00:00')
      .then(noFinding());
  });

  it('is not exempt for an authorised test whose notice was recorded after the alert', () => {
    given(
      contracted(),
      raised('D3 09:00', 'a-1', 'high'),
      noticeFiled('D3 09:05', 'pt-1', ['D3 00:00', 'D3 23:00']),
      closed('D3 09:10', 'a-1', 'authorized_test'),
    )
      .when('D4 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED'), finding('TEST_UNANNOUNCED'));
  });

  it('is not exempt for an authorised test whose notice had been withdrawn', () => {
    given(
      contracted(),
      noticeFiled('D1 08:00', 'pt-1', ['D3 00:00', 'D3 23:00']),
      noticeWithdrawn('D2 08:00', 'pt-1'),
      raised('D3 09:00', 'a-1', 'high'),
      closed('D3 09:10', 'a-1', 'authorized_test'),
    )
      .when('D4 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED'), finding('TEST_UNANNOUNCED'));
  });

  it('is exempt when the covering notice was withdrawn only after the alert', () => {
    given(
      contracted(),
      noticeFiled('D1 08:00', 'pt-1', ['D3 00:00', 'D3 23:00']),
      raised('D3 09:00', 'a-1', 'high'),
      closed('D3 09:10', 'a-1', 'authorized_test'),
      noticeWithdrawn('D3 12:00', 'pt-1'),
    )
      .when('D4 00:00')
      .then(noFinding());
  });

  it('is not exempt for an authorised test outside every notice window', () => {
    given(
      contracted(),
      noticeFiled('D1 08:00', 'pt-1', ['D3 10:00', 'D3 23:00']),
      raised('D3 09:00', 'a-1', 'high'),
      closed('D3 09:10', 'a-1', 'authorized_test'),
    )
      .when('D4 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED'));
  });

  it('is owed by the owner of client notification when the alert was raised', () => {
    given(
      contracted(),
      amended('08:00', { responsibilities: { client_notification: 'client' } }),
      raised('09:00', 'a-1', 'high'),
      ackd('a-1'),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED', { party: 'client' }));
  });

  it('keeps the deadline in force when the alert was raised, whatever a later amendment says', () => {
    given(
      contracted(),
      raised('09:00', 'a-1', 'critical'),
      ackd('a-1'),
      amended('09:10', { sla: { notifyClientMinutes: { critical: 600 } } }),
    )
      .when('D2 00:00')
      .then(finding('CLIENT_NOTIFY_MISSED', { dueAt: iso('09:30') }));
  });
});

describe('NOTIFICATION_UNACKNOWLEDGED', () => {
  const alert = [contracted(), raised('09:00', 'a-1', 'high'), acknowledged('09:01', 'a-1')];

  it('is not found when the client acknowledges within the window', () => {
    given(...alert, notified('09:30', 'a-1'), clientAcknowledged('09:45', 'a-1'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is not found when the client acknowledges exactly at the end of the window', () => {
    given(...alert, notified('09:30', 'a-1'), clientAcknowledged('10:00', 'a-1'))
      .when('D2 00:00')
      .then(noFinding());
  });

  it('is found, satisfied, when the client acknowledges late', () => {
    const verdict = given(
      ...alert,
      notified('09:30', 'a-1').as('notice'),
      clientAcknowledged('10:12:10', 'a-1').as('cack'),
    )
      .when('D2 00:00')
      .then(
        finding('NOTIFICATION_UNACKNOWLEDGED', {
          party: 'client',
          area: 'notification_acknowledgement',
          weight: 1,
          causal: false,
          subject: { kind: 'alert', id: 'a-1' },
          dueAt: iso('10:00'),
          satisfiedAt: iso('10:12:10'),
          lateByMinutes: 12,
        }),
      );
    const late = only(verdict, 'NOTIFICATION_UNACKNOWLEDGED');
    expect(evidenceOf(late)).toEqual(['notice ClientNotified', 'cack ClientAcknowledged']);
    readsWell(late, '1 Mar 2024 10:12 UTC', '1 Mar 2024 10:00 UTC', '12 minutes');
  });

  it('is found, unsatisfied, when the client never acknowledges', () => {
    const verdict = given(...alert, notified('09:30', 'a-1').as('notice'))
      .when('D2 00:00')
      .then(
        finding('NOTIFICATION_UNACKNOWLEDGED', {
          dueAt: iso('10:00'),
          satisfiedAt: null,
          lateByMinutes: null,
        }),
      );
    const missed = only(verdict, 'NOTIFICATION_UNACKNOWLEDGED');
    expect(evidenceOf(missed)).toEqual(['notice ClientNotified']);
    readsWell(missed, 'never', '1 Mar 2024 09:30 UTC', '30-minute');
  });

  it('is not found yet while the window is open, nor at its end', () => {
    given(...alert, notified('09:30', 'a-1'))
      .when('09:59')
      .then(noFinding());
    given(...alert, notified('09:30', 'a-1'))
      .when('10:00')
      .then(noFinding());
  });

  it('runs from the first notification: a second one does not restart the clock', () => {
    given(
      ...alert,
      notified('09:30', 'a-1'),
      notified('09:50', 'a-1'),
      clientAcknowledged('10:10', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('NOTIFICATION_UNACKNOWLEDGED', { dueAt: iso('10:00'), lateByMinutes: 10 }));
  });

  it('takes a backdated client acknowledgement at its recording time', () => {
    const verdict = given(
      ...alert,
      notified('09:30', 'a-1'),
      clientAcknowledged('09:40', 'a-1').recordedAt('10:30'),
    )
      .when('D2 00:00')
      .then(
        finding('NOTIFICATION_UNACKNOWLEDGED', {
          satisfiedAt: iso('10:30'),
          lateByMinutes: 30,
        }),
      );
    expect(only(verdict, 'NOTIFICATION_UNACKNOWLEDGED').evidence[1]).toMatchObject({
      lateRecorded: true,
    });
  });

  it('starts its clock at a backdated notification when it was recorded', () => {
    given(
      ...alert,
      notified('09:30', 'a-1').recordedAt('09:50'),
      clientAcknowledged('10:15', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding('NOTIFICATION_UNACKNOWLEDGED'));
  });

  it('does not apply when no clientAcknowledgeMinutes is configured', () => {
    const { clientAcknowledgeMinutes: _dropped, ...sla } = SLA;
    given(
      contracted({ sla }),
      raised('09:00', 'a-1', 'high'),
      acknowledged('09:01', 'a-1'),
      notified('09:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
  });

  it('takes the window in force at the first notification', () => {
    given(
      ...alert,
      amended('09:20', { sla: { clientAcknowledgeMinutes: 120 } }),
      notified('09:30', 'a-1'),
      clientAcknowledged('11:00', 'a-1'),
    )
      .when('D2 00:00')
      .then(noFinding());
    given(
      ...alert,
      notified('09:30', 'a-1'),
      amended('09:40', { sla: { clientAcknowledgeMinutes: 120 } }),
      clientAcknowledged('11:00', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('NOTIFICATION_UNACKNOWLEDGED', { dueAt: iso('10:00') }));
  });

  it('is owed by the owner of notification acknowledgement', () => {
    given(
      contracted({ responsibilities: { notification_acknowledgement: 'third_party' } }),
      raised('09:00', 'a-1', 'high'),
      acknowledged('09:01', 'a-1'),
      notified('09:30', 'a-1'),
    )
      .when('D2 00:00')
      .then(finding('NOTIFICATION_UNACKNOWLEDGED', { party: 'third_party' }));
  });

  it('has nothing to acknowledge when the client was never notified', () => {
    given(...alert, clientAcknowledged('09:30', 'a-1'))
      .when('D2 00:00')
      .then(noFinding('NOTIFICATION_UNACKNOWLEDGED'));
  });
});
