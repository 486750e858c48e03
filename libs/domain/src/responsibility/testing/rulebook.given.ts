/**
 * given(events…).when(asOf[, incidentId]).then(expectations…): the rulebook as specifications.
 *
 * Events are written as short builders (`raised('09:00', 'a-1', 'high')`); the helper turns them
 * into ledger envelopes with an engagement, a recorder party allowed for the type, an actor, an
 * id (`ev-<position>` unless named with `.as()`), `recordedAt = occurredAt` unless `.recordedAt()`
 * says otherwise, and positions in the order given.
 *
 * Times: `'09:00'` is 1 March 2024 at 09:00 UTC, `'D3 09:00'` the third day of March 2024 (days
 * may run past the month end), `'2024-05-01 09:00'` any date; seconds are allowed (`'09:00:30'`).
 */
import {
  type Area,
  type Disposition,
  type EngagementContractedData,
  type EventDataByType,
  type EventType,
  type LedgerEnvelope,
  type ObligedParty,
  type Party,
  RECORDERS,
  type RequestService,
  type Severity,
} from '../../events/event-catalogue';
import { type RuleEvent } from '../facts';
import { computeVerdict, type VerdictOutcome } from '../verdict';
import { type Finding, type FindingCode, type Verdict } from '../verdict.types';

export const ENGAGEMENT = 'eng-1';
const DAY_ONE = Date.UTC(2024, 2, 1);

/** Milliseconds of a test time (see the file comment). */
export function ms(time: string): number {
  const day = /^D(\d+) (.*)$/.exec(time);
  if (day) return DAY_ONE + (Number(day[1]) - 1) * 86_400_000 + clock(day[2]!);
  const date = /^(\d{4}-\d{2}-\d{2}) (.*)$/.exec(time);
  if (date) return Date.parse(`${date[1]}T00:00:00.000Z`) + clock(date[2]!);
  return DAY_ONE + clock(time);
}

function clock(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm);
  if (!match) throw new Error(`not a test time: ${hhmm}`);
  return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3] ?? 0)) * 1000;
}

/** The ISO form the verdict uses. */
export function iso(time: string): string {
  return new Date(ms(time)).toISOString();
}

/** One event to be placed in the ledger. */
export class Given<T extends EventType = EventType> {
  private recorded?: string;
  private name?: string;
  private recorder: Party;

  constructor(
    readonly type: T,
    readonly occurredAt: string,
    readonly data: EventDataByType[T],
  ) {
    this.recorder = type === 'TestConducted' ? 'third_party' : RECORDERS[type][0]!;
  }

  /** The ledger heard of it at this time (default: when it occurred). */
  recordedAt(time: string): this {
    this.recorded = time;
    return this;
  }

  /** Names the event's id, so evidence can be asserted by name. */
  as(id: string): this {
    this.name = id;
    return this;
  }

  by(party: Party): this {
    this.recorder = party;
    return this;
  }

  envelope(position: number): RuleEvent {
    return {
      id: this.name ?? `ev-${position}`,
      type: this.type,
      engagementId: ENGAGEMENT,
      party: this.recorder,
      actor: `${this.recorder}@example.test`,
      occurredAt: iso(this.occurredAt),
      recordedAt: iso(this.recorded ?? this.occurredAt),
      data: this.data,
      position,
    } as LedgerEnvelope & { position: number };
  }
}

function event<T extends EventType>(type: T, at: string, data: EventDataByType[T]): Given<T> {
  return new Given(type, at, data);
}

// The base contract: explicit SLA, so every deadline in a test can be read off this table.
export const SLA = {
  acknowledgeMinutes: { critical: 5, high: 15, medium: 60, low: 240 },
  notifyClientMinutes: { critical: 30, high: 60 },
  clientAcknowledgeMinutes: 30,
  requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 4320 },
  minimumCoverageRatio: 0.9,
  coverageReportMaxDays: 31,
  gapReportDays: 7,
  testNoticeLeadHours: 24,
  recordingToleranceMinutes: 10,
};

/** Contracted 1 March 2024 00:00, starting then: monitoring and incident response, 100 devices. */
export function contracted(overrides: Partial<EngagementContractedData> = {}): Given {
  return event('EngagementContracted', 'D1 00:00', {
    client: { name: 'Bank' },
    mssp: { name: 'Watchers' },
    startsAt: iso('D1 00:00'),
    services: ['monitoring', 'incident_response'],
    scope: { endpoints: 90, servers: 10, telemetry: ['dns', 'edr'] },
    sla: SLA,
    ...overrides,
  });
}

export const amended = (at: string, data: EventDataByType['EngagementAmended']) =>
  event('EngagementAmended', at, data);
