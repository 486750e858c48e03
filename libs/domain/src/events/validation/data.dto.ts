import {
  type AlertClosedData,
  type AlertRaisedData,
  type AlertRefData,
  type Area,
  AREAS,
  INGEST_SOURCES,
  type BreachConfirmedData,
  type ClientNotifiedData,
  type ClientRequestMadeData,
  type CoverageGapReportedData,
  type CoverageReportedData,
  DECLINE_REASONS,
  type DeclineReason,
  type Disposition,
  DISPOSITIONS,
  type EngagementContractedData,
  type EngagementRenewedData,
  type EngagementTerminatedData,
  type EventType,
  FEE_PERIODS,
  type IncidentDeclaredData,
  type IncidentLinkedData,
  type IncidentResolvedData,
  type MsspRespondedData,
  type ObligedParty,
  PARTIES,
  type RecommendationDeclinedData,
  type RecommendationIssuedData,
  type RecommendationRefData,
  type RemediationCompletedData,
  REQUEST_SERVICES,
  type RequestAbandonedData,
  type RequestDeclinedData,
  type RequestService,
  type RiskAcceptedData,
  ROOT_CAUSE_KINDS,
  type RootCauseKind,
  type Scope,
  type SensorPlacementData,
  type Service,
  SERVICES,
  type Severity,
  type SeverityMinutes,
  SEVERITIES,
  type SeverityMap,
  type Sla,
  type TestConductedData,
  type TestNoticeFiledData,
  type TestRefData,
} from '../event-catalogue';
import {
  anyString,
  boolean,
  count,
  dataId,
  type DtoClass,
  Field,
  idList,
  keyedBy,
  tablesKeyedBy,
  Nested,
  nonNegative,
  oneOf,
  oneOfList,
  pattern,
  plainObject,
  positive,
  ratio,
  text,
  textList,
  timestamp,
  timestampAfter,
} from './rules';

/**
 * class-validator DTOs of every event type's `data` (events.md). Each class lists the contract's
 * fields; fields it does not list are allowed and kept verbatim by `validateEnvelope`. Nested
 * classes are declared before the classes that use them (decorator metadata refers to them).
 */

/** The parties that can owe an obligation: not the operator. */
export const OBLIGED_PARTIES = PARTIES.filter(
  (p): p is ObligedParty => p !== 'operator',
) as readonly ObligedParty[];

type Responsibilities = Partial<Record<Area, ObligedParty>>;

const responsibilities = keyedBy(AREAS, OBLIGED_PARTIES, 'a responsibility area');
const severityMap = tablesKeyedBy(INGEST_SOURCES, SEVERITIES, 'an ingest source');
const currency = pattern(
  'Currency',
  /^[A-Z]{3}$/,
  'must be a 3-letter ISO 4217 currency code in capitals, e.g. USD',
);

// ---------------------------------------------------------------------------------------------
// Contract terms.

export class SeverityMinutesDto implements SeverityMinutes {
  @Field(positive) critical!: number;
  @Field(positive) high!: number;
  @Field(positive) medium!: number;
  @Field(positive) low!: number;
}

export class PartialSeverityMinutesDto implements Partial<SeverityMinutes> {
  @Field(positive, 'optional') critical?: number;
  @Field(positive, 'optional') high?: number;
  @Field(positive, 'optional') medium?: number;
  @Field(positive, 'optional') low?: number;
}

export class SlaDto implements Sla {
  @Nested(() => SeverityMinutesDto) acknowledgeMinutes!: SeverityMinutesDto;
  @Nested(() => PartialSeverityMinutesDto, 'optional')
  notifyClientMinutes?: PartialSeverityMinutesDto;
  @Field(positive, 'optional') clientAcknowledgeMinutes?: number;
  @Nested(() => SeverityMinutesDto) requestResponseMinutes!: SeverityMinutesDto;
  @Field(ratio, 'optional') minimumCoverageRatio?: number;
  @Field(positive, 'optional') coverageReportMaxDays?: number;
  @Field(positive, 'optional') gapReportDays?: number;
  /** 0 is meaningful: a notice just before the test is enough. */
  @Field(nonNegative, 'optional') testNoticeLeadHours?: number;
  /** 0 is meaningful: every event recorded after it happened counts as late. */
  @Field(nonNegative, 'optional') recordingToleranceMinutes?: number;
  @Field(severityMap, 'optional') severityMap?: SeverityMap;
}

/**
 * An amendment's SLA: merged key by key, recursively, so the severity tables are partial too
 * (`{"acknowledgeMinutes": {"high": 20}}` changes one deadline).
 */
