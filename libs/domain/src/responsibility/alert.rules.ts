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
  // The alert's events in one look-up (once per alert: the hottest loop of a replay).
  let first: Fact | undefined; // the first acknowledgement or closure
  let firstNotice: Fact<'ClientNotified'> | undefined;
  let firstClosure: Fact<'AlertClosed'> | undefined;
  let firstClientAck: Fact<'ClientAcknowledged'> | undefined;
  for (const fact of facts.subject('alertId', alertId)) {
    const type = fact.event.type;
    if (type === 'AlertAcknowledged' || type === 'AlertClosed') first ??= fact;
    if (type === 'AlertClosed') firstClosure ??= fact as Fact<'AlertClosed'>;
    else if (type === 'ClientNotified') firstNotice ??= fact as Fact<'ClientNotified'>;
    else if (type === 'ClientAcknowledged') firstClientAck ??= fact as Fact<'ClientAcknowledged'>;
  }
  // Most alerts have no finding: what only a finding needs is made when there is one.
  const what = () => `${severity} alert ${alertId}`;
  const subjectAndScope = {
    subject: { kind: 'alert', id: alertId },
    scope: { kind: 'alert', alertId },
  } as const;

  const ackMinutes = terms.sla.acknowledgeMinutes?.[severity];
  if (ackMinutes !== undefined) {
    const due = t0 + ackMinutes * MINUTE;
    const party = ownerOf('alert_monitoring', terms);
    if (first && first.eff > due) {
      const verb = first.event.type === 'AlertClosed' ? 'closed' : 'acknowledged';
      drafts.push({
        party,
        area: 'alert_monitoring',
        due,
        ...subjectAndScope,
        code: 'ALERT_ACK_LATE',
        satisfied: first.eff,
        evidence: [raised, first],
        summary: `${PARTY_NAME[party]} ${verb} ${what()} at ${at(first.eff)}, ${duration(minutesBetween(due, first.eff))} after the ${slaLength(ackMinutes)} SLA ended at ${at(due)}.`,
      });
    } else if (!first && facts.passed(due)) {
      drafts.push({
        party,
        area: 'alert_monitoring',
        due,
        ...subjectAndScope,
        code: 'ALERT_ACK_MISSED',
        satisfied: null,
        evidence: [raised],
        summary: `${PARTY_NAME[party]} never acknowledged or closed ${what()}, raised at ${at(t0)}; the ${slaLength(ackMinutes)} SLA ended at ${at(due)}.`,
      });
    }
  }

  const notifyMinutes = terms.sla.notifyClientMinutes?.[severity];
  if (notifyMinutes !== undefined) {
    const due = t0 + notifyMinutes * MINUTE;
    const party = ownerOf('client_notification', terms);
    if (firstNotice && firstNotice.eff > due) {
      drafts.push({
        party,
        area: 'client_notification',
        due,
        ...subjectAndScope,
        code: 'CLIENT_NOTIFY_LATE',
        satisfied: firstNotice.eff,
        evidence: [raised, firstNotice],
        summary: `${PARTY_NAME[party]} notified the client of ${what()} at ${at(firstNotice.eff)} by ${firstNotice.event.data.channel}, ${duration(minutesBetween(due, firstNotice.eff))} after the ${slaLength(notifyMinutes)} notification SLA ended at ${at(due)}.`,
      });
    } else if (
      !firstNotice &&
      facts.passed(due) &&
      !exemptFromNotification(facts, firstClosure, due, t0)
    ) {
      drafts.push({
        party,
        area: 'client_notification',
        due,
        ...subjectAndScope,
        code: 'CLIENT_NOTIFY_MISSED',
        satisfied: null,
        evidence: firstClosure ? [raised, firstClosure] : [raised],
        summary: `${PARTY_NAME[party]} never notified the client of ${what()}, raised at ${at(t0)}; the ${slaLength(notifyMinutes)} notification SLA ended at ${at(due)}.`,
      });
    }
  }

  if (firstNotice) {
    const noticeTerms = facts.termsAt(firstNotice.eff);
    const ackMinutes = noticeTerms.sla.clientAcknowledgeMinutes;
    if (ackMinutes !== undefined) {
      const due = firstNotice.eff + ackMinutes * MINUTE;
      const party = ownerOf('notification_acknowledgement', noticeTerms);
      // In effective-time order: the first acknowledgement is on time, or none is.
      const onTime = firstClientAck !== undefined && firstClientAck.eff <= due;
      const later = onTime ? undefined : firstClientAck;
      if (!onTime && (later || facts.passed(due))) {
        drafts.push({
          party,
          area: 'notification_acknowledgement',
          due,
          ...subjectAndScope,
          code: 'NOTIFICATION_UNACKNOWLEDGED',
          satisfied: later?.eff ?? null,
          evidence: later ? [firstNotice, later] : [firstNotice],
          summary: later
            ? `${PARTY_NAME[party]} acknowledged the MSSP's notification of ${what()} at ${at(later.eff)}, ${duration(minutesBetween(due, later.eff))} after the ${slaLength(ackMinutes)} window ended at ${at(due)}.`
            : `${PARTY_NAME[party]} never acknowledged the MSSP's notification of ${what()}, sent at ${at(firstNotice.eff)}; the ${slaLength(ackMinutes)} window ended at ${at(due)}.`,
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
