import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LedgerEvent, validateEnvelope } from '@onus/domain';
import { SeverityTables } from './severity';
import { toAlertRaised } from './to-alert-raised';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'suricata', 'eve.json');
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'ingest');
const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return l;
      }
    });

const defaults = SeverityTables.defaults();
const alertOf = (source: 'suricata' | 'ocsf' | 'wazuh', record: unknown, tables = defaults) => {
  const outcome = toAlertRaised(source, record, 'eng-1', tables);
  if (outcome.kind !== 'alert')
    throw new Error(`expected an alert, got ${JSON.stringify(outcome)}`);
  // Whatever a mapper makes must pass the envelope validation every way in uses.
  expect(validateEnvelope(outcome.envelope)).toMatchObject({ ok: true });
  return outcome.envelope;
};

describe('Suricata EVE records (the real eve.json)', () => {
  const records = lines(SHARED);
  const alert = records[0] as { [key: string]: any };

  it('maps the alert record: time with a colonless offset, signature, IPs, the record verbatim', () => {
    const envelope = alertOf('suricata', alert);
    expect(envelope).toMatchObject({
      type: 'AlertRaised',
      engagementId: 'eng-1',
      actor: 'suricata',
      occurredAt: '2011-08-12T12:52:57.716Z',
      data: {
        severity: 'high',
        title: 'ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG *.(exe|tar|tgz|zip)  download command',
        source: 'suricata',
        assets: ['147.32.84.165', '78.40.125.4'],
        indicators: {
          srcIp: '147.32.84.165',
          srcPort: 1181,
          destIp: '78.40.125.4',
          destPort: 6667,
          proto: 'TCP',
          signatureId: 2017318,
          signatureRev: 4,
          gid: 1,
          category: 'Potentially Bad Traffic',
          action: 'allowed',
          flowId: 1031464864740687,
        },
      },
    });
    expect(envelope.data.raw).toBe(alert);
    expect(envelope.data.alertId).toMatch(/^suricata:[0-9a-f]{32}$/);
  });

  it('skips every other event type by its name', () => {
    expect(records.slice(1).map((r) => toAlertRaised('suricata', r, 'eng-1', defaults))).toEqual(
      ['dns', 'fileinfo', 'flow', 'http', 'netflow', 'stats'].map((type) => ({
        kind: 'skipped',
        type,
      })),
    );
  });

  it('derives the same ids from the same record, whatever its key order; others differ', () => {
    const reordered = Object.fromEntries(Object.entries(alert).reverse());
    const a = alertOf('suricata', alert);
    const b = alertOf('suricata', reordered);
    expect([b.id, b.data.alertId]).toEqual([a.id, a.data.alertId]);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    const other = alertOf('suricata', { ...alert, pcap_cnt: 84 });
    expect(other.data.alertId).not.toBe(a.data.alertId);
    // The same record in another engagement: the same alert id, another event id.
    const elsewhere = toAlertRaised('suricata', alert, 'eng-2', defaults);
    expect(elsewhere).toMatchObject({ envelope: { data: { alertId: a.data.alertId } } });
    expect(elsewhere.kind === 'alert' && elsewhere.envelope.id).not.toBe(a.id);
  });

  it('names the sensor as actor when the record has a host', () => {
    expect(alertOf('suricata', { ...alert, host: 'sensor-7' }).actor).toBe('suricata/sensor-7');
  });

  it.each([
    [{ ...alert, timestamp: undefined }, 'MISSING_TIME', 'timestamp'],
    [{ ...alert, timestamp: '2011-08-12 14:52:57' }, 'INVALID_TIME', 'timestamp'],
    [{ ...alert, alert: { ...alert.alert, severity: 7 } }, 'UNKNOWN_SEVERITY', 'alert.severity'],
    [
      { ...alert, alert: { ...alert.alert, severity: undefined } },
      'UNKNOWN_SEVERITY',
      'alert.severity',
    ],
    [{ ...alert, alert: { ...alert.alert, signature: '' } }, 'MISSING_FIELD', 'alert.signature'],
    [{ ...alert, event_type: undefined }, 'MISSING_FIELD', 'event_type'],
    [[alert], 'NOT_A_RECORD', ''],
  ])('refuses a bad record, naming the field (%#)', (record, rule, field) => {
    expect(toAlertRaised('suricata', record, 'eng-1', defaults)).toMatchObject({
      kind: 'rejected',
      rule,
      field,
    });
  });

  it('maps each Suricata severity by the default table', () => {
    const severities = [1, 2, 3, 4].map(
      (severity) =>
        alertOf('suricata', { ...alert, alert: { ...alert.alert, severity } }).data.severity,
    );
    expect(severities).toEqual(['critical', 'high', 'medium', 'low']);
  });
});