export class PartialSlaDto {
  @Nested(() => PartialSeverityMinutesDto, 'optional')
  acknowledgeMinutes?: PartialSeverityMinutesDto;
  @Nested(() => PartialSeverityMinutesDto, 'optional')
  notifyClientMinutes?: PartialSeverityMinutesDto;
  @Field(positive, 'optional') clientAcknowledgeMinutes?: number;
  @Nested(() => PartialSeverityMinutesDto, 'optional')
  requestResponseMinutes?: PartialSeverityMinutesDto;
  @Field(ratio, 'optional') minimumCoverageRatio?: number;
  @Field(positive, 'optional') coverageReportMaxDays?: number;
  @Field(positive, 'optional') gapReportDays?: number;
  @Field(nonNegative, 'optional') testNoticeLeadHours?: number;
  @Field(nonNegative, 'optional') recordingToleranceMinutes?: number;
  @Field(severityMap, 'optional') severityMap?: SeverityMap;
}

export class ScopeDto implements Scope {
  @Field(count) endpoints!: number;
  @Field(count) servers!: number;
  @Field(textList) telemetry!: string[];
}

export class PartialScopeDto implements Partial<Scope> {
  @Field(count, 'optional') endpoints?: number;
  @Field(count, 'optional') servers?: number;
  @Field(textList, 'optional') telemetry?: string[];
}

export class NamedPartyDto {
  [extra: string]: unknown;
  @Field(text) name!: string;
}

export class FeeDto {
  @Field(nonNegative) amount!: number;
  @Field(currency) currency!: string;
  @Field(oneOf(FEE_PERIODS)) period!: (typeof FEE_PERIODS)[number];
}

// ---------------------------------------------------------------------------------------------
// Engagement.

export class EngagementContractedDataDto implements EngagementContractedData {
  [extra: string]: unknown;
  @Nested(() => NamedPartyDto) client!: NamedPartyDto;
  @Nested(() => NamedPartyDto) mssp!: NamedPartyDto;
  @Field(timestamp) startsAt!: string;
  @Field(timestampAfter('startsAt', true), 'optional') endsAt?: string;
  @Field(oneOfList(SERVICES)) services!: Service[];
  @Nested(() => ScopeDto) scope!: ScopeDto;
  @Nested(() => SlaDto) sla!: SlaDto;
  @Field(responsibilities, 'optional') responsibilities?: Responsibilities;
  @Nested(() => FeeDto, 'optional') fee?: FeeDto;
}

/**
 * All fields optional; at least one of them must be given (checked by `validateEnvelope`, which
 * knows the whole `data`). Not `implements EngagementAmendedData`: that type makes the nested
 * severity tables of `sla` complete, where the recursive merge of events.md makes them partial.
 */
export class EngagementAmendedDataDto {
  [extra: string]: unknown;
  @Field(oneOfList(SERVICES), 'optional') services?: Service[];
  @Nested(() => PartialScopeDto, 'optional') scope?: PartialScopeDto;
  @Nested(() => PartialSlaDto, 'optional') sla?: PartialSlaDto;
  @Field(responsibilities, 'optional') responsibilities?: Responsibilities;
  @Field(timestamp, 'optional') endsAt?: string;
}

/** The fields of which an `EngagementAmended` must give at least one. */
export const AMENDABLE_TERMS = ['services', 'scope', 'sla', 'responsibilities', 'endsAt'] as const;

export class EngagementRenewedDataDto implements EngagementRenewedData {
  [extra: string]: unknown;
  @Field(timestamp) endsAt!: string;
  @Field(boolean) coverageReviewed!: boolean;
}

export class EngagementTerminatedDataDto implements EngagementTerminatedData {
  [extra: string]: unknown;
  @Field(text) reason!: string;
}

// ---------------------------------------------------------------------------------------------
// Sensors and coverage.

/** `SensorDeployed` and `SensorRelocated`. */
export class SensorPlacementDataDto implements SensorPlacementData {
  [extra: string]: unknown;
  @Field(dataId) sensorId!: string;
  @Field(text) placement!: string;
  @Field(oneOf(OBLIGED_PARTIES)) instructedBy!: ObligedParty;
  @Field(oneOf(OBLIGED_PARTIES)) installedBy!: ObligedParty;
  @Field(boolean) followedInstructions!: boolean;
}

export class CoverageReportedDataDto implements CoverageReportedData {
  [extra: string]: unknown;
  @Field(dataId, 'optional') sensorId?: string;
  @Field(count) endpoints!: number;
  @Field(count) servers!: number;
  @Field(textList) telemetry!: string[];
}

