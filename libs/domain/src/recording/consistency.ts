import {
  type EngagementAmendedData,
  type EngagementContractedData,
  type EventType,
  type Party,
  RECORDERS,
} from '../events/event-catalogue';
import { type AggregateKind, type AggregateRef, aggregateOf } from './streams';

/**
 * The consistency rules of events.md as pure deciders. The ledger records what the parties
 * say happened, in whatever order: it refuses only what cannot be true. Each refusal names
 * its rule, so a test per rule fails when the rule is removed.
 */
export type RuleCode =
  | 'PARTY_MAY_NOT_RECORD'
  | 'ENGAGEMENT_UNKNOWN'
  | 'ENGAGEMENT_ALREADY_CONTRACTED'
  | 'ENGAGEMENT_TERMINATED'
  | 'SUBJECT_UNKNOWN'
  | 'REFERENCE_UNKNOWN'
  | 'ID_ALREADY_USED'
  | 'ALERT_ALREADY_CLOSED'
  | 'OCCURRED_IN_FUTURE';

export interface Rejection {
  readonly rule: RuleCode;
  /** 400 bad input, 403 not this party's to record, 404 unknown engagement, 409 contradicts the ledger. */
  readonly status: 400 | 403 | 404 | 409;
  /** The envelope field the rule is about, e.g. `data.alertId`. */
  readonly path: string;
  readonly message: string;
}

// ---------------------------------------------------------------------------------------------
// States: what the deciders need to know of a stream, evolved from its events.

export type EngagementState =
  | { readonly status: 'unknown' }
  | { readonly status: 'active' | 'terminated'; readonly recordingToleranceMinutes: number };

export const INITIAL_ENGAGEMENT: EngagementState = { status: 'unknown' };
export const DEFAULT_RECORDING_TOLERANCE_MINUTES = 10;

export interface RecordedFact {
  readonly type: EventType;
  readonly data: { readonly [key: string]: unknown };
}

export function evolveEngagement(state: EngagementState, event: RecordedFact): EngagementState {
  switch (event.type) {
    case 'EngagementContracted': {
      const sla = (event.data as EngagementContractedData).sla;
      return {
        status: 'active',
        recordingToleranceMinutes:
          sla.recordingToleranceMinutes ?? DEFAULT_RECORDING_TOLERANCE_MINUTES,
      };
    }
    case 'EngagementAmended': {
      if (state.status === 'unknown') return state;
      const tolerance = (event.data as EngagementAmendedData).sla?.recordingToleranceMinutes;
      return tolerance === undefined ? state : { ...state, recordingToleranceMinutes: tolerance };
    }
    case 'EngagementTerminated':
      return state.status === 'unknown' ? state : { ...state, status: 'terminated' };
    default:
      return state;
  }
}

/** What a non-engagement stream has seen: how many events of each type. */
export interface AggregateState {
  readonly seen: Readonly<Partial<Record<EventType, number>>>;
}

export const INITIAL_AGGREGATE: AggregateState = { seen: {} };

export function evolveAggregate(state: AggregateState, event: RecordedFact): AggregateState {
  return { seen: { ...state.seen, [event.type]: (state.seen[event.type] ?? 0) + 1 } };
}

// ---------------------------------------------------------------------------------------------
// The rules.

/** The event that brings each kind of aggregate into being, where there is one. */
const CREATED_BY: Partial<Record<AggregateKind, readonly EventType[]>> = {
  alert: ['AlertRaised'],
  test: ['TestNoticeFiled', 'TestConducted'],
  request: ['ClientRequestMade'],
  recommendation: ['RecommendationIssued'],
  incident: ['IncidentDeclared'],
  sensor: ['SensorDeployed', 'SensorRelocated', 'CoverageReported', 'CoverageGapReported'],
};

/** Events that need an earlier one in their own stream, and which. */
const REQUIRES: Partial<Record<EventType, EventType>> = {
  AlertAcknowledged: 'AlertRaised',
  ClientNotified: 'AlertRaised',
  ClientAcknowledged: 'AlertRaised',
  AlertClosed: 'AlertRaised',
  TestNoticeAcknowledged: 'TestNoticeFiled',
  TestNoticeWithdrawn: 'TestNoticeFiled',
  MsspResponded: 'ClientRequestMade',
  RequestDeclined: 'ClientRequestMade',
  RequestAbandoned: 'ClientRequestMade',
  RecommendationAccepted: 'RecommendationIssued',
  RecommendationDeclined: 'RecommendationIssued',
  RiskAccepted: 'RecommendationIssued',
  RemediationCompleted: 'RecommendationIssued',
  IncidentLinked: 'IncidentDeclared',
  BreachConfirmed: 'IncidentDeclared',
  IncidentResolved: 'IncidentDeclared',
};

/** Events that may appear once per id in an engagement ("ids unique within their engagement"). */
const ONCE_PER_ID: readonly EventType[] = [
  'AlertRaised',
  'AlertClosed',
  'TestNoticeFiled',
  'ClientRequestMade',
  'RecommendationIssued',
  'IncidentDeclared',
];

const SUBJECT_ID_FIELD: Partial<Record<AggregateKind, string>> = {
  alert: 'alertId',
  test: 'testId',
  request: 'requestId',
  recommendation: 'recommendationId',
  incident: 'incidentId',
  sensor: 'sensorId',
};

export interface Reference extends AggregateRef {
  /** Where the reference stands in the envelope, e.g. `data.alertIds[1]`. */
  readonly path: string;
}