describe('OCSF 1.3.0 Detection Findings (test records written from the schema)', () => {
  const [critical, high, duplicate, malformed, wrongClass, noTime, other, update] = lines(
    join(FIXTURES, 'ocsf-detection-findings.ndjson'),
  );

  it('maps a critical finding: epoch-millisecond time, title, resources, endpoints, ATT&CK', () => {
    expect(alertOf('ocsf', critical)).toMatchObject({
      actor: 'ocsf/Example EDR',
      occurredAt: '2024-03-05T10:15:02.123Z',
      data: {
        severity: 'critical',
        title: 'LSASS memory read by unsigned process',
        source: 'ocsf',
        assets: ['fin-db-01', 'fin-db-01.corp.example', '10.20.0.5'],
        indicators: {
          findingUid: 'f-001',
          analyticUid: 'an-4711',
          attackTechniques: ['T1003.001'],
          severityId: 5,
          srcIps: ['10.20.0.15'],
          dstIps: ['10.20.0.5'],
          dstPorts: [445],
          schemaVersion: '1.3.0',
        },
        raw: critical,
      },
    });
    expect(alertOf('ocsf', high).data.severity).toBe('high');
  });

  it('gives a duplicate (keys reordered) the same ids', () => {
    expect(alertOf('ocsf', duplicate).id).toBe(alertOf('ocsf', critical).id);
  });

  it('refuses the wrong class, a missing time and severity 99; skips an update', () => {
    expect(typeof malformed).toBe('string'); // not JSON: the reader reports it before mapping
    expect(toAlertRaised('ocsf', wrongClass, 'eng-1', defaults)).toMatchObject({
      rule: 'WRONG_CLASS',
      field: 'class_uid',
      reason: 'is 2003, not 2004 (Detection Finding)',
    });
    expect(toAlertRaised('ocsf', noTime, 'eng-1', defaults)).toMatchObject({
      rule: 'MISSING_TIME',
      field: 'time',
    });
    expect(toAlertRaised('ocsf', other, 'eng-1', defaults)).toMatchObject({
      rule: 'UNKNOWN_SEVERITY',
      field: 'severity_id',
    });
    expect(toAlertRaised('ocsf', update, 'eng-1', defaults)).toEqual({
      kind: 'skipped',
      type: 'detection_finding/update',
    });
  });

  it('maps each severity_id by the default table and refuses 0', () => {
    const base = critical as object;
    expect(
      [1, 2, 3, 4, 5, 6].map(
        (severity_id) => alertOf('ocsf', { ...base, severity_id }).data.severity,
      ),
    ).toEqual(['low', 'low', 'medium', 'high', 'critical', 'critical']);
    expect(toAlertRaised('ocsf', { ...base, severity_id: 0 }, 'e', defaults)).toMatchObject({
      rule: 'UNKNOWN_SEVERITY',
    });
  });
});