export class CoverageGapReportedDataDto implements CoverageGapReportedData {
  [extra: string]: unknown;
  @Field(dataId, 'optional') sensorId?: string;
  @Field(text) detail!: string;
}

// ---------------------------------------------------------------------------------------------
// Alerts.

export class AlertRaisedDataDto implements AlertRaisedData {
  [extra: string]: unknown;
  @Field(dataId) alertId!: string;
  @Field(oneOf(SEVERITIES)) severity!: Severity;
  @Field(text) title!: string;
  @Field(anyString, 'optional') source?: string;
  @Field(textList, 'optional') assets?: string[];
  @Field(plainObject, 'optional') indicators?: { [key: string]: unknown };
  @Field(plainObject, 'optional') raw?: { [key: string]: unknown };
}

/** `AlertAcknowledged` and `ClientAcknowledged`. */
export class AlertRefDataDto implements AlertRefData {
  [extra: string]: unknown;
  @Field(dataId) alertId!: string;
}

export class ClientNotifiedDataDto implements ClientNotifiedData {
  [extra: string]: unknown;
  @Field(dataId) alertId!: string;
  @Field(text) channel!: string;
  @Field(anyString, 'optional') message?: string;
}

export class AlertClosedDataDto implements AlertClosedData {
  [extra: string]: unknown;
  @Field(dataId) alertId!: string;
  @Field(oneOf(DISPOSITIONS)) disposition!: Disposition;
  @Field(dataId, 'optional') testId?: string;
  @Field(anyString, 'optional') reason?: string;
}

// ---------------------------------------------------------------------------------------------
// Penetration tests.

export class TestScopeDto {
  [extra: string]: unknown;
  @Field(textList, 'optional') sourceIps?: string[];
  @Field(textList, 'optional') targets?: string[];
}

export class TestNoticeFiledDataDto implements TestNoticeFiledData {
  [extra: string]: unknown;
  @Field(dataId) testId!: string;
  @Field(text) tester!: string;
  @Field(oneOf(OBLIGED_PARTIES)) testerParty!: ObligedParty;
  @Field(timestamp) windowStart!: string;
  @Field(timestampAfter('windowStart', true)) windowEnd!: string;
  @Nested(() => TestScopeDto, 'optional') scope?: TestScopeDto;
}

/** `TestNoticeAcknowledged` and `TestNoticeWithdrawn`. */
export class TestRefDataDto implements TestRefData {
  [extra: string]: unknown;
  @Field(dataId) testId!: string;
}

export class TestConductedDataDto implements TestConductedData {
  [extra: string]: unknown;
  @Field(dataId, 'optional') testId?: string;
  @Field(text) tester!: string;
  @Field(timestamp) startedAt!: string;
  @Field(timestampAfter('startedAt', false)) endedAt!: string;
  @Field(textList, 'optional') sourceIps?: string[];
  @Field(textList, 'optional') targets?: string[];
}

// ---------------------------------------------------------------------------------------------
// Client requests.

export class ClientRequestMadeDataDto implements ClientRequestMadeData {
  [extra: string]: unknown;
  @Field(dataId) requestId!: string;
  @Field(oneOf(REQUEST_SERVICES)) service!: RequestService;
  @Field(oneOf(SEVERITIES)) urgency!: Severity;
  @Field(text) question!: string;
  @Field(dataId, 'optional') incidentId?: string;
  @Field(dataId, 'optional') alertId?: string;
}

export class MsspRespondedDataDto implements MsspRespondedData {
  [extra: string]: unknown;
  @Field(dataId) requestId!: string;
  @Field(text) answer!: string;
  @Field(boolean) complete!: boolean;
}

export class RequestDeclinedDataDto implements RequestDeclinedData {
  [extra: string]: unknown;
  @Field(dataId) requestId!: string;
  @Field(oneOf(DECLINE_REASONS)) reason!: DeclineReason;
  @Field(anyString, 'optional') detail?: string;
}

export class RequestAbandonedDataDto implements RequestAbandonedData {
  [extra: string]: unknown;
  @Field(dataId) requestId!: string;
  @Field(anyString, 'optional') detail?: string;
}

// ---------------------------------------------------------------------------------------------
// Recommendations.

export class RelatesToDto {
  [extra: string]: unknown;
  @Field(dataId, 'optional') sensorId?: string;
  @Field(text, 'optional') cve?: string;
  @Field(text, 'optional') control?: string;
}