export const terminated = (at: string) =>
  event('EngagementTerminated', at, { reason: 'contract ended' });

// Alerts
export const raised = (at: string, alertId: string, severity: Severity) =>
  event('AlertRaised', at, { alertId, severity, title: `Alert ${alertId}` });
export const acknowledged = (at: string, alertId: string) =>
  event('AlertAcknowledged', at, { alertId });
export const notified = (at: string, alertId: string, channel = 'phone') =>
  event('ClientNotified', at, { alertId, channel });
export const clientAcknowledged = (at: string, alertId: string) =>
  event('ClientAcknowledged', at, { alertId });
export const closed = (at: string, alertId: string, disposition: Disposition, testId?: string) =>
  event('AlertClosed', at, { alertId, disposition, ...(testId ? { testId } : {}) });

// Penetration tests
export const noticeFiled = (
  at: string,
  testId: string,
  window: [string, string],
  scope?: { sourceIps?: string[]; targets?: string[] },
) =>
  event('TestNoticeFiled', at, {
    testId,
    tester: 'Red Team Ltd',
    testerParty: 'third_party',
    windowStart: iso(window[0]),
    windowEnd: iso(window[1]),
    ...(scope ? { scope } : {}),
  });
export const noticeWithdrawn = (at: string, testId: string) =>
  event('TestNoticeWithdrawn', at, { testId });
export const conducted = (
  at: string,
  run: {
    testId?: string;
    from: string;
    to: string;
    targets?: string[];
    sourceIps?: string[];
  },
) =>
  event('TestConducted', at, {
    ...(run.testId ? { testId: run.testId } : {}),
    tester: 'Red Team Ltd',
    startedAt: iso(run.from),
    endedAt: iso(run.to),
    ...(run.targets ? { targets: run.targets } : {}),
    ...(run.sourceIps ? { sourceIps: run.sourceIps } : {}),
  });

// Client requests
export const requested = (
  at: string,
  requestId: string,
  urgency: Severity,
  more: { service?: RequestService; incidentId?: string } = {},
) =>
  event('ClientRequestMade', at, {
    requestId,
    urgency,
    service: more.service ?? 'monitoring',
    question: `Question ${requestId}`,
    ...(more.incidentId ? { incidentId: more.incidentId } : {}),
  });
export const responded = (at: string, requestId: string, complete = true) =>
  event('MsspResponded', at, { requestId, answer: 'Answer', complete });
export const declined = (
  at: string,
  requestId: string,
  reason: 'out_of_scope' | 'insufficient_information' | 'other' = 'out_of_scope',
) => event('RequestDeclined', at, { requestId, reason });
export const abandoned = (at: string, requestId: string) =>
  event('RequestAbandoned', at, { requestId });

// Recommendations
export const recommended = (
  at: string,
  recommendationId: string,
  dueBy: string,
  more: { area?: Area; sensorId?: string } = {},
) =>
  event('RecommendationIssued', at, {
    recommendationId,
    title: 'Enforce MFA',
    severity: 'high',
    dueBy: iso(dueBy),
    ...(more.area ? { area: more.area } : {}),
    ...(more.sensorId ? { relatesTo: { sensorId: more.sensorId } } : {}),
  });
export const recommendationDeclined = (at: string, recommendationId: string) =>
  event('RecommendationDeclined', at, { recommendationId, rationale: 'Too costly' });
export const riskAccepted = (at: string, recommendationId: string) =>
  event('RiskAccepted', at, { recommendationId, rationale: 'Legacy system', approver: 'CISO' });
export const remediated = (at: string, recommendationId: string) =>
  event('RemediationCompleted', at, { recommendationId });

// Sensors and coverage
export const deployed = (
  at: string,
  sensorId: string,
  how: { instructedBy?: ObligedParty; installedBy?: ObligedParty; followed?: boolean } = {},
) =>
  event('SensorDeployed', at, {
    sensorId,
    placement: 'outside_firewall',
    instructedBy: how.instructedBy ?? 'mssp',
    installedBy: how.installedBy ?? 'client',
    followedInstructions: how.followed ?? true,
  });
export const relocated = (
  at: string,
  sensorId: string,
  how: { instructedBy?: ObligedParty; installedBy?: ObligedParty; followed?: boolean } = {},
) =>
  event('SensorRelocated', at, {
    sensorId,
    placement: 'core_switch',
    instructedBy: how.instructedBy ?? 'mssp',
    installedBy: how.installedBy ?? 'client',
    followedInstructions: how.followed ?? true,
  });
/** A full measurement of the base scope (100 devices, dns + edr). */
export const covered = (at: string, sensorId?: string) =>
  measured(at, { sensorId, devices: 100, telemetry: ['dns', 'edr'] });
