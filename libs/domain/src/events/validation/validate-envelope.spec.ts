import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { EVENT_TYPES, type EventType } from '../event-catalogue';
import { type FieldError, validateEnvelope } from './validate-envelope';

/** `shared/scenarios`, next to the checkout: looked for upwards, so the repository may move. */
function scenariosDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'scenarios');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no shared/scenarios above ${__dirname}`);
  }
}

const ENVELOPE = {
  id: '0F8FAD5B-D9CB-469F-A165-70867728950E',
  engagementId: 'eng-1',
  actor: 'jack@mssp.example',
  occurredAt: '2024-03-01T10:00+01:00',
};

/** One valid `data` per type, with a field outside the contract (kept) and local times. */
const VALID: { [T in EventType]: Record<string, unknown> } = {
  EngagementContracted: {
    client: { name: 'Bank', sector: 'finance' },
    mssp: { name: 'MSSP' },
    startsAt: '2024-01-01T09:00:00+0100',
    endsAt: '2025-01-01T08:00:00Z',
    services: ['monitoring', 'incident_response'],
    scope: { endpoints: 250, servers: 0, telemetry: ['dns', 'edr'], sites: 3 },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      notifyClientMinutes: { critical: 30 },
      clientAcknowledgeMinutes: 60,
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880.5 },
      minimumCoverageRatio: 1,
      coverageReportMaxDays: 31,
      gapReportDays: 7,
      testNoticeLeadHours: 0,
      recordingToleranceMinutes: 0,
    },
    responsibilities: { sensor_installation: 'mssp', test_conduct: 'client' },
    fee: { amount: 4000, currency: 'USD', period: 'quarter' },
    contractRef: 'C-2024-001',
  },
  EngagementAmended: {
    sla: { acknowledgeMinutes: { high: 20 } },
    endsAt: '2026-01-01T00:00:00.000000Z',
    note: 'renegotiated',
  },
  EngagementRenewed: {
    endsAt: '2026-01-01T01:00:00+01:00',
    coverageReviewed: true,
    note: 'x',
  },
  EngagementTerminated: { reason: 'Contract ended', note: 'x' },
  SensorDeployed: {
    sensorId: 's1',
    placement: 'inside_firewall',
    instructedBy: 'mssp',
    installedBy: 'client',
    followedInstructions: true,
    model: 'box-2',
  },
  SensorRelocated: {
    sensorId: 's1',
    placement: 'outside_firewall',
    instructedBy: 'client',
    installedBy: 'third_party',
    followedInstructions: false,
    model: 'box-2',
  },
  CoverageReported: {
    sensorId: 's1',
    endpoints: 0,
    servers: 12,
    telemetry: [],
    method: 'asset-inventory',
  },
  CoverageGapReported: { detail: 'No DNS logs since Monday', ticket: 'T-1' },
  AlertRaised: {
    alertId: 'suricata:2027863:1',
    severity: 'critical',
    title: 'Unknown device',
    source: 'suricata',
    assets: ['10.0.0.5'],
    indicators: { ip: '8.8.8.8' },
    raw: { flow_id: 9007199254740991, nested: { list: [1, -2.5, 'x', null, true] } },
    tags: ['nac'],
  },
  AlertAcknowledged: { alertId: 'a-1', by: 'tier1' },
  ClientNotified: { alertId: 'a-1', channel: 'whatsapp', message: '', ref: 1 },
  ClientAcknowledged: { alertId: 'a-1', ref: 1 },
  AlertClosed: {
    alertId: 'a-1',
    disposition: 'authorized_test',
    testId: 'ceo-redteam',
    reason: 'CEO-commissioned test',
    ref: 1,
  },
  TestNoticeFiled: {
    testId: 't-1',
    tester: 'Red team Ltd',
    testerParty: 'third_party',
    windowStart: '2024-03-02T08:00:00+01:00',
    windowEnd: '2024-03-02T18:00:00+01:00',
    scope: { sourceIps: ['203.0.113.7'], targets: ['exec-floor'], notes: 'physical too' },
    contact: 'rt@example.com',
  },
  TestNoticeAcknowledged: { testId: 't-1', ref: 1 },
  TestNoticeWithdrawn: { testId: 't-1', ref: 1 },
  TestConducted: {
    tester: 'Red team Ltd',
    startedAt: '2024-03-02T08:00:00+01:00',
    endedAt: '2024-03-02T07:00:00Z',
    targets: ['exec-floor'],
    report: 'r.pdf',
  },
  ClientRequestMade: {
    requestId: 'req-1',
    service: 'other',
    urgency: 'low',
    question: 'Do you see beaconing?',
    incidentId: 'inc-1',
    alertId: 'a-1',
    channel: 'portal',
  },
  MsspResponded: { requestId: 'req-1', answer: 'Yes', complete: false, ref: 1 },
  RequestDeclined: {
    requestId: 'req-1',
    reason: 'out_of_scope',
    detail: 'Incident response',
    ref: 1,
  },
  RequestAbandoned: { requestId: 'req-1', ref: 1 },
  RecommendationIssued: {
    recommendationId: 'rec-mfa',
    title: 'Enforce MFA',
    severity: 'high',
    dueBy: '2024-04-01T00:00:00-04:00',
    area: 'remediation',
    relatesTo: { control: 'MFA', framework: 'CIS' },
    ref: 1,
  },
  RecommendationAccepted: { recommendationId: 'rec-mfa', ref: 1 },
  RecommendationDeclined: { recommendationId: 'rec-mfa', rationale: 'Inconvenient', ref: 1 },
  RiskAccepted: {
    recommendationId: 'rec-mfa',
    rationale: 'Compensating control',
    approver: 'Jane Doe, CISO',
    ref: 1,
  },
  RemediationCompleted: { recommendationId: 'rec-mfa', evidence: 'screenshot', ref: 1 },
  IncidentDeclared: {
    incidentId: 'inc-1',
    title: 'Mailbox takeover',
    severity: 'medium',
    alertIds: ['a-1', 'a-2'],
    ref: 1,
  },
  IncidentLinked: {
    incidentId: 'inc-1',
    alertIds: [],
    requestIds: ['req-1'],
    testIds: ['t-1'],
    ref: 1,
  },
  BreachConfirmed: {
    incidentId: 'inc-1',
    firstCompromiseAt: '2024-02-28T23:00:00-01:00',
    rootCause: { kind: 'credential_misuse', recommendationId: 'rec-mfa', vector: 'phishing' },
    ref: 1,
  },
  IncidentResolved: { incidentId: 'inc-1', summary: 'Password reset', ref: 1 },
};

/** The times of VALID, normalised. */
const NORMALISED_TIMES: Partial<Record<EventType, Record<string, string>>> = {
  EngagementContracted: {
    startsAt: '2024-01-01T08:00:00.000Z',
    endsAt: '2025-01-01T08:00:00.000Z',
  },
  EngagementAmended: { endsAt: '2026-01-01T00:00:00.000Z' },
  EngagementRenewed: { endsAt: '2026-01-01T00:00:00.000Z' },
  TestNoticeFiled: {
    windowStart: '2024-03-02T07:00:00.000Z',
    windowEnd: '2024-03-02T17:00:00.000Z',
  },
  TestConducted: { startedAt: '2024-03-02T07:00:00.000Z', endedAt: '2024-03-02T07:00:00.000Z' },
  RecommendationIssued: { dueBy: '2024-04-01T04:00:00.000Z' },
  BreachConfirmed: { firstCompromiseAt: '2024-02-29T00:00:00.000Z' },
};

function errorsOf(input: unknown): readonly FieldError[] {
  const result = validateEnvelope(input);
  if (result.ok) throw new Error('expected the envelope to be refused');
  return result.errors;
}

function envelope(type: string, data: unknown, extra: Record<string, unknown> = {}): unknown {
  return { ...ENVELOPE, type, data, ...extra };
}

function alert(data: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return envelope(
    'AlertRaised',
    { alertId: 'a-1', severity: 'high', title: 'Impossible travel', ...data },
    extra,
  );
}

function withSla(sla: Record<string, unknown>): unknown {
  const data = VALID.EngagementContracted;
  return envelope('EngagementContracted', {
    ...data,
    sla: { ...(data.sla as Record<string, unknown>), ...sla },
  });
}

describe('validateEnvelope', () => {
  describe('the acceptance scenarios', () => {
    const dir = scenariosDir();
    const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));

    it('has scenarios to read', () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it.each(files)('every line of %s validates, unchanged', (file) => {
      const lines = readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const [i, line] of lines.entries()) {
        const input = JSON.parse(line) as Record<string, unknown>;
        const result = validateEnvelope(input);
        expect({ line: i + 1, result }).toEqual({
          line: i + 1,
          result: { ok: true, envelope: input },
        });
      }
    });
  });

  it('has an example of every event type', () => {
    expect(Object.keys(VALID).sort()).toEqual([...EVENT_TYPES].sort());
  });

  describe.each(EVENT_TYPES)('a valid %s', (type) => {
    it('passes, normalised, with the fields outside the contract kept', () => {
      const data = VALID[type];
      const input = envelope(type, data);
      const before = JSON.stringify(input);
      const result = validateEnvelope(input);
      expect(result).toEqual({
        ok: true,
        envelope: {
          id: '0f8fad5b-d9cb-469f-a165-70867728950e',
          type,
          engagementId: 'eng-1',
          actor: 'jack@mssp.example',
          occurredAt: '2024-03-01T09:00:00.000Z',
          data: { ...data, ...NORMALISED_TIMES[type] },
        },
      });
      expect(JSON.stringify(input)).toBe(before);
    });
  });

  it('keeps the optional envelope fields, normalised, and leaves absent ones out', () => {
    const result = validateEnvelope(
      envelope(
        'AlertAcknowledged',
        { alertId: 'a-1' },
        {
          party: 'operator',
          recordedAt: '2024-03-01T10:01:30.1234+01:00',
          expectedRevision: -1,
        },
      ),
    );
    expect(result).toEqual({
      ok: true,
      envelope: {
        id: '0f8fad5b-d9cb-469f-a165-70867728950e',
        type: 'AlertAcknowledged',
        engagementId: 'eng-1',
        party: 'operator',
        actor: 'jack@mssp.example',
        occurredAt: '2024-03-01T09:00:00.000Z',
        recordedAt: '2024-03-01T09:01:30.123Z',
        expectedRevision: -1,
        data: { alertId: 'a-1' },
      },
    });
    const bare = validateEnvelope({
      type: 'AlertAcknowledged',
      engagementId: 'e',
      actor: 'a',
      occurredAt: '2024-03-01T09:00:00Z',
      data: { alertId: 'a-1' },
    });
    expect(bare.ok && Object.keys(bare.envelope)).toEqual([
      'type',
      'engagementId',
      'actor',
      'occurredAt',
      'data',
    ]);
  });

  it('keeps unknown data verbatim, down to the same nested objects', () => {
    const raw = { a: { b: [1, { c: 'd' }] } };
    const result = validateEnvelope(alert({ raw }));
    expect(result.ok && result.envelope.type === 'AlertRaised' && result.envelope.data.raw).toBe(
      raw,
    );
  });

  const refused: [string, unknown, FieldError[]][] = [
    ['an array', [], [{ path: '', reason: 'must be an object (an event envelope)' }]],
    ['null', null, [{ path: '', reason: 'must be an object (an event envelope)' }]],
    [
      'an empty object',
      {},
      [
        { path: 'type', reason: 'is required' },
        { path: 'engagementId', reason: 'is required' },
        { path: 'actor', reason: 'is required' },
        { path: 'occurredAt', reason: 'is required' },
        { path: 'data', reason: 'is required' },
      ],
    ],
    [
      'a required data field missing',
      envelope('AlertAcknowledged', {}),
      [{ path: 'data.alertId', reason: 'is required' }],
    ],
    [
      'a required data field null',
      envelope('MsspResponded', { requestId: 'r', answer: null, complete: 'yes' }),
      [
        { path: 'data.answer', reason: 'must be a non-empty string' },
        { path: 'data.complete', reason: 'must be true or false' },
      ],
    ],
    [
      'an optional data field null',
      alert({ source: null }),
      [{ path: 'data.source', reason: 'must be a string' }],
    ],
    [
      'a blank title',
      alert({ title: '  ' }),
      [{ path: 'data.title', reason: 'must be a non-empty string' }],
    ],
    [
      'an unknown severity',
      alert({ severity: 'severe' }),
      [{ path: 'data.severity', reason: 'must be one of critical, high, medium, low' }],
    ],
    [
      'an unknown disposition',
      envelope('AlertClosed', { alertId: 'a-1', disposition: 'fixed' }),
      [
        {
          path: 'data.disposition',
          reason:
            'must be one of true_positive, false_positive, authorized_test, benign, duplicate',
        },
      ],
    ],
    [
      'an unknown request service, urgency and decline reason',
      envelope('ClientRequestMade', {
        requestId: 'r',
        service: 'penetration_testing',
        urgency: 'urgent',
        question: 'q',
      }),
      [
        {
          path: 'data.service',
          reason: 'must be one of monitoring, incident_response, vulnerability_management, other',
        },
        { path: 'data.urgency', reason: 'must be one of critical, high, medium, low' },
      ],
    ],
    [
      'an unknown root-cause kind',
      envelope('BreachConfirmed', { incidentId: 'i', rootCause: { kind: 'bad luck' } }),
      [
        {
          path: 'data.rootCause.kind',
          reason:
            'must be one of unpatched_vulnerability, coverage_gap, credential_misuse, unannounced_test, misconfiguration, other',
        },
      ],
    ],
    [
      'a root cause that is not an object',
      envelope('BreachConfirmed', { incidentId: 'i', rootCause: ['coverage_gap'] }),
      [{ path: 'data.rootCause', reason: 'must be an object' }],
    ],
    [
      'a bad id in data',
      alert({ alertId: 'a 1' }),
      [
        {
          path: 'data.alertId',
          reason: 'must be an id of 1 to 128 characters among A-Z a-z 0-9 . _ : -',
        },
      ],
    ],
    [
      'an id too long',
      envelope('TestNoticeAcknowledged', { testId: 'x'.repeat(129) }),
      [
        {
          path: 'data.testId',
          reason: 'must be an id of 1 to 128 characters among A-Z a-z 0-9 . _ : -',
        },
      ],
    ],
    [
      'bad ids in an id list and in a root cause',
      envelope('IncidentLinked', { incidentId: 'i', alertIds: ['a-1', 'a/2', 7], testIds: 't' }),
      [
        {
          path: 'data.alertIds[1]',
          reason: 'must be an id of 1 to 128 characters among A-Z a-z 0-9 . _ : -',
        },
        {
          path: 'data.alertIds[2]',
          reason: 'must be an id of 1 to 128 characters among A-Z a-z 0-9 . _ : -',
        },
        { path: 'data.testIds', reason: 'must be an array of ids' },
      ],
    ],
    [
      'a bad envelope id, engagement id and actor',
      {
        ...(envelope('AlertAcknowledged', { alertId: 'a' }) as object),
        id: '0f8fad5b-d9cb-469f-a165-70867728950',
        engagementId: 'eng:1',
        actor: 'x'.repeat(201),
      },
      [
        { path: 'id', reason: 'must be a UUID' },
        { path: 'engagementId', reason: 'must be 1 to 64 characters among A-Z a-z 0-9 . _ -' },
        { path: 'actor', reason: 'must be a non-empty string of at most 200 characters' },
      ],
    ],
    [
      'an unknown type, with other errors still reported',
      {
        ...(envelope('alert_raised', { alertId: 'a b' }) as object),
        occurredAt: 'now',
      },
      [
        {
          path: 'type',
          reason:
            'must be one of the 30 event types of events.md (EngagementContracted, EngagementAmended, EngagementRenewed, …, IncidentResolved); did you mean AlertRaised?',
        },
        {
          path: 'occurredAt',
          reason: 'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z',
        },
      ],
    ],
    [
      'a type that is not a string',
      envelope(7 as unknown as string, {}),
      [
        {
          path: 'type',
          reason:
            'must be one of the 30 event types of events.md (EngagementContracted, EngagementAmended, EngagementRenewed, …, IncidentResolved)',
        },
      ],
    ],
    [
      'a timestamp without a time zone',
      { ...(alert({}) as object), occurredAt: '2024-03-01T09:00:00' },
      [
        {
          path: 'occurredAt',
          reason:
            'must be an ISO-8601 timestamp with a time zone: add Z (UTC) or an offset such as +02:00',
        },
      ],
    ],
    [
      'February 30, and a recordedAt that is a number',
      { ...(alert({}) as object), occurredAt: '2024-02-30T09:00:00Z', recordedAt: 1709283600000 },
      [
        { path: 'occurredAt', reason: 'is not a valid calendar date: 2024-02-30 does not exist' },
        {
          path: 'recordedAt',
          reason: 'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z',
        },
      ],
    ],
    [
      'a bad time in data',
      envelope('RecommendationIssued', {
        recommendationId: 'r',
        title: 't',
        severity: 'low',
        dueBy: '2024-04-31T00:00:00Z',
      }),
      [{ path: 'data.dueBy', reason: 'is not a valid calendar date: 2024-04-31 does not exist' }],
    ],
    [
      'an unsafe integer deep in raw, and non-finite numbers',
      alert({
        raw: { flow: { ids: [1, 9007199254740992] }, big: -1e300, inf: Infinity },
        indicators: { score: NaN },
        extra: { n: 2 ** 64 },
      }),
      [
        {
          path: 'data.raw.flow.ids[1]',
          reason:
            'is an integer beyond ±(2^53 - 1), which JSON canonicalisation cannot carry exactly: send it as a string',
        },
        {
          path: 'data.raw.big',
          reason:
            'is an integer beyond ±(2^53 - 1), which JSON canonicalisation cannot carry exactly: send it as a string',
        },
        { path: 'data.raw.inf', reason: 'must be a finite number' },
        { path: 'data.indicators.score', reason: 'must be a finite number' },
        {
          path: 'data.extra.n',
          reason:
            'is an integer beyond ±(2^53 - 1), which JSON canonicalisation cannot carry exactly: send it as a string',
        },
      ],
    ],
    [
      'a non-finite count: reported once, as not finite',
      envelope('CoverageReported', { endpoints: Infinity, servers: 1, telemetry: [] }),
      [{ path: 'data.endpoints', reason: 'must be a finite number' }],
    ],
    [
      'values that are not JSON, odd keys, a lone surrogate',
      alert({
        raw: {
          'src ip': undefined,
          list: [undefined],
          when: new Date(0),
          text: 'a\uD800b',
        },
      }),
      [
        { path: 'data.raw["src ip"]', reason: 'is not a JSON value' },
        { path: 'data.raw.list[0]', reason: 'is not a JSON value' },
        { path: 'data.raw.when', reason: 'is not a JSON value' },
        {
          path: 'data.raw.text',
          reason: 'must be well-formed Unicode (it holds a lone surrogate)',
        },
      ],
    ],
    [
      'a __proto__ key',
      alert(JSON.parse('{"raw": {"__proto__": {"polluted": true}}}') as Record<string, unknown>),
      [{ path: 'data.raw.__proto__', reason: 'is not accepted as a field name' }],
    ],
    [
      'raw nested too deeply',
      alert({ raw: JSON.parse(`${'{"a":'.repeat(70)}1${'}'.repeat(70)}`) as object }),
      [
        {
          path: `data.raw${'.a'.repeat(63)}`,
          reason: 'is nested too deeply (more than 64 levels)',
        },
      ],
    ],
    [
      'raw that is not an object',
      alert({ raw: 'GET /' }),
      [{ path: 'data.raw', reason: 'must be an object' }],
    ],
    [
      'an unknown top-level field and out-only fields',
      alert({}, { foo: 1, hash: 'ab', revision: 0, lateRecorded: false, 'odd key': 1 }),
      [
        { path: 'foo', reason: 'unknown field' },
        { path: 'hash', reason: 'set by the ledger, not accepted on input' },
        { path: 'revision', reason: 'set by the ledger, not accepted on input' },
        { path: 'lateRecorded', reason: 'set by the ledger, not accepted on input' },
        { path: '["odd key"]', reason: 'unknown field' },
      ],
    ],
    [
      'a bad party and expectedRevision',
      alert({}, { party: 'auditor', expectedRevision: -2 }),
      [
        { path: 'party', reason: 'must be one of client, mssp, third_party, operator' },
        { path: 'expectedRevision', reason: 'must be an integer of at least -1' },
      ],
    ],
    [
      'an expectedRevision that is not a safe integer',
      alert({}, { expectedRevision: 2 ** 53 }),
      [{ path: 'expectedRevision', reason: 'must be an integer of at least -1' }],
    ],
    [
      'windowEnd equal to windowStart',
      envelope('TestNoticeFiled', {
        testId: 't',
        tester: 'x',
        testerParty: 'client',
        windowStart: '2024-03-02T10:00:00+01:00',
        windowEnd: '2024-03-02T09:00:00Z',
      }),
      [{ path: 'data.windowEnd', reason: 'must be after data.windowStart' }],
    ],
    [
      'windowEnd before windowStart, and an operator tester',
      envelope('TestNoticeFiled', {
        testId: 't',
        tester: 'x',
        testerParty: 'operator',
        windowStart: '2024-03-02T10:00:00Z',
        windowEnd: '2024-03-02T09:00:00Z',
        scope: { sourceIps: [''] },
      }),
      [
        { path: 'data.testerParty', reason: 'must be one of client, mssp, third_party' },
        { path: 'data.windowEnd', reason: 'must be after data.windowStart' },
        { path: 'data.scope.sourceIps[0]', reason: 'must be a non-empty string' },
      ],
    ],
    [
      'endedAt before startedAt',
      envelope('TestConducted', {
        tester: 'x',
        startedAt: '2024-03-02T10:00:00Z',
        endedAt: '2024-03-02T09:59:59.999Z',
      }),
      [{ path: 'data.endedAt', reason: 'must not be before data.startedAt' }],
    ],
    [
      'endedAt fine but startedAt bad: only startedAt reported',
      envelope('TestConducted', {
        tester: 'x',
        startedAt: '2024-03-02',
        endedAt: '2024-03-02T09:59:59.999Z',
      }),
      [
        {
          path: 'data.startedAt',
          reason: 'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z',
        },
      ],
    ],
    [
      'an engagement ending before it starts',
      envelope('EngagementContracted', {
        ...VALID.EngagementContracted,
        endsAt: '2023-12-31T00:00:00Z',
      }),
      [{ path: 'data.endsAt', reason: 'must be after data.startsAt' }],
    ],
    [
      'a ratio above 1',
      withSla({ minimumCoverageRatio: 1.01 }),
      [{ path: 'data.sla.minimumCoverageRatio', reason: 'must be a number from 0 to 1' }],
    ],
    [
      'SLA deadlines that are zero, missing or not numbers',
      withSla({
        acknowledgeMinutes: { critical: 0, high: '30', medium: 240 },
        notifyClientMinutes: { critical: -5 },
        gapReportDays: 0,
        recordingToleranceMinutes: -1,
      }),
      [
        {
          path: 'data.sla.acknowledgeMinutes.critical',
          reason: 'must be a number greater than 0',
        },
        { path: 'data.sla.acknowledgeMinutes.high', reason: 'must be a number greater than 0' },
        { path: 'data.sla.acknowledgeMinutes.low', reason: 'is required' },
        {
          path: 'data.sla.notifyClientMinutes.critical',
          reason: 'must be a number greater than 0',
        },
        { path: 'data.sla.gapReportDays', reason: 'must be a number greater than 0' },
        { path: 'data.sla.recordingToleranceMinutes', reason: 'must be at least 0' },
      ],
    ],
    [
      'a negative count and a fractional one',
      envelope('CoverageReported', { endpoints: -1, servers: 2.5, telemetry: ['dns', ''] }),
      [
        { path: 'data.endpoints', reason: 'must be at least 0' },
        { path: 'data.servers', reason: 'must be a whole number' },
        { path: 'data.telemetry[1]', reason: 'must be a non-empty string' },
      ],
    ],
    [
      'responsibilities with the operator and an unknown area',
      envelope('EngagementContracted', {
        ...VALID.EngagementContracted,
        responsibilities: { alert_monitoring: 'operator', monitoring: 'mssp' },
      }),
      [
        {
          path: 'data.responsibilities.alert_monitoring',
          reason: 'must be one of client, mssp, third_party',
        },
        {
          path: 'data.responsibilities.monitoring',
          reason:
            'is not a responsibility area: one of alert_monitoring, client_notification, notification_acknowledgement, request_response, incident_response, test_notification, test_conduct, sensor_placement, sensor_installation, coverage_verification, remediation',
        },
      ],
    ],
    [
      'a severity map with a non-severity, an unknown source and a table that is not one',
      envelope('EngagementAmended', {
        sla: { severityMap: { wazuh: { '3': 'urgent', '4': 'low' }, snort: {}, ocsf: 5 } },
      }),
      [
        {
          path: 'data.sla.severityMap.wazuh["3"]',
          reason: 'must be one of critical, high, medium, low',
        },
        {
          path: 'data.sla.severityMap.snort',
          reason: 'is not an ingest source: one of suricata, ocsf, wazuh',
        },
        { path: 'data.sla.severityMap.ocsf', reason: 'must be an object' },
      ],
    ],
    [
      'a bad fee and unknown services',
      envelope('EngagementContracted', {
        ...VALID.EngagementContracted,
        services: ['monitoring', 'soc'],
        fee: { amount: -1, currency: 'usd', period: 'week' },
      }),
      [
        {
          path: 'data.services[1]',
          reason:
            'must be one of monitoring, incident_response, vulnerability_management, penetration_testing',
        },
        { path: 'data.fee.amount', reason: 'must be at least 0' },
        {
          path: 'data.fee.currency',
          reason: 'must be a 3-letter ISO 4217 currency code in capitals, e.g. USD',
        },
        { path: 'data.fee.period', reason: 'must be one of month, quarter, year' },
      ],
    ],
    [
      'an amendment that changes nothing',
      envelope('EngagementAmended', { note: 'x' }),
      [
        {
          path: 'data',
          reason: 'must give at least one of services, scope, sla, responsibilities, endsAt',
        },
      ],
    ],
    [
      'an amendment with bad partial terms',
      envelope('EngagementAmended', {
        scope: { servers: -3 },
        sla: { requestResponseMinutes: { low: 0 }, minimumCoverageRatio: -0.1 },
      }),
      [
        { path: 'data.scope.servers', reason: 'must be at least 0' },
        {
          path: 'data.sla.requestResponseMinutes.low',
          reason: 'must be a number greater than 0',
        },
        { path: 'data.sla.minimumCoverageRatio', reason: 'must be a number from 0 to 1' },
      ],
    ],
    [
      'data that is not an object',
      envelope('AlertRaised', ['a-1']),
      [{ path: 'data', reason: 'must be an object' }],
    ],
    [
      'several errors at once, all reported',
      {
        type: 'EngagementContracted',
        engagementId: '',
        actor: 'admin',
        occurredAt: '2024-01-01T09:00:00',
        position: 3,
        data: {
          client: {},
          startsAt: '2024-01-01T09:00:00Z',
          services: 'monitoring',
          scope: { endpoints: 1, servers: 1, telemetry: [] },
          sla: {
            acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
            requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
          },
          raw: { n: 1e21 },
        },
      },
      [
        { path: 'position', reason: 'set by the ledger, not accepted on input' },
        { path: 'engagementId', reason: 'must be 1 to 64 characters among A-Z a-z 0-9 . _ -' },
        {
          path: 'occurredAt',
          reason:
            'must be an ISO-8601 timestamp with a time zone: add Z (UTC) or an offset such as +02:00',
        },
        { path: 'data.client.name', reason: 'is required' },
        { path: 'data.mssp', reason: 'is required' },
        {
          path: 'data.services',
          reason:
            'must be an array of monitoring / incident_response / vulnerability_management / penetration_testing',
        },
        {
          path: 'data.raw.n',
          reason:
            'is an integer beyond ±(2^53 - 1), which JSON canonicalisation cannot carry exactly: send it as a string',
        },
      ],
    ],
  ];

  it.each(refused)('refuses %s', (_name, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  describe('on arbitrary input', () => {
    const FIELDS = [
      'alertId',
      'severity',
      'title',
      'raw',
      'client',
      'mssp',
      'services',
      'scope',
      'sla',
      'responsibilities',
      'fee',
      'startsAt',
      'endsAt',
      'windowStart',
      'windowEnd',
      'startedAt',
      'endedAt',
      'rootCause',
      'alertIds',
      'relatesTo',
      '__proto__',
      'constructor',
    ];
    const someData = fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue(), { maxKeys: 8 });

    it('never throws', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          validateEnvelope(value);
        }),
      );
      fc.assert(
        fc.property(fc.constantFrom(...EVENT_TYPES), someData, (type, data) => {
          validateEnvelope(envelope(type, data));
        }),
      );
    });

    it('normalises idempotently: what it returns validates to itself', () => {
      fc.assert(
        fc.property(fc.constantFrom(...EVENT_TYPES), someData, (type, noise) => {
          const result = validateEnvelope(envelope(type, { ...noise, ...VALID[type] }));
          if (!result.ok) return;
          const again = validateEnvelope(JSON.parse(JSON.stringify(result.envelope)));
          expect(JSON.stringify(again)).toBe(JSON.stringify(result));
        }),
      );
    });
  });

  it('accepts +0200 offsets and keeps the instant', () => {
    const result = validateEnvelope({
      ...(alert({}) as object),
      occurredAt: '2024-03-01T11:00+0200',
    });
    expect(result.ok && result.envelope.occurredAt).toBe('2024-03-01T09:00:00.000Z');
  });

  it('cannot be fooled by __proto__ or constructor keys into seeing fields that are not there', () => {
    const tricky = JSON.parse(
      '{"__proto__": {"alertId": "a-1", "severity": "high", "title": "t"}, "constructor": {"name": "x"}}',
    ) as unknown;
    expect(errorsOf(envelope('AlertRaised', tricky))).toEqual([
      { path: 'data.alertId', reason: 'is required' },
      { path: 'data.severity', reason: 'is required' },
      { path: 'data.title', reason: 'is required' },
      { path: 'data.__proto__', reason: 'is not accepted as a field name' },
    ]);
  });
});