export class RecommendationIssuedDataDto implements RecommendationIssuedData {
  [extra: string]: unknown;
  @Field(dataId) recommendationId!: string;
  @Field(text) title!: string;
  @Field(oneOf(SEVERITIES)) severity!: Severity;
  @Field(timestamp) dueBy!: string;
  @Field(oneOf(AREAS), 'optional') area?: Area;
  @Nested(() => RelatesToDto, 'optional') relatesTo?: RelatesToDto;
}

/** `RecommendationAccepted`. */
export class RecommendationRefDataDto implements RecommendationRefData {
  [extra: string]: unknown;
  @Field(dataId) recommendationId!: string;
}

export class RecommendationDeclinedDataDto implements RecommendationDeclinedData {
  [extra: string]: unknown;
  @Field(dataId) recommendationId!: string;
  @Field(text) rationale!: string;
}

export class RiskAcceptedDataDto implements RiskAcceptedData {
  [extra: string]: unknown;
  @Field(dataId) recommendationId!: string;
  @Field(text) rationale!: string;
  @Field(text) approver!: string;
}

export class RemediationCompletedDataDto implements RemediationCompletedData {
  [extra: string]: unknown;
  @Field(dataId) recommendationId!: string;
  @Field(anyString, 'optional') evidence?: string;
}

// ---------------------------------------------------------------------------------------------
// Incidents.

export class IncidentDeclaredDataDto implements IncidentDeclaredData {
  [extra: string]: unknown;
  @Field(dataId) incidentId!: string;
  @Field(text) title!: string;
  @Field(oneOf(SEVERITIES)) severity!: Severity;
  @Field(idList, 'optional') alertIds?: string[];
}

export class IncidentLinkedDataDto implements IncidentLinkedData {
  [extra: string]: unknown;
  @Field(dataId) incidentId!: string;
  @Field(idList, 'optional') alertIds?: string[];
  @Field(idList, 'optional') requestIds?: string[];
  @Field(idList, 'optional') testIds?: string[];
}

export class RootCauseDto {
  [extra: string]: unknown;
  @Field(oneOf(ROOT_CAUSE_KINDS)) kind!: RootCauseKind;
  @Field(dataId, 'optional') recommendationId?: string;
  @Field(dataId, 'optional') sensorId?: string;
  @Field(dataId, 'optional') alertId?: string;
  @Field(dataId, 'optional') testId?: string;
  @Field(dataId, 'optional') requestId?: string;
}

export class BreachConfirmedDataDto implements BreachConfirmedData {
  [extra: string]: unknown;
  @Field(dataId) incidentId!: string;
  @Field(timestamp, 'optional') firstCompromiseAt?: string;
  @Nested(() => RootCauseDto) rootCause!: RootCauseDto;
}

export class IncidentResolvedDataDto implements IncidentResolvedData {
  [extra: string]: unknown;
  @Field(dataId) incidentId!: string;
  @Field(anyString, 'optional') summary?: string;
}

/** The DTO class of each event type's `data`. */
export const DATA_DTO_BY_TYPE: { readonly [T in EventType]: DtoClass } = {
  EngagementContracted: EngagementContractedDataDto,
  EngagementAmended: EngagementAmendedDataDto,
  EngagementRenewed: EngagementRenewedDataDto,
  EngagementTerminated: EngagementTerminatedDataDto,
  SensorDeployed: SensorPlacementDataDto,
  SensorRelocated: SensorPlacementDataDto,
  CoverageReported: CoverageReportedDataDto,
  CoverageGapReported: CoverageGapReportedDataDto,
  AlertRaised: AlertRaisedDataDto,
  AlertAcknowledged: AlertRefDataDto,
  ClientNotified: ClientNotifiedDataDto,
  ClientAcknowledged: AlertRefDataDto,
  AlertClosed: AlertClosedDataDto,
  TestNoticeFiled: TestNoticeFiledDataDto,
  TestNoticeAcknowledged: TestRefDataDto,
  TestNoticeWithdrawn: TestRefDataDto,
  TestConducted: TestConductedDataDto,
  ClientRequestMade: ClientRequestMadeDataDto,
  MsspResponded: MsspRespondedDataDto,
  RequestDeclined: RequestDeclinedDataDto,
  RequestAbandoned: RequestAbandonedDataDto,
  RecommendationIssued: RecommendationIssuedDataDto,
  RecommendationAccepted: RecommendationRefDataDto,
  RecommendationDeclined: RecommendationDeclinedDataDto,
  RiskAccepted: RiskAcceptedDataDto,
  RemediationCompleted: RemediationCompletedDataDto,
  IncidentDeclared: IncidentDeclaredDataDto,
  IncidentLinked: IncidentLinkedDataDto,
  BreachConfirmed: BreachConfirmedDataDto,
  IncidentResolved: IncidentResolvedDataDto,
};
