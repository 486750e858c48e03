import { type Area, type EventType, type ObligedParty } from '../events/event-catalogue';

/** responsibility.md, rules version 2026.1. */
export const RULES_VERSION = '2026.1';

export const FINDING_CODES = [
  'ALERT_ACK_LATE',
  'ALERT_ACK_MISSED',
  'CLIENT_NOTIFY_LATE',
  'CLIENT_NOTIFY_MISSED',
  'NOTIFICATION_UNACKNOWLEDGED',
  'TEST_UNANNOUNCED',
  'TEST_NOTICE_LATE',
  'TEST_OUT_OF_SCOPE',
  'REQUEST_RESPONSE_LATE',
  'REQUEST_UNANSWERED',
  'REQUEST_WRONGLY_DECLINED',
  'SERVICE_NOT_CONTRACTED',
  'REQUEST_ABANDONED',
  'COVERAGE_GAP',
  'COVERAGE_GAP_UNREPORTED',
  'COVERAGE_UNMONITORED',
  'RECOMMENDATION_OVERDUE',
  'RECOMMENDATION_DECLINED',
  'RISK_ACCEPTED',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const WEIGHTS: Record<FindingCode, number> = {
  ALERT_ACK_LATE: 1,
  ALERT_ACK_MISSED: 3,
  CLIENT_NOTIFY_LATE: 2,
  CLIENT_NOTIFY_MISSED: 3,
  NOTIFICATION_UNACKNOWLEDGED: 1,
  TEST_UNANNOUNCED: 3,
  TEST_NOTICE_LATE: 1,
  TEST_OUT_OF_SCOPE: 2,
  REQUEST_RESPONSE_LATE: 1,
  REQUEST_UNANSWERED: 2,
  REQUEST_WRONGLY_DECLINED: 3,
  SERVICE_NOT_CONTRACTED: 0,
  REQUEST_ABANDONED: 3,
  COVERAGE_GAP: 5,
  COVERAGE_GAP_UNREPORTED: 5,
  COVERAGE_UNMONITORED: 2,
  RECOMMENDATION_OVERDUE: 4,
  RECOMMENDATION_DECLINED: 4,
  RISK_ACCEPTED: 0,
};

/** RISK_ACCEPTED's weight when it is causal. */
export const CAUSAL_RISK_WEIGHT = 5;

export type SubjectKind = 'alert' | 'test' | 'request' | 'recommendation' | 'coverage' | 'incident';

export interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
}

export interface Evidence {
  readonly eventId: string;
  readonly type: EventType;
  readonly position: number;
  readonly effectiveAt: string;
  readonly lateRecorded: boolean;
}

export interface Finding {
  readonly code: FindingCode;
  readonly party: ObligedParty;
  readonly area: Area;
  readonly weight: number;
  readonly causal: boolean;
  readonly subject: Subject;
  readonly dueAt: string;
  readonly satisfiedAt: string | null;
  readonly lateByMinutes: number | null;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
}

export type Primary = ObligedParty | 'shared' | 'none';

export interface PartyTally {
  readonly findings: number;
  readonly weight: number;
}

export interface Verdict {
  readonly engagementId: string;
  readonly incidentId: string | null;
  readonly asOf: string;
  readonly rulesVersion: string;
  readonly primary: Primary;
  readonly parties: Readonly<Record<ObligedParty, PartyTally>>;
  readonly findings: readonly Finding[];
}