/** Ids of other aggregates an event names, which must already exist. */
export function referencesOf(
  type: EventType,
  data: { readonly [key: string]: unknown },
): Reference[] {
  const refs: Reference[] = [];
  const one = (kind: AggregateKind, value: unknown, path: string): void => {
    if (typeof value === 'string') refs.push({ kind, id: value, path });
  };
  const many = (kind: AggregateKind, value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => one(kind, item, `${path}[${i}]`));
  };
  switch (type) {
    case 'AlertClosed':
      one('test', data.testId, 'data.testId');
      break;
    case 'ClientRequestMade':
      one('incident', data.incidentId, 'data.incidentId');
      one('alert', data.alertId, 'data.alertId');
      break;
    case 'IncidentDeclared':
      many('alert', data.alertIds, 'data.alertIds');
      break;
    case 'IncidentLinked':
      many('alert', data.alertIds, 'data.alertIds');
      many('request', data.requestIds, 'data.requestIds');
      many('test', data.testIds, 'data.testIds');
      break;
    case 'BreachConfirmed': {
      const cause = (data.rootCause ?? {}) as { readonly [key: string]: unknown };
      one('recommendation', cause.recommendationId, 'data.rootCause.recommendationId');
      one('sensor', cause.sensorId, 'data.rootCause.sensorId');
      one('alert', cause.alertId, 'data.rootCause.alertId');
      one('test', cause.testId, 'data.rootCause.testId');
      one('request', cause.requestId, 'data.rootCause.requestId');
      break;
    }
    default:
      break;
  }
  return refs;
}

export interface RecordingCandidate {
  readonly id: string;
  readonly type: EventType;
  /** The party the event is recorded as (from the caller, or the line of an operator import). */
  readonly party: Party;
  readonly data: { readonly [key: string]: unknown };
  /** Milliseconds. */
  readonly occurredAt: number;
  /** Milliseconds. */
  readonly recordedAt: number;
}

export interface DecisionContext {
  readonly engagement: EngagementState;
  /** The state of the stream the event goes to. */
  readonly subject: AggregateState;
  /** Whether each referenced aggregate exists, by `kind/id`. */
  readonly exists: (ref: AggregateRef) => boolean;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Accepts (undefined) or refuses an event, given what the ledger already knows. */
export function decide(
  candidate: RecordingCandidate,
  context: DecisionContext,
): Rejection | undefined {
  const { type, party, data } = candidate;

  const recorders = RECORDERS[type];
  if (!recorders.includes(party)) {
    return {
      rule: 'PARTY_MAY_NOT_RECORD',
      status: 403,
      path: 'party',
      message: `${type} may be recorded by ${listOf(recorders)}, not by ${party}`,
    };
  }

  if (candidate.occurredAt - candidate.recordedAt > FUTURE_TOLERANCE_MS) {
    return {
      rule: 'OCCURRED_IN_FUTURE',
      status: 400,
      path: 'occurredAt',
      message: 'is more than 5 minutes after the time the ledger recorded the event',
    };
  }

  const engagement = context.engagement;
  if (type === 'EngagementContracted') {
    if (engagement.status !== 'unknown') {
      return {
        rule: 'ENGAGEMENT_ALREADY_CONTRACTED',
        status: 409,
        path: 'type',
        message: 'the engagement is already contracted: EngagementContracted comes once, first',
      };
    }
    return undefined;
  }
  if (engagement.status === 'unknown') {
    return {
      rule: 'ENGAGEMENT_UNKNOWN',
      status: 404,
      path: 'engagementId',
      message: 'no such engagement: its EngagementContracted has not been recorded',
    };
  }
  if (engagement.status === 'terminated' && party !== 'operator') {
    return {
      rule: 'ENGAGEMENT_TERMINATED',
      status: 409,
      path: 'engagementId',
      message: 'the engagement is terminated: only the operator may still record events',
    };
  }

  const subject = aggregateOf(type, data, candidate.id);
  const subjectField = SUBJECT_ID_FIELD[subject.kind];
  const subjectPath = subjectField ? `data.${subjectField}` : 'type';
  const required = REQUIRES[type];
  if (required && !context.subject.seen[required]) {
    return {
      rule: 'SUBJECT_UNKNOWN',
      status: 409,
      path: subjectPath,
      message: `${subject.kind} ${subject.id} is not known: ${type} needs an earlier ${required}`,
    };
  }
  if (ONCE_PER_ID.includes(type) && context.subject.seen[type]) {
    return type === 'AlertClosed'
      ? {
          rule: 'ALERT_ALREADY_CLOSED',
          status: 409,
          path: subjectPath,
          message: `alert ${subject.id} is already closed`,
        }
      : {
          rule: 'ID_ALREADY_USED',
          status: 409,
          path: subjectPath,
          message: `${subject.kind} ${subject.id} already exists in this engagement: ${type} comes once per id`,
        };
  }

  for (const ref of referencesOf(type, data)) {
    if (!context.exists(ref)) {
      return {
        rule: 'REFERENCE_UNKNOWN',
        status: 409,
        path: ref.path,
        message: `${ref.kind} ${ref.id} is not known in this engagement${
          CREATED_BY[ref.kind] ? ` (no ${listOf(CREATED_BY[ref.kind]!)} recorded for it)` : ''
        }`,
      };
    }
  }
  return undefined;
}

function listOf(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}
