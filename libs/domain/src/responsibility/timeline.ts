import { type LedgerEnvelope, type Party } from '../events/event-catalogue';
import { toIso } from '../recording/effective-time';
import { type EngagementFacts, type Fact } from './facts';
import { type FindingCode, type Verdict } from './verdict.types';

export interface TimelineEntry {
  readonly position: number;
  readonly id: string;
  readonly type: LedgerEnvelope['type'];
  readonly party: Party;
  readonly actor: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly effectiveAt: string;
  readonly lateRecorded: boolean;
  readonly description: string;
  /** Codes of the verdict's findings this event is evidence of. */
  readonly findings: readonly FindingCode[];
}

export interface Timeline {
  readonly engagementId: string;
  readonly incidentId: string | null;
  readonly asOf: string;
  readonly events: readonly TimelineEntry[];
}

/**
 * interfaces.md, Timeline: the engagement's events (or the incident's: its own events, those of
 * the alerts, requests and tests tied to it, and every event the incident's findings cite) in
 * effective-time order, ties by position, each marked with the findings it is evidence of.
 */
export function buildTimeline(facts: EngagementFacts, verdict: Verdict): Timeline {
  const evidenceOf = new Map<string, FindingCode[]>();
  for (const finding of verdict.findings) {
    for (const evidence of finding.evidence) {
      const codes = evidenceOf.get(evidence.eventId) ?? [];
      if (!codes.includes(finding.code)) codes.push(finding.code);
      evidenceOf.set(evidence.eventId, codes);
    }
  }
  const included =
    verdict.incidentId === null
      ? () => true
      : incidentFilter(facts, verdict.incidentId, evidenceOf);
  return {
    engagementId: verdict.engagementId,
    incidentId: verdict.incidentId,
    asOf: verdict.asOf,
    events: facts.all.filter(included).map((fact) => ({
      position: fact.event.position,
      id: fact.event.id,
      type: fact.event.type,
      party: fact.event.party,
      actor: fact.event.actor,
      occurredAt: fact.event.occurredAt,
      recordedAt: fact.event.recordedAt,
      effectiveAt: toIso(fact.eff),
      lateRecorded: fact.late,
      description: describe(fact.event),
      findings: evidenceOf.get(fact.event.id) ?? [],
    })),
  };
}

function incidentFilter(
  facts: EngagementFacts,
  incidentId: string,
  cited: ReadonlyMap<string, unknown>,
): (fact: Fact) => boolean {
  const incidentEvents = facts.all.filter(
    (f) => (f.event.data as { incidentId?: unknown }).incidentId === incidentId,
  );
  const alertIds = new Set<string>();
  const requestIds = new Set<string>();
  const testIds = new Set<string>();
  for (const { event } of incidentEvents) {
    const data = event.data as {
      alertIds?: string[];
      requestIds?: string[];
      testIds?: string[];
      requestId?: string;
    };
    data.alertIds?.forEach((id) => alertIds.add(id));
    data.requestIds?.forEach((id) => requestIds.add(id));
    data.testIds?.forEach((id) => testIds.add(id));
    if (event.type === 'ClientRequestMade' && data.requestId) requestIds.add(data.requestId);
  }
  return (fact) => {
    const data = fact.event.data as {
      incidentId?: string;
      alertId?: string;
      requestId?: string;
      testId?: string;
    };
    return (
      data.incidentId === incidentId ||
      cited.has(fact.event.id) ||
      (data.alertId !== undefined && alertIds.has(data.alertId)) ||
      (data.requestId !== undefined && requestIds.has(data.requestId)) ||
      (data.testId !== undefined && testIds.has(data.testId))
    );
  };
}

