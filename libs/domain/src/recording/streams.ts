import { type EventType } from '../events/event-catalogue';

/**
 * One stream per aggregate, all named under the engagement: `{engagementId}/{kind}/{id}`, with
 * the engagement's own stream `{engagementId}/engagement`. Engagement ids cannot contain `/`,
 * so every stream of engagement E, and no other, starts with `E/`.
 */
export type AggregateKind =
  | 'engagement'
  | 'alert'
  | 'test'
  | 'request'
  | 'recommendation'
  | 'incident'
  | 'sensor'
  | 'coverage';

export interface AggregateRef {
  readonly kind: AggregateKind;
  /** The aggregate's id inside the engagement; the engagement id for `engagement` and `coverage`. */
  readonly id: string;
}

export function streamName(engagementId: string, ref: AggregateRef): string {
  switch (ref.kind) {
    case 'engagement':
      return `${engagementId}/engagement`;
    case 'coverage':
      return `${engagementId}/coverage`;
    case 'alert':
    case 'test':
    case 'request':
    case 'recommendation':
    case 'incident':
    case 'sensor':
      return `${engagementId}/${ref.kind}/${ref.id}`;
  }
}

export function engagementStreamPrefix(engagementId: string): string {
  return `${engagementId}/`;
}

/** The prefix of a test stream that has no `testId`: the `TestConducted` event id follows it. */
export const UNNAMED_TEST_PREFIX = '@';

type DataOf = { [key: string]: unknown };

/** The aggregate an event belongs to. `eventId` names a test conducted without a `testId`. */
export function aggregateOf(type: EventType, data: DataOf, eventId: string): AggregateRef {
  const id = (key: string): string => data[key] as string;
  switch (type) {
    case 'EngagementContracted':
    case 'EngagementAmended':
    case 'EngagementRenewed':
    case 'EngagementTerminated':
      return { kind: 'engagement', id: '' };
    case 'SensorDeployed':
    case 'SensorRelocated':
      return { kind: 'sensor', id: id('sensorId') };
    case 'CoverageReported':
    case 'CoverageGapReported':
      return typeof data.sensorId === 'string'
        ? { kind: 'sensor', id: id('sensorId') }
        : { kind: 'coverage', id: '' };
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'ClientNotified':
    case 'ClientAcknowledged':
    case 'AlertClosed':
      return { kind: 'alert', id: id('alertId') };
    case 'TestNoticeFiled':
    case 'TestNoticeAcknowledged':
    case 'TestNoticeWithdrawn':
      return { kind: 'test', id: id('testId') };
    case 'TestConducted':
      return {
        kind: 'test',
        id: typeof data.testId === 'string' ? id('testId') : `${UNNAMED_TEST_PREFIX}${eventId}`,
      };
    case 'ClientRequestMade':
    case 'MsspResponded':
    case 'RequestDeclined':
    case 'RequestAbandoned':
      return { kind: 'request', id: id('requestId') };
    case 'RecommendationIssued':
    case 'RecommendationAccepted':
    case 'RecommendationDeclined':
    case 'RiskAccepted':
    case 'RemediationCompleted':
      return { kind: 'recommendation', id: id('recommendationId') };
    case 'IncidentDeclared':
    case 'IncidentLinked':
    case 'BreachConfirmed':
    case 'IncidentResolved':
      return { kind: 'incident', id: id('incidentId') };
  }
}
