import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SHARED } from '../support/cli';
import { type RunningApp, startApp } from '../support/http-app';

const EVE = readFileSync(join(SHARED, 'data', 'suricata', 'eve.json'), 'utf8');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'ingest');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** The operator key `call` sends by default. */
const operator = {};

const contract = (engagementId: string, severityMap?: object) => ({
  type: 'EngagementContracted',
  engagementId,
  actor: 'admin',
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  data: {
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    services: ['monitoring'],
    scope: { endpoints: 10, servers: 1, telemetry: ['ids'] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
      ...(severityMap ? { severityMap } : {}),
    },
  },
});

describe('POST /v1/engagements/{id}/ingest/{source} (real HTTP, real SQLite)', () => {
  let app: RunningApp;
  /** An MSSP recorder key of eng-1: the only kind of key that may ingest there. */
  let mssp: Record<string, string>;
  let ndjson: Record<string, string>;
  beforeEach(async () => {
    app = await startApp();
    mssp = app.recorder('mssp', 'eng-1');
    ndjson = { ...mssp, 'content-type': 'application/x-ndjson' };
    expect((await app.call('POST', '/v1/events', contract('eng-1'), operator)).status).toBe(201);
  });
  afterEach(() => app.close());

  it('takes eve.json as NDJSON: one alert, six skipped, a result per line; again: a duplicate', async () => {
    const first = await app.call('POST', '/v1/engagements/eng-1/ingest/suricata', EVE, ndjson);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      engagementId: 'eng-1',
      source: 'suricata',
      records: 7,
      appended: 1,
      duplicates: 0,
      skipped: 6,
      rejected: 0,
    });
    const [alert, ...skipped] = first.body.results;
    expect(alert).toEqual({
      line: 1,
      outcome: 'appended',
      alertId: expect.stringMatching(/^suricata:[0-9a-f]{32}$/),
      eventId: expect.any(String),
      position: 1,
    });
    expect(skipped.map((r: { line: number; type: string }) => [r.line, r.type])).toEqual([
      [2, 'dns'],
      [3, 'fileinfo'],
      [4, 'flow'],
      [5, 'http'],
      [6, 'netflow'],
      [7, 'stats'],
    ]);

    const stored = await app.call('GET', `/v1/events/${alert.eventId}`);
    expect(stored.body).toMatchObject({
      event: {
        type: 'AlertRaised',
        party: 'mssp',
        actor: 'suricata',
        data: { alertId: alert.alertId, raw: JSON.parse(EVE.split('\n')[0]!) },
      },
    });

    const again = await app.call('POST', '/v1/engagements/eng-1/ingest/suricata', EVE, ndjson);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ appended: 0, duplicates: 1, skipped: 6 });
    expect(again.body.results[0]).toMatchObject({ outcome: 'duplicate', alertId: alert.alertId });
    expect(await app.store.headPosition()).toBe(2);
  });

  it('OCSF NDJSON: each bad record named by line and reason, the good ones in, nothing half-written', async () => {
    const response = await app.call(
      'POST',
      '/v1/engagements/eng-1/ingest/ocsf',
      fixture('ocsf-detection-findings.ndjson'),
      ndjson,
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ records: 8, appended: 2, duplicates: 1, rejected: 4 });
    expect(
      response.body.results.map((r: { line: number; outcome: string; rule?: string }) => [
        r.line,
        r.outcome,
        r.rule,
      ]),
    ).toEqual([
      [1, 'appended', undefined],
      [2, 'appended', undefined],
      [3, 'duplicate', undefined],
      [4, 'rejected', 'INVALID_JSON'],
      [5, 'rejected', 'WRONG_CLASS'],
      [6, 'rejected', 'MISSING_TIME'],
      [7, 'rejected', 'UNKNOWN_SEVERITY'],
      [8, 'skipped', undefined],
    ]);
    expect(response.body.results[4]).toMatchObject({
      message: 'class_uid: is 2003, not 2004 (Detection Finding)',
      details: [{ path: 'class_uid', reason: 'is 2003, not 2004 (Detection Finding)' }],
    });
    expect(await app.store.headPosition()).toBe(3);
  });

  it('takes JSON too: an array numbered by index, a single record', async () => {
    const array = await app.call(
      'POST',
      '/v1/engagements/eng-1/ingest/ocsf',
      fixture('ocsf-detection-findings.array.json'),
      mssp,
    );
    expect(array.status).toBe(201);
    expect(array.body.results.map((r: { index: number }) => r.index)).toEqual([0, 1]);
    const [critical] = fixture('wazuh-alerts.json').split('\n');
    const single = await app.call('POST', '/v1/engagements/eng-1/ingest/wazuh', critical, mssp);
    expect(single.status).toBe(201);
    expect(single.body.results).toEqual([
      expect.objectContaining({ index: 0, outcome: 'appended' }),
    ]);
  });

  it('refuses a record the ledger could not keep exactly, naming its field under data.raw', async () => {
    const [critical] = fixture('wazuh-alerts.json').split('\n');
    const huge = critical!.replace('"id":"1709633702.1001"', '"id":18446744073709551615');
    const response = await app.call('POST', '/v1/engagements/eng-1/ingest/wazuh', huge, ndjson);
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      expect.objectContaining({
        line: 1,
        outcome: 'rejected',
        rule: 'INVALID_EVENT',
        details: expect.arrayContaining([expect.objectContaining({ path: 'data.raw.id' })]),
      }),
    ]);
    expect(await app.store.headPosition()).toBe(1);
  });

  it("maps severities by the engagement's sla.severityMap over the defaults", async () => {
    expect(
      (
        await app.call(
          'POST',
          '/v1/events',
          contract('eng-map', { wazuh: { '5': 'high' }, suricata: { '2': 'critical' } }),
          operator,
        )
      ).status,
    ).toBe(201);
    const mapped = { ...app.recorder('mssp', 'eng-map'), 'content-type': 'application/x-ndjson' };
    const wazuh = await app.call(
      'POST',
      '/v1/engagements/eng-map/ingest/wazuh',
      fixture('wazuh-alerts.json'),
      mapped,
    );
    const suricata = await app.call('POST', '/v1/engagements/eng-map/ingest/suricata', EVE, mapped);
    const severities = await Promise.all(
      [...wazuh.body.results, ...suricata.body.results]
        .filter((r: { outcome: string }) => r.outcome === 'appended')
        .map(async (r: { eventId: string }) => {
          const { body } = await app.call('GET', `/v1/events/${r.eventId}`);
          return body.event.data.severity as string;
        }),
    );
    // Wazuh levels 15, 10 and 5 (5 mapped up to high); Suricata severity 2 mapped to critical.
    expect(severities).toEqual(['critical', 'medium', 'high', 'critical']);
  });

  it('refuses a wrong severity map in the contract, naming each bad entry', async () => {
    const response = await app.call(
      'POST',
      '/v1/events',
      contract('eng-bad', { wazuh: { '3': 'urgent' }, snort: {} }),
      operator,
    );
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      {
        path: 'data.sla.severityMap.wazuh["3"]',
        reason: 'must be one of critical, high, medium, low',
      },
      {
        path: 'data.sla.severityMap.snort',
        reason: 'is not an ingest source: one of suricata, ocsf, wazuh',
      },
    ]);
  });

  it('refuses an unknown source or engagement, and every key but an MSSP recorder key', async () => {
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['/v1/engagements/eng-1/ingest/snort', ndjson, 404, 'no ingest source "snort"'],
      ['/v1/engagements/eng-none/ingest/suricata', ndjson, 404, 'eng-none is not in the ledger'],
      [
        '/v1/engagements/eng-1/ingest/suricata',
        { ...app.recorder('client', 'eng-1'), 'content-type': 'application/x-ndjson' },
        403,
        'may not POST',
      ],
      [
        '/v1/engagements/eng-1/ingest/suricata',
        { 'content-type': 'application/x-ndjson' },
        403,
        'may not POST',
      ],
      [
        '/v1/engagements/eng-1/ingest/suricata',
        { authorization: '', 'content-type': 'application/x-ndjson' },
        401,
        'API key',
      ],
    ];
    for (const [path, headers, status, message] of cases) {
      const response = await app.call('POST', path, EVE, headers);
      expect([response.status, response.body.message]).toEqual([
        status,
        expect.stringContaining(message),
      ]);
    }
    expect(await app.store.headPosition()).toBe(1);
  });

  it('answers 400 for a body without records and 413 over 1 MiB, never a 500', async () => {
    const empty = await app.call('POST', '/v1/engagements/eng-1/ingest/suricata', '\n\n', ndjson);
    expect([empty.status, empty.body.message]).toEqual([
      400,
      expect.stringContaining('no records'),
    ]);
    const emptyArray = await app.call('POST', '/v1/engagements/eng-1/ingest/ocsf', [], mssp);
    expect(emptyArray.status).toBe(400);
    const line = EVE.split('\n')[0]!;
    const big = `${line}\n`.repeat(Math.ceil((1024 * 1024) / line.length) + 1);
    const tooBig = await app.call('POST', '/v1/engagements/eng-1/ingest/suricata', big, ndjson);
    expect(tooBig.status).toBe(413);
    const notJson = await app.call('POST', '/v1/engagements/eng-1/ingest/wazuh', '{"a":', mssp);
    expect(notJson.status).toBe(400);
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await app.call('GET', '/docs/openapi.json');
    const operation = body.paths['/v1/engagements/{engagementId}/ingest/{source}'].post;
    expect(Object.keys(operation.requestBody.content)).toEqual([
      'application/x-ndjson',
      'application/json',
    ]);
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '403', '404', '413']),
    );
  });
});