/** One line a reviewer can read: what the event says, in its own terms. */
export function describe(event: LedgerEnvelope): string {
  switch (event.type) {
    case 'EngagementContracted':
      return `${event.data.client.name} contracted ${event.data.mssp.name} for ${event.data.services.join(', ')} from ${event.data.startsAt}`;
    case 'EngagementAmended':
      return `terms amended: ${Object.keys(event.data).join(', ')}`;
    case 'EngagementRenewed':
      return `engagement renewed until ${event.data.endsAt}${event.data.coverageReviewed ? ', coverage reviewed' : ', coverage not reviewed'}`;
    case 'EngagementTerminated':
      return `engagement terminated: ${event.data.reason}`;
    case 'SensorDeployed':
      return `sensor ${event.data.sensorId} deployed ${event.data.placement} (instructed by ${event.data.instructedBy}, installed by ${event.data.installedBy}${event.data.followedInstructions ? '' : ', instructions not followed'})`;
    case 'SensorRelocated':
      return `sensor ${event.data.sensorId} moved ${event.data.placement} (instructed by ${event.data.instructedBy}, installed by ${event.data.installedBy}${event.data.followedInstructions ? '' : ', instructions not followed'})`;
    case 'CoverageReported':
      return `coverage${event.data.sensorId ? ` of sensor ${event.data.sensorId}` : ''}: ${event.data.endpoints} endpoints, ${event.data.servers} servers, telemetry ${event.data.telemetry.join(', ') || 'none'}`;
    case 'CoverageGapReported':
      return `coverage gap reported${event.data.sensorId ? ` for sensor ${event.data.sensorId}` : ''}: ${event.data.detail}`;
    case 'AlertRaised':
      return `${event.data.severity} alert ${event.data.alertId} raised: ${event.data.title}`;
    case 'AlertAcknowledged':
      return `alert ${event.data.alertId} acknowledged`;
    case 'ClientNotified':
      return `client notified of alert ${event.data.alertId} by ${event.data.channel}`;
    case 'ClientAcknowledged':
      return `client acknowledged the notification of alert ${event.data.alertId}`;
    case 'AlertClosed':
      return `alert ${event.data.alertId} closed as ${event.data.disposition.replace(/_/g, ' ')}${event.data.testId ? ` (test ${event.data.testId})` : ''}`;
    case 'TestNoticeFiled':
      return `test ${event.data.testId} announced: ${event.data.tester}, window ${event.data.windowStart} to ${event.data.windowEnd}`;
    case 'TestNoticeAcknowledged':
      return `notice of test ${event.data.testId} acknowledged`;
    case 'TestNoticeWithdrawn':
      return `notice of test ${event.data.testId} withdrawn`;
    case 'TestConducted':
      return `test${event.data.testId ? ` ${event.data.testId}` : ''} conducted by ${event.data.tester} from ${event.data.startedAt} to ${event.data.endedAt}`;
    case 'ClientRequestMade':
      return `${event.data.urgency} ${event.data.service.replace(/_/g, ' ')} request ${event.data.requestId}: ${event.data.question}`;
    case 'MsspResponded':
      return `${event.data.complete ? 'complete' : 'partial'} answer to request ${event.data.requestId}`;
    case 'RequestDeclined':
      return `request ${event.data.requestId} declined: ${event.data.reason.replace(/_/g, ' ')}`;
    case 'RequestAbandoned':
      return `request ${event.data.requestId} abandoned${event.data.detail ? `: ${event.data.detail}` : ''}`;
    case 'RecommendationIssued':
      return `recommendation ${event.data.recommendationId} issued: ${event.data.title} (due ${event.data.dueBy})`;
    case 'RecommendationAccepted':
      return `recommendation ${event.data.recommendationId} accepted`;
    case 'RecommendationDeclined':
      return `recommendation ${event.data.recommendationId} declined: ${event.data.rationale}`;
    case 'RiskAccepted':
      return `risk of recommendation ${event.data.recommendationId} accepted by ${event.data.approver}`;
    case 'RemediationCompleted':
      return `recommendation ${event.data.recommendationId} remediated`;
    case 'IncidentDeclared':
      return `${event.data.severity} incident ${event.data.incidentId} declared: ${event.data.title}`;
    case 'IncidentLinked':
      return `linked to incident ${event.data.incidentId}: ${[...(event.data.alertIds ?? []), ...(event.data.requestIds ?? []), ...(event.data.testIds ?? [])].join(', ')}`;
    case 'BreachConfirmed':
      return `breach confirmed in incident ${event.data.incidentId}: root cause ${event.data.rootCause.kind.replace(/_/g, ' ')}`;
    case 'IncidentResolved':
      return `incident ${event.data.incidentId} resolved${event.data.summary ? `: ${event.data.summary}` : ''}`;
  }
}