describe('Wazuh alerts (test records written from the alerts.json format)', () => {
  const [critical, medium, low, duplicate, malformed, noTime, outOfRange] = lines(
    join(FIXTURES, 'wazuh-alerts.json'),
  );

  it('maps a level-15 alert as critical, with its rule, agent and manager', () => {
    expect(alertOf('wazuh', critical)).toMatchObject({
      actor: 'wazuh/wazuh-manager-01',
      occurredAt: '2024-03-05T10:15:02.123Z',
      data: {
        severity: 'critical',
        title: 'Ransomware behaviour: mass file renames on file server',
        source: 'wazuh',
        assets: ['fs-01', '10.20.0.8'],
        indicators: { ruleId: '100200', ruleLevel: 15, mitreIds: ['T1486'], agentId: '004' },
        raw: critical,
      },
    });
  });

  it('reads the colonless offset and maps levels 10 and 5', () => {
    expect(alertOf('wazuh', medium)).toMatchObject({
      occurredAt: '2024-03-05T09:20:44.000Z',
      data: { severity: 'medium', indicators: { srcIp: '203.0.113.77', ruleId: '5712' } },
    });
    expect(alertOf('wazuh', low).data.severity).toBe('low');
  });

  it('gives the duplicate the same ids; refuses a missing time and level 20', () => {
    expect(alertOf('wazuh', duplicate).id).toBe(alertOf('wazuh', critical).id);
    expect(typeof malformed).toBe('string');
    expect(toAlertRaised('wazuh', noTime, 'e', defaults)).toMatchObject({
      rule: 'MISSING_TIME',
      field: 'timestamp',
    });
    expect(toAlertRaised('wazuh', outOfRange, 'e', defaults)).toMatchObject({
      rule: 'UNKNOWN_SEVERITY',
      field: 'rule.level',
    });
  });
});

describe('severity tables from the engagement', () => {
  const contract = (severityMap?: object): LedgerEvent =>
    ({
      type: 'EngagementContracted',
      effectiveAt: '2024-01-01T00:00:00.000Z',
      data: {
        startsAt: '2024-01-01T00:00:00.000Z',
        services: ['monitoring'],
        scope: { endpoints: 1, servers: 1, telemetry: [] },
        sla: {
          acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
          requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
          ...(severityMap ? { severityMap } : {}),
        },
      },
    }) as unknown as LedgerEvent;
  const amendment = (at: string, severityMap: object): LedgerEvent =>
    ({
      type: 'EngagementAmended',
      effectiveAt: at,
      data: { sla: { severityMap } },
    }) as unknown as LedgerEvent;

  it('overrides single values and keeps the rest of the default table', () => {
    const tables = SeverityTables.fromEngagement([contract({ wazuh: { '10': 'high' } })]);
    if (!tables.ok) throw new Error('expected tables');
    const wazuh = tables.tables.tableFor('wazuh', '2024-06-01T00:00:00.000Z');
    expect([wazuh['10'], wazuh['9'], wazuh['15']]).toEqual(['high', 'medium', 'critical']);
  });

  it('applies an amendment to alerts from its effective time on, not to older ones', () => {
    const tables = SeverityTables.fromEngagement([
      contract(),
      amendment('2024-06-01T00:00:00.000Z', { suricata: { '2': 'critical' } }),
    ]);
    if (!tables.ok) throw new Error('expected tables');
    expect(tables.tables.tableFor('suricata', '2024-05-31T23:59:59.999Z')['2']).toBe('high');
    expect(tables.tables.tableFor('suricata', '2024-06-01T00:00:00.000Z')['2']).toBe('critical');
    // An alert older than the contract maps by the contract's table.
    expect(tables.tables.tableFor('suricata', '2011-08-12T12:52:57.716Z')['2']).toBe('high');
  });

  it('names every bad entry of a severity map', () => {
    expect(
      SeverityTables.fromEngagement([contract({ wazuh: { '3': 'urgent' }, snort: {} })]),
    ).toEqual({
      ok: false,
      problems: [
        { path: 'sla.severityMap.wazuh.3', reason: 'must be one of critical, high, medium, low' },
        { path: 'sla.severityMap.snort', reason: 'is not a source: suricata, ocsf, wazuh' },
      ],
    });
  });
});