/** A short one: 50 of 100 devices. */
export const short = (at: string, sensorId?: string) =>
  measured(at, { sensorId, devices: 50, telemetry: ['dns', 'edr'] });
export const measured = (
  at: string,
  m: { sensorId?: string; devices: number; telemetry: string[] },
) =>
  event('CoverageReported', at, {
    ...(m.sensorId ? { sensorId: m.sensorId } : {}),
    endpoints: m.devices,
    servers: 0,
    telemetry: m.telemetry,
  });
export const gapReported = (at: string, sensorId?: string) =>
  event('CoverageGapReported', at, {
    ...(sensorId ? { sensorId } : {}),
    detail: 'coverage falls short',
  });

// Incidents
export const incidentDeclared = (at: string, incidentId: string, alertIds?: string[]) =>
  event('IncidentDeclared', at, {
    incidentId,
    title: `Incident ${incidentId}`,
    severity: 'critical',
    ...(alertIds ? { alertIds } : {}),
  });
export const incidentLinked = (
  at: string,
  incidentId: string,
  links: { alertIds?: string[]; requestIds?: string[]; testIds?: string[] },
) => event('IncidentLinked', at, { incidentId, ...links });
export const breachConfirmed = (
  at: string,
  incidentId: string,
  rootCause: EventDataByType['BreachConfirmed']['rootCause'],
  firstCompromiseAt?: string,
) =>
  event('BreachConfirmed', at, {
    incidentId,
    rootCause,
    ...(firstCompromiseAt ? { firstCompromiseAt: iso(firstCompromiseAt) } : {}),
  });
export const incidentResolved = (at: string, incidentId: string) =>
  event('IncidentResolved', at, { incidentId });

/** An assertion on a verdict. */
export type Expectation = (verdict: Verdict) => void;

export function given(...events: Given[]) {
  const envelopes = events.map((e, position) => e.envelope(position));
  return {
    envelopes,
    when(asOf: string, incidentId?: string) {
      const outcome: VerdictOutcome = computeVerdict(ENGAGEMENT, envelopes, {
        asOf: ms(asOf),
        ...(incidentId !== undefined ? { incidentId } : {}),
      });
      return {
        outcome,
        /** Runs the expectations and hands the verdict back for anything more. */
        then(...expectations: Expectation[]): Verdict {
          if (!outcome.ok) throw new Error(`expected a verdict, got ${outcome.reason}`);
          for (const expectation of expectations) expectation(outcome.verdict);
          return outcome.verdict;
        },
        thenRefused(reason: 'ENGAGEMENT_UNKNOWN' | 'INCIDENT_UNKNOWN'): void {
          expect(outcome).toMatchObject({ ok: false, reason });
        },
      };
    },
  };
}

/** Exactly one finding with this code, matching `expected`. */
export function finding(code: FindingCode, expected: Partial<Finding> | object = {}): Expectation {
  return (verdict) => {
    const found = verdict.findings.filter((f) => f.code === code);
    expect(found.map((f) => f.code)).toEqual([code]);
    expect(found[0]).toMatchObject(expected);
  };
}

/** No finding with any of these codes (no finding at all when none is named). */
export function noFinding(...codes: FindingCode[]): Expectation {
  return (verdict) => {
    const found = verdict.findings.filter((f) => codes.length === 0 || codes.includes(f.code));
    expect(found.map((f) => `${f.code} ${f.subject.id}`)).toEqual([]);
  };
}

/** The findings' codes and subject ids, in verdict order. */
export function findings(...expected: string[]): Expectation {
  return (verdict) =>
    expect(verdict.findings.map((f) => `${f.code} ${f.subject.id}`)).toEqual(expected);
}

/** The one finding of a code in a verdict. */
export function only(verdict: Verdict, code: FindingCode): Finding {
  const found = verdict.findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Evidence as `id type` lines, for short assertions. */
export function evidenceOf(f: Finding): string[] {
  return f.evidence.map((e) => `${e.eventId} ${e.type}`);
}

const TIME_IN_WORDS =
  /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2} UTC\b/;

/** One plain sentence naming its subject and at least one concrete time. */
export function readsWell(f: Finding, ...fragments: string[]): void {
  expect(f.summary).toMatch(/^[A-Z][^\n]*\.$/);
  expect(f.summary.slice(0, -1)).not.toMatch(/\.\s/);
  expect(f.summary).toContain(f.subject.id);
  expect(f.summary).toMatch(TIME_IN_WORDS);
  for (const fragment of fragments) expect(f.summary).toContain(fragment);
}

/** The same array in a different, deterministic order. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
