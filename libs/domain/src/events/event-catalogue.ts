/**
 * The event catalogue of shared/spec/events.md v1, as types. Times are ISO-8601 strings
 * normalised to UTC with millisecond precision (`2023-12-23T19:40:00.000Z`); ids inside
 * `data` are strings `[A-Za-z0-9._:-]{1,128}`. Unknown fields on `data` are kept, so every data
 * type also admits extra keys.
 */

export const PARTIES = ['client', 'mssp', 'third_party', 'operator'] as const;
export type Party = (typeof PARTIES)[number];
/** The parties that can owe an obligation (the operator only records contract terms). */
export type ObligedParty = Exclude<Party, 'operator'>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SERVICES = [
  'monitoring',
  'incident_response',
  'vulnerability_management',
  'penetration_testing',
] as const;
export type Service = (typeof SERVICES)[number];

export const AREAS = [
  'alert_monitoring',
  'client_notification',
  'notification_acknowledgement',
  'request_response',
  'incident_response',
  'test_notification',
  'test_conduct',
  'sensor_placement',
  'sensor_installation',
  'coverage_verification',
  'remediation',
] as const;
export type Area = (typeof AREAS)[number];

export const DISPOSITIONS = [
  'true_positive',
  'false_positive',
  'authorized_test',
  'benign',
  'duplicate',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const REQUEST_SERVICES = [
  'monitoring',
  'incident_response',
  'vulnerability_management',
  'other',
] as const;
export type RequestService = (typeof REQUEST_SERVICES)[number];

export const DECLINE_REASONS = ['out_of_scope', 'insufficient_information', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const ROOT_CAUSE_KINDS = [
  'unpatched_vulnerability',
  'coverage_gap',
  'credential_misuse',
  'unannounced_test',
  'misconfiguration',
  'other',
] as const;
export type RootCauseKind = (typeof ROOT_CAUSE_KINDS)[number];

export const FEE_PERIODS = ['month', 'quarter', 'year'] as const;

/** An ISO-8601 UTC timestamp with milliseconds. */
export type Timestamp = string;
type Open = { [extra: string]: unknown };

export type SeverityMinutes = Record<Severity, number>;

/** The alert formats `onus ingest` reads (docs/INGEST.md). */
export const INGEST_SOURCES = ['suricata', 'ocsf', 'wazuh'] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

/** Per source, its severity values (`"2"`) to severities, over the default tables. */
export type SeverityMap = Partial<Record<IngestSource, Record<string, Severity>>>;

export interface Sla {
  acknowledgeMinutes: SeverityMinutes;
  notifyClientMinutes?: Partial<SeverityMinutes>;
  clientAcknowledgeMinutes?: number;
  requestResponseMinutes: SeverityMinutes;
  minimumCoverageRatio?: number;
  coverageReportMaxDays?: number;
  gapReportDays?: number;
  testNoticeLeadHours?: number;
  recordingToleranceMinutes?: number;
  /** How ingested alerts' severities map (docs/INGEST.md); amendments merge it key by key. */
  severityMap?: SeverityMap;
}

export interface Scope {
  endpoints: number;
  servers: number;
  telemetry: string[];
}

export interface EngagementContractedData extends Open {
  client: { name: string } & Open;
  mssp: { name: string } & Open;
  startsAt: Timestamp;
  endsAt?: Timestamp;
  services: Service[];
  scope: Scope;
  sla: Sla;
  responsibilities?: Partial<Record<Area, ObligedParty>>;
  fee?: { amount: number; currency: string; period: (typeof FEE_PERIODS)[number] };
}

/** An amendment's terms merge key by key, recursively: its severity tables may be partial too. */
export type SlaAmendment = Partial<Omit<Sla, 'acknowledgeMinutes' | 'requestResponseMinutes'>> & {
  acknowledgeMinutes?: Partial<SeverityMinutes>;
  requestResponseMinutes?: Partial<SeverityMinutes>;
};

export interface EngagementAmendedData extends Open {
  services?: Service[];
  scope?: Partial<Scope>;
  sla?: SlaAmendment;
  responsibilities?: Partial<Record<Area, ObligedParty>>;
  endsAt?: Timestamp;
}

export interface EngagementRenewedData extends Open {
  endsAt: Timestamp;
  coverageReviewed: boolean;
}

export interface EngagementTerminatedData extends Open {
  reason: string;
}

export interface SensorPlacementData extends Open {
  sensorId: string;
  placement: string;
  instructedBy: ObligedParty;
  installedBy: ObligedParty;
  followedInstructions: boolean;
}

export interface CoverageReportedData extends Open {
  sensorId?: string;
  endpoints: number;
  servers: number;
  telemetry: string[];
}

export interface CoverageGapReportedData extends Open {
  sensorId?: string;
  detail: string;
}

export interface AlertRaisedData extends Open {
  alertId: string;
  severity: Severity;
  title: string;
  source?: string;
  assets?: string[];
  indicators?: { [key: string]: unknown };
  raw?: { [key: string]: unknown };
}

export interface AlertRefData extends Open {
  alertId: string;
}

export interface ClientNotifiedData extends Open {
  alertId: string;
  channel: string;
  message?: string;
}

export interface AlertClosedData extends Open {
  alertId: string;
  disposition: Disposition;
  testId?: string;
  reason?: string;
}

export interface TestNoticeFiledData extends Open {
  testId: string;
  tester: string;
  testerParty: ObligedParty;
  windowStart: Timestamp;
  windowEnd: Timestamp;
  scope?: { sourceIps?: string[]; targets?: string[] } & Open;
}

export interface TestRefData extends Open {
  testId: string;
}

export interface TestConductedData extends Open {
  testId?: string;
  tester: string;
  startedAt: Timestamp;
  endedAt: Timestamp;
  sourceIps?: string[];
  targets?: string[];
}

export interface ClientRequestMadeData extends Open {
  requestId: string;
  service: RequestService;
  urgency: Severity;
  question: string;
  incidentId?: string;
  alertId?: string;
}

export interface MsspRespondedData extends Open {
  requestId: string;
  answer: string;
  complete: boolean;
}

export interface RequestDeclinedData extends Open {
  requestId: string;
  reason: DeclineReason;
  detail?: string;
}

export interface RequestAbandonedData extends Open {
  requestId: string;
  detail?: string;
}

export interface RecommendationIssuedData extends Open {
  recommendationId: string;
  title: string;
  severity: Severity;
  dueBy: Timestamp;
  area?: Area;
  relatesTo?: { sensorId?: string; cve?: string; control?: string } & Open;
}

export interface RecommendationRefData extends Open {
  recommendationId: string;
}

export interface RecommendationDeclinedData extends Open {
  recommendationId: string;
  rationale: string;
}

export interface RiskAcceptedData extends Open {
  recommendationId: string;
  rationale: string;
  approver: string;
}

export interface RemediationCompletedData extends Open {
  recommendationId: string;
  evidence?: string;
}

export interface IncidentDeclaredData extends Open {
  incidentId: string;
  title: string;
  severity: Severity;
  alertIds?: string[];
}

export interface IncidentLinkedData extends Open {
  incidentId: string;
  alertIds?: string[];
  requestIds?: string[];
  testIds?: string[];
}

export interface BreachConfirmedData extends Open {
  incidentId: string;
  firstCompromiseAt?: Timestamp;
  rootCause: {
    kind: RootCauseKind;
    recommendationId?: string;
    sensorId?: string;
    alertId?: string;
    testId?: string;
    requestId?: string;
  } & Open;
}

export interface IncidentResolvedData extends Open {
  incidentId: string;
  summary?: string;
}

/** Every event type and the shape of its `data`. */
export interface EventDataByType {
  EngagementContracted: EngagementContractedData;
  EngagementAmended: EngagementAmendedData;
  EngagementRenewed: EngagementRenewedData;
  EngagementTerminated: EngagementTerminatedData;
  SensorDeployed: SensorPlacementData;
  SensorRelocated: SensorPlacementData;
  CoverageReported: CoverageReportedData;
  CoverageGapReported: CoverageGapReportedData;
  AlertRaised: AlertRaisedData;
  AlertAcknowledged: AlertRefData;
  ClientNotified: ClientNotifiedData;
  ClientAcknowledged: AlertRefData;
  AlertClosed: AlertClosedData;
  TestNoticeFiled: TestNoticeFiledData;
  TestNoticeAcknowledged: TestRefData;
  TestNoticeWithdrawn: TestRefData;
  TestConducted: TestConductedData;
  ClientRequestMade: ClientRequestMadeData;
  MsspResponded: MsspRespondedData;
  RequestDeclined: RequestDeclinedData;
  RequestAbandoned: RequestAbandonedData;
  RecommendationIssued: RecommendationIssuedData;
  RecommendationAccepted: RecommendationRefData;
  RecommendationDeclined: RecommendationDeclinedData;
  RiskAccepted: RiskAcceptedData;
  RemediationCompleted: RemediationCompletedData;
  IncidentDeclared: IncidentDeclaredData;
  IncidentLinked: IncidentLinkedData;
  BreachConfirmed: BreachConfirmedData;
  IncidentResolved: IncidentResolvedData;
}

export type EventType = keyof EventDataByType;

/** "By" of events.md: who may record each type ("admin" is the operator). */
export const RECORDERS: { readonly [T in EventType]: readonly Party[] } = {
  EngagementContracted: ['operator'],
  EngagementAmended: ['operator'],
  EngagementRenewed: ['operator'],
  EngagementTerminated: ['operator'],
  SensorDeployed: ['mssp', 'client'],
  SensorRelocated: ['mssp', 'client'],
  CoverageReported: ['mssp', 'client', 'third_party'],
  CoverageGapReported: ['mssp', 'client'],
  AlertRaised: ['mssp', 'client'],
  AlertAcknowledged: ['mssp'],
  ClientNotified: ['mssp'],
  ClientAcknowledged: ['client'],
  AlertClosed: ['mssp'],
  TestNoticeFiled: ['client'],
  TestNoticeAcknowledged: ['mssp'],
  TestNoticeWithdrawn: ['client'],
  TestConducted: ['client', 'third_party', 'mssp'],
  ClientRequestMade: ['client'],
  MsspResponded: ['mssp'],
  RequestDeclined: ['mssp'],
  RequestAbandoned: ['client'],
  RecommendationIssued: ['mssp'],
  RecommendationAccepted: ['client'],
  RecommendationDeclined: ['client'],
  RiskAccepted: ['client'],
  RemediationCompleted: ['client'],
  IncidentDeclared: ['mssp', 'client'],
  IncidentLinked: ['mssp', 'client'],
  BreachConfirmed: ['mssp', 'client', 'third_party'],
  IncidentResolved: ['mssp', 'client'],
};

export const EVENT_TYPES = Object.keys(RECORDERS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RECORDERS, value);
}

/** What a recorder says, before the ledger has placed it. */
export interface EnvelopeOf<T extends EventType> {
  id: string;
  type: T;
  engagementId: string;
  party: Party;
  actor: string;
  occurredAt: Timestamp;
  recordedAt: Timestamp;
  data: EventDataByType[T];
}

/** The discriminated union of every event, on `type`. */
export type LedgerEnvelope = { [T in EventType]: EnvelopeOf<T> }[EventType];

/** An event as the ledger stores and serves it. */
export type LedgerEvent = LedgerEnvelope & {
  stream: string;
  revision: number;
  position: number;
  prevHash: string;
  hash: string;
  /** `occurredAt`, or `recordedAt` when the event was recorded late (events.md). */
  effectiveAt: Timestamp;
  lateRecorded: boolean;
};
