import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApp, startApp } from '../support/http-app';
import { SHARED, onus } from '../support/cli';

/** The scorecard example printed in interfaces.md itself (smb-declined-mfa, --to 2024-05-01). */
function specExample(): unknown {
  const spec = readFileSync(join(SHARED, 'spec', 'interfaces.md'), 'utf8');
  const block = /## Scorecard[\s\S]*?```json\n([\s\S]*?)```/.exec(spec);
  if (!block) throw new Error('no scorecard example in interfaces.md');
  return JSON.parse(block[1]!);
}

describe('onus scorecard and GET /v1/engagements/{id}/scorecard', () => {
  let dir: string;
  let store: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-scorecard-'));
    store = `sqlite:${join(dir, 'onus.db')}`;
    for (const name of ['smb-declined-mfa', 'finserv-misplaced-sensor', 'bank-unannounced-test']) {
      expect(
        onus('import', join(SHARED, 'scenarios', `${name}.ndjson`), '--store', store).status,
      ).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives exactly the example of interfaces.md for smb-declined-mfa', () => {
    const run = onus(
      'scorecard',
      '--engagement',
      'eng-smb',
      '--to',
      '2024-05-01T00:00:00Z',
      '--json',
      '--store',
      store,
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(specExample());
  });

  it('finserv-misplaced-sensor, worked out by hand', () => {
    const card = JSON.parse(
      onus(
        'scorecard',
        '--engagement',
        'eng-finserv',
        '--to',
        '2016-10-01T00:00:00Z',
        '--json',
        '--store',
        store,
      ).stdout,
    );
    // From the contract's start; one request, declined out of scope (monitoring is contracted),
    // answered only partially and abandoned: nothing answered within the 60-minute SLA.
    expect(card.from).toBe('2013-08-01T09:00:00.000Z');
    expect(card.mssp.requests).toEqual({
      count: 1,
      answeredWithinSlaPct: 0,
      declined: 1,
      wronglyDeclined: 1,
      abandoned: 1,
    });
    // Sensor s-box saw 5 of 375 (1.33%) from 6 Aug 2013 to 30 Aug 2016 (1,120 days), then
    // 358/375 for 29 days and 362/375 for 3 days: (0.01333·1120 + 0.95467·29 + 0.96533·3) / 1152.
    expect(card.mssp.coverage).toEqual({
      timeWeightedRatio: 0.04,
      gapDays: 1120,
      gapDaysUnreported: 1120,
    });
    expect(card.mssp.alerts).toEqual({});
    // COVERAGE_GAP 5 + COVERAGE_GAP_UNREPORTED 5 + REQUEST_WRONGLY_DECLINED 3 + REQUEST_ABANDONED 3.
    expect(card.findings).toEqual({
      mssp: { count: 4, weight: 16 },
      client: { count: 0, weight: 0 },
      third_party: { count: 0, weight: 0 },
    });
  });

  it('bank-unannounced-test, worked out by hand', () => {
    const card = JSON.parse(
      onus(
        'scorecard',
        '--engagement',
        'eng-bank',
        '--to',
        '2024-01-05T00:00:00Z',
        '--json',
        '--store',
        store,
      ).stdout,
    );
    // a-4711, critical: acknowledged after 7 minutes (SLA 15), notified after 18 (SLA 30), the
    // client acknowledged 7 minutes after the notification (SLA 60).
    expect(card.mssp.alerts).toEqual({
      critical: {
        count: 1,
        acknowledgedWithinSlaPct: 100,
        minutesToAcknowledge: { median: 7, p90: 7 },
        notifiedWithinSlaPct: 100,
      },
    });
    expect(card.client.tests).toEqual({ conducted: 1, announcedOnTimePct: 0, unannounced: 1 });
    expect(card.client.notificationsAcknowledgedWithinSlaPct).toBe(100);
    expect(card.findings.client).toEqual({ count: 1, weight: 3 });
  });

  it('refuses a bad period with a clear message', () => {
    const run = onus(
      'scorecard',
      '--engagement',
      'eng-smb',
      '--from',
      '2024-05-01T00:00:00Z',
      '--to',
      '2024-01-01T00:00:00Z',
      '--store',
      store,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--from must not be after --to');
  });

  describe('over HTTP', () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp();
      expect(
        onus(
          'import',
          join(SHARED, 'scenarios', 'smb-declined-mfa.ndjson'),
          '--store',
          `sqlite:${app.dbPath}`,
        ).status,
      ).toBe(0);
    });
    afterAll(() => app.close());

    it('answers the same scorecard as the CLI', async () => {
      const response = await app.call(
        'GET',
        '/v1/engagements/eng-smb/scorecard?to=2024-05-01T00:00:00Z',
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual(specExample());
      const bad = await app.call(
        'GET',
        '/v1/engagements/eng-smb/scorecard?from=2024-06-01T00:00:00Z&to=2024-05-01T00:00:00Z',
      );
      expect(bad).toMatchObject({ status: 400, body: { details: [{ path: 'query.from' }] } });
    });
  });
});
