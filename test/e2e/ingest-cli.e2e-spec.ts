import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerEvent, verifyChain } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import { toLedgerEvent } from '@onus/ledger';
import { onus, onusWithInput, ROOT, SCENARIOS, SHARED } from '../support/cli';

const EVE = join(SHARED, 'data', 'suricata', 'eve.json');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'ingest');

async function ledgerOf(dbPath: string): Promise<LedgerEvent[]> {
  const sqlite = new SqliteEventStore({ path: dbPath });
  const events: LedgerEvent[] = [];
  for await (const stored of sqlite.readAll()) events.push(toLedgerEvent(stored));
  await sqlite.close();
  return events;
}

describe('onus ingest (real CLI, real SQLite file)', () => {
  let dir: string;
  let db: string;
  let store: string;
  /** `onus ingest SOURCE FIXTURE --engagement eng-smb --json` on this test's store. */
  const ingestFixture = (source: string, fixture: string) => {
    const run = onus(
      'ingest',
      source,
      join(FIXTURES, fixture),
      '--engagement',
      'eng-smb',
      '--store',
      store,
      '--json',
    );
    return { status: run.status, summary: JSON.parse(run.stdout) };
  };
  const refusals = (summary: { errors: Array<{ line: number; rule: string }> }) =>
    summary.errors.map((e) => [e.line, e.rule]);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-ingest-'));
    db = join(dir, 'onus.db');
    store = `sqlite:${db}`;
    // A contracted engagement to ingest into: eng-smb, 14 events.
    expect(
      onus('import', join(SCENARIOS, 'smb-declined-mfa.ndjson'), '--store', store).status,
    ).toBe(0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests the real eve.json to exactly one alert, intact, six records skipped; again appends nothing', async () => {
    const first = onus('ingest', 'suricata', EVE, '--engagement', 'eng-smb', '--store', store);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(
      'ingested 7 suricata records into eng-smb: 1 alerts appended, 0 duplicates (already in the ledger), 6 skipped by type (dns 1, fileinfo 1, flow 1, http 1, netflow 1, stats 1), 0 rejected\n',
    );

    const events = await ledgerOf(db);
    expect(events).toHaveLength(15);
    const alert = events[14]!;
    const original = JSON.parse(readFileSync(EVE, 'utf8').split('\n')[0]!);
    expect(alert).toMatchObject({
      type: 'AlertRaised',
      engagementId: 'eng-smb',
      party: 'mssp',
      actor: 'suricata',
      occurredAt: '2011-08-12T12:52:57.716Z',
      data: {
        severity: 'high',
        title: 'ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG *.(exe|tar|tgz|zip)  download command',
        source: 'suricata',
        assets: ['147.32.84.165', '78.40.125.4'],
        indicators: { srcIp: '147.32.84.165', destIp: '78.40.125.4', signatureId: 2017318 },
      },
    });
    expect(alert.data.raw).toEqual(original);
    expect(alert.stream).toBe(`eng-smb/alert/${(alert.data as { alertId: string }).alertId}`);
    // Recorded now, about an alert of 2011: the ledger's clock, and effective from now.
    expect(Date.now() - Date.parse(alert.recordedAt)).toBeLessThan(60_000);
    expect(alert.lateRecorded).toBe(true);
    expect(verifyChain([alert])).toBeUndefined();

    const again = onus(
      'ingest',
      'suricata',
      EVE,
      '--engagement',
      'eng-smb',
      '--store',
      store,
      '--json',
    );
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      source: 'suricata',
      engagementId: 'eng-smb',
      records: 7,
      appended: 0,
      duplicates: 1,
      skipped: 6,
      skippedByType: { dns: 1, fileinfo: 1, flow: 1, http: 1, netflow: 1, stats: 1 },
      rejected: 0,
      errors: [],
      errorsShown: 0,
    });
    expect(await ledgerOf(db)).toHaveLength(15);
  });

  it('reads standard input too', async () => {
    const run = onusWithInput(
      readFileSync(EVE, 'utf8'),
      'ingest',
      'suricata',
      '-',
      '--engagement',
      'eng-smb',
      '--store',
      store,
      '--json',
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ records: 7, appended: 1, skipped: 6 });
    expect(await ledgerOf(db)).toHaveLength(15);
  });

  it('OCSF NDJSON: the critical finding in, the duplicate counted, bad records named by line (exit 1)', async () => {
    const { status, summary } = ingestFixture('ocsf', 'ocsf-detection-findings.ndjson');
    expect(status).toBe(1);
    expect(summary).toMatchObject({
      records: 8,
      appended: 2,
      duplicates: 1,
      skipped: 1,
      skippedByType: { 'detection_finding/update': 1 },
      rejected: 4,
    });
    expect(refusals(summary)).toEqual([
      [4, 'INVALID_JSON'],
      [5, 'WRONG_CLASS'],
      [6, 'MISSING_TIME'],
      [7, 'UNKNOWN_SEVERITY'],
    ]);
    const alerts = (await ledgerOf(db)).filter((e) => e.actor.startsWith('ocsf'));
    expect(alerts.map((e) => [e.actor, (e.data as { severity: string }).severity])).toEqual([
      ['ocsf/Example EDR', 'critical'],
      ['ocsf/Example EDR', 'high'],
    ]);

    // Without --json, each refusal on stderr with its line and reason.
    const text = onus(
      'ingest',
      'ocsf',
      join(FIXTURES, 'ocsf-detection-findings.ndjson'),
      '--engagement',
      'eng-smb',
      '--store',
      store,
    );
    expect(text.status).toBe(1);
    expect(text.stderr).toContain(
      'line 5: 400 WRONG_CLASS: class_uid: is 2003, not 2004 (Detection Finding)\n',
    );
    expect(text.stdout).toContain('0 alerts appended, 3 duplicates');
  });

  it('OCSF as a JSON array and as one pretty-printed object', () => {
    expect(ingestFixture('ocsf', 'ocsf-detection-findings.array.json')).toMatchObject({
      status: 0,
      summary: { records: 2, appended: 2, rejected: 0 },
    });
    expect(ingestFixture('ocsf', 'ocsf-detection-finding.single.json')).toMatchObject({
      status: 0,
      summary: { records: 1, appended: 1 },
    });
  });

  it('Wazuh alerts.json: critical, medium and low in; duplicate, malformed, timeless and level 20 out', async () => {
    const { status, summary } = ingestFixture('wazuh', 'wazuh-alerts.json');
    expect(status).toBe(1);
    expect(summary).toMatchObject({ records: 7, appended: 3, duplicates: 1, rejected: 3 });
    expect(refusals(summary)).toEqual([
      [5, 'INVALID_JSON'],
      [6, 'MISSING_TIME'],
      [7, 'UNKNOWN_SEVERITY'],
    ]);
    const alerts = (await ledgerOf(db)).filter((e) => e.actor.startsWith('wazuh'));
    expect(alerts.map((e) => (e.data as { severity: string }).severity)).toEqual([
      'critical',
      'medium',
      'low',
    ]);
    expect(alerts.every((e) => e.party === 'mssp' && e.actor === 'wazuh/wazuh-manager-01')).toBe(
      true,
    );
  });

  it('an ingested alert is in the timeline and drives ALERT_ACK_* findings like any other', async () => {
    expect(
      onus('ingest', 'suricata', EVE, '--engagement', 'eng-smb', '--store', store).status,
    ).toBe(0);
    const alert = (await ledgerOf(db)).at(-1)!;
    const alertId = (alert.data as { alertId: string }).alertId;

    const timeline = JSON.parse(
      onus('timeline', '--engagement', 'eng-smb', '--json', '--store', store).stdout,
    );
    expect(timeline.events).toContainEqual(
      expect.objectContaining({
        id: alert.id,
        type: 'AlertRaised',
        party: 'mssp',
        lateRecorded: true,
      }),
    );

    // A day later, unacknowledged: the MSSP missed its 30-minute SLA for a high alert.
    const dayLater = new Date(Date.now() + 86_400_000).toISOString();
    const verdict = (): unknown[] => {
      const { findings } = JSON.parse(
        onus('verdict', '--engagement', 'eng-smb', '--as-of', dayLater, '--json', '--store', store)
          .stdout,
      ) as { findings: Array<{ code: string; subject: { id: string } }> };
      return findings.filter((f) => f.subject.id === alertId && f.code.startsWith('ALERT_ACK'));
    };
    expect(verdict()).toEqual([
      expect.objectContaining({ code: 'ALERT_ACK_MISSED', party: 'mssp' }),
    ]);

    // Acknowledged an hour after it was recorded: now late instead of missed.
    const ackAt = new Date(Date.parse(alert.recordedAt) + 3_600_000).toISOString();
    const ack = join(dir, 'ack.ndjson');
    writeFileSync(
      ack,
      `${JSON.stringify({
        type: 'AlertAcknowledged',
        engagementId: 'eng-smb',
        party: 'mssp',
        actor: 'analyst@mssp.example',
        occurredAt: ackAt,
        recordedAt: ackAt,
        data: { alertId },
      })}\n`,
    );
    expect(onus('import', ack, '--store', store).status).toBe(0);
    expect(verdict()).toEqual([
      expect.objectContaining({ code: 'ALERT_ACK_LATE', party: 'mssp', lateByMinutes: 30 }),
    ]);
  });

  it('exits 2 for an unknown source, engagement or file, and without --engagement', () => {
    const cases = [
      [['ingest', 'snort', EVE, '--engagement', 'eng-smb'], 'unknown source "snort"'],
      [
        ['ingest', 'suricata', EVE, '--engagement', 'eng-none'],
        'engagement eng-none is not in the ledger',
      ],
      [['ingest', 'suricata', join(dir, 'missing.json'), '--engagement', 'eng-smb'], 'cannot read'],
      [['ingest', 'suricata', EVE], '--engagement is required'],
    ] as const;
    for (const [args, message] of cases) {
      const run = onus(...args, '--store', store);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });
});
