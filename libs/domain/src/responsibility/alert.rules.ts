import { type Severity } from '../events/event-catalogue';
import { type Draft } from './draft';
import { type EngagementFacts, type Fact } from './facts';
import { ownerOf } from './terms';
import { noticeCovering } from './test.rules';
import { at, duration, minutesBetween, PARTY_NAME, slaLength } from './wording';

const MINUTE = 60_000;
const EXEMPT_CLOSURES = ['false_positive', 'benign', 'duplicate'];

/** ALERT_ACK_*, CLIENT_NOTIFY_*, NOTIFICATION_UNACKNOWLEDGED: one set of obligations per alert. */
export function alertRules(facts: EngagementFacts): Draft[] {
  return facts.of('AlertRaised').flatMap((raised) => alertDrafts(facts, raised));
}

/** The findings of one raised alert: they read only its own events, the terms and the notices. */
export function alertDrafts(facts: EngagementFacts, raised: Fact<'AlertRaised'>): Draft[] {
  const drafts: Draft[] = [];
  const alertId = raised.event.data.alertId;
  const severity: Severity = raised.event.data.severity;
  const t0 = raised.eff;
  const terms = facts.termsAt(t0);
  const about = (type: Parameters<typeof facts.about>[0]) => facts.about(type, 'alertId', alertId);
  const acknowledgements = about(['AlertAcknowledged', 'AlertClosed']);
  const notifications = about(['ClientNotified']) as Fact<'ClientNotified'>[];
  const closures = about(['AlertClosed']) as Fact<'AlertClosed'>[];
  const clientAcks = about(['ClientAcknowledged']);
  const scope = { kind: 'alert', alertId } as const;
  const subject = { kind: 'alert', id: alertId } as const;
  const what = `${severity} alert ${alertId}`;

  const ackMinutes = terms.sla.acknowledgeMinutes?.[severity];
  if (ackMinutes !== undefined) {
    const due = t0 + ackMinutes * MINUTE;
    const party = ownerOf('alert_monitoring', terms);
    const first = acknowledgements[0];
    const base = { party, area: 'alert_monitoring', subject, due, scope } as const;
    if (first && first.eff > due) {
      const verb = first.event.type === 'AlertClosed' ? 'closed' : 'acknowledged';
      drafts.push({
        ...base,
        code: 'ALERT_ACK_LATE',
        satisfied: first.eff,
        evidence: [raised, first],
        summary: `${PARTY_NAME[party]} ${verb} ${what} at ${at(first.eff)}, ${duration(minutesBetween(due, first.eff))} after the ${slaLength(ackMinutes)} SLA ended at ${at(due)}.`,
      });
    } else if (!first && facts.passed(due)) {
      drafts.push({
        ...base,
        code: 'ALERT_ACK_MISSED',
        satisfied: null,
        evidence: [raised],
        summary: `${PARTY_NAME[party]} never acknowledged or closed ${what}, raised at ${at(t0)}; the ${slaLength(ackMinutes)} SLA ended at ${at(due)}.`,
      });
    }
  }

  const notifyMinutes = terms.sla.notifyClientMinutes?.[severity];
  const firstNotice = notifications[0];
  if (notifyMinutes !== undefined) {
    const due = t0 + notifyMinutes * MINUTE;
    const party = ownerOf('client_notification', terms);
    const base = { party, area: 'client_notification', subject, due, scope } as const;
    if (firstNotice && firstNotice.eff > due) {
      drafts.push({
        ...base,
        code: 'CLIENT_NOTIFY_LATE',
        satisfied: firstNotice.eff,
        evidence: [raised, firstNotice],
        summary: `${PARTY_NAME[party]} notified the client of ${what} at ${at(firstNotice.eff)} by ${firstNotice.event.data.channel}, ${duration(minutesBetween(due, firstNotice.eff))} after the ${slaLength(notifyMinutes)} notification SLA ended at ${at(due)}.`,
      });
    } else if (
      !firstNotice &&
      facts.passed(due) &&
      !exemptFromNotification(facts, closures[0], due, t0)
    ) {
      drafts.push({
        ...base,
        code: 'CLIENT_NOTIFY_MISSED',
        satisfied: null,
        evidence: [raised, ...closures.slice(0, 1)],
        summary: `${PARTY_NAME[party]} never notified the client of ${what}, raised at ${at(t0)}; the ${slaLength(notifyMinutes)} notification SLA ended at ${at(due)}.`,
      });
    }
  }

  if (firstNotice) {
    const noticeTerms = facts.termsAt(firstNotice.eff);
    const ackMinutes = noticeTerms.sla.clientAcknowledgeMinutes;
    if (ackMinutes !== undefined) {
      const due = firstNotice.eff + ackMinutes * MINUTE;
      const party = ownerOf('notification_acknowledgement', noticeTerms);
      const onTime = clientAcks.some((ack) => ack.eff <= due);
      const later = clientAcks.find((ack) => ack.eff > due);
      if (!onTime && (later || facts.passed(due))) {
        drafts.push({
          party,
          area: 'notification_acknowledgement',
          subject,
          due,
          scope,
          code: 'NOTIFICATION_UNACKNOWLEDGED',
          satisfied: later?.eff ?? null,
          evidence: later ? [firstNotice, later] : [firstNotice],
          summary: later
            ? `${PARTY_NAME[party]} acknowledged the MSSP's notification of ${what} at ${at(later.eff)}, ${duration(minutesBetween(due, later.eff))} after the ${slaLength(ackMinutes)} window ended at ${at(due)}.`
            : `${PARTY_NAME[party]} never acknowledged the MSSP's notification of ${what}, sent at ${at(firstNotice.eff)}; the ${slaLength(ackMinutes)} window ended at ${at(due)}.`,
        });
      }
    }
  }
  return drafts;
}

/**
 * CLIENT_NOTIFY_MISSED's exemption: closed before the deadline as a false positive, benign or a
 * duplicate, or as an authorised test that a notice recorded before the alert had announced.
 */
function exemptFromNotification(
  facts: EngagementFacts,
  closure: Fact<'AlertClosed'> | undefined,
  due: number,
  raisedAt: number,
): boolean {
  if (!closure || closure.eff > due) return false;
  const disposition = closure.event.data.disposition;
  if (EXEMPT_CLOSURES.includes(disposition)) return true;
  return (
    disposition === 'authorized_test' &&
    noticeCovering(facts, raisedAt, raisedAt, raisedAt) !== undefined
  );
}
