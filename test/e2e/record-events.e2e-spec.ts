import { randomUUID } from 'node:crypto';
import { verifyChain } from '@onus/domain';
import { type RunningApp, startApp } from '../support/http-app';

const operator = {}; // startApp's call sends its operator key by default
let mssp: { authorization: string };
let client: { authorization: string };

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

const contract = (engagementId = 'eng-1') => ({
  type: 'EngagementContracted',
  engagementId,
  actor: 'admin',
  occurredAt: minutesAgo(60),
  data: {
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: minutesAgo(60),
    services: ['monitoring'],
    scope: { endpoints: 10, servers: 1, telemetry: ['edr'] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
    },
  },
});

const raised = (alertId: string, occurredAt = minutesAgo(1)) => ({
  type: 'AlertRaised',
  engagementId: 'eng-1',
  actor: 'suricata/sensor-1',
  occurredAt,
  data: { alertId, severity: 'critical', title: 'C2 beacon', extra: { kept: true } },
});

describe('POST /v1/events (real HTTP, real SQLite)', () => {
  let app: RunningApp;
  beforeEach(async () => {
    app = await startApp();
    mssp = app.recorder('mssp', 'eng-1');
    client = app.recorder('client', 'eng-1');
    expect((await app.call('POST', '/v1/events', contract(), operator)).status).toBe(201);
  });
  afterEach(() => app.close());

  it('records one event: 201 with the stored envelope, chained and placed', async () => {
    const response = await app.call('POST', '/v1/events', raised('a-1'), mssp);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      type: 'AlertRaised',
      party: 'mssp',
      stream: 'eng-1/alert/a-1',
      revision: 0,
      position: 1,
      prevHash: '0'.repeat(64),
      lateRecorded: false,
      data: { alertId: 'a-1', extra: { kept: true } },
    });
    expect(response.body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records a batch atomically and in order; a bad event anywhere appends nothing', async () => {
    const ok = await app.call(
      'POST',
      '/v1/events',
      {
        events: [
          raised('a-1'),
          {
            type: 'AlertAcknowledged',
            engagementId: 'eng-1',
            actor: 'jack',
            occurredAt: minutesAgo(0),
            data: { alertId: 'a-1' },
          },
        ],
      },
      mssp,
    );
    expect(ok.status).toBe(201);
    expect(ok.body.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1]);
    expect(verifyChain(ok.body.events)).toBeUndefined();

    const bad = await app.call(
      'POST',
      '/v1/events',
      { events: [raised('a-2'), raised('a-3'), raised('a-1')] },
      mssp,
    );
    expect(bad.status).toBe(409);
    expect(bad.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      rule: 'ID_ALREADY_USED',
      details: [{ path: 'events[2].data.alertId' }],
    });
    expect(await app.store.headPosition()).toBe(3);
  });

  it('400 lists every bad field path and appends nothing', async () => {
    const response = await app.call(
      'POST',
      '/v1/events',
      {
        events: [
          { ...raised('a-1'), occurredAt: 'yesterday' },
          { ...raised('a-2'), data: { alertId: 'a 2', severity: 'urgent' } },
        ],
      },
      mssp,
    );
    expect(response.status).toBe(400);
    expect(response.body.statusCode).toBe(400);
    const paths = response.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'events[0].occurredAt',
        'events[1].data.alertId',
        'events[1].data.severity',
        'events[1].data.title',
      ]),
    );
    expect(await app.store.headPosition()).toBe(1);
  });

  it('answers unparseable JSON, an empty batch and a missing API key with a clear 4xx', async () => {
    const broken = await app.call('POST', '/v1/events', '{"type": "AlertRaised",', mssp);
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/JSON/);
    const empty = await app.call('POST', '/v1/events', { events: [] }, mssp);
    expect(empty).toMatchObject({ status: 400, body: { details: [{ path: 'events' }] } });
    const notAnObject = await app.call('POST', '/v1/events', [raised('a-1')], mssp);
    expect(notAnObject).toMatchObject({
      status: 400,
      body: {
        message: 'must be an object (an event envelope)',
        details: [{ path: '', reason: 'must be an object (an event envelope)' }],
      },
    });
    const anonymous = await app.call('POST', '/v1/events', raised('a-1'), { authorization: '' });
    expect(anonymous).toMatchObject({
      status: 401,
      body: { details: [{ path: 'headers.authorization' }] },
    });
    expect(await app.store.headPosition()).toBe(1);
  });

  it('403 when the party may not record the type, or the body names another party', async () => {
    const wrongType = await app.call(
      'POST',
      '/v1/events',
      raised('a-1'),
      app.recorder('third_party', 'eng-1'),
    );
    expect(wrongType).toMatchObject({ status: 403, body: { rule: 'PARTY_MAY_NOT_RECORD' } });
    expect(wrongType.body.message).toContain('AlertRaised may be recorded by mssp or client');
    const impersonation = await app.call(
      'POST',
      '/v1/events',
      { ...raised('a-1'), party: 'mssp' },
      client,
    );
    expect(impersonation).toMatchObject({ status: 403, body: { rule: 'PARTY_FROM_CREDENTIALS' } });
    expect(await app.store.headPosition()).toBe(1);
  });

  it('404 for an unknown engagement', async () => {
    const response = await app.call(
      'POST',
      '/v1/events',
      { ...raised('a-1'), engagementId: 'nope' },
      mssp,
    );
    expect(response).toMatchObject({
      status: 404,
      body: { rule: 'ENGAGEMENT_UNKNOWN', details: [{ path: 'engagementId' }] },
    });
  });

  it('409 with the current revision for a stale expectedRevision', async () => {
    await app.call('POST', '/v1/events', raised('a-1'), mssp);
    const ack = {
      type: 'AlertAcknowledged',
      engagementId: 'eng-1',
      actor: 'jack',
      occurredAt: minutesAgo(0),
      data: { alertId: 'a-1' },
    };
    const stale = await app.call('POST', '/v1/events', { ...ack, expectedRevision: 3 }, mssp);
    expect(stale).toMatchObject({
      status: 409,
      body: { rule: 'WRONG_EXPECTED_REVISION', currentRevision: 0 },
    });
    expect(
      (await app.call('POST', '/v1/events', { ...ack, expectedRevision: 0 }, mssp)).status,
    ).toBe(201);
  });

  it('an idempotent retry answers 200 with the stored event; same id, other content is 409', async () => {
    const event = { ...raised('a-1'), id: randomUUID() };
    const first = await app.call('POST', '/v1/events', event, mssp);
    const retry = await app.call('POST', '/v1/events', event, mssp);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    const conflict = await app.call('POST', '/v1/events', { ...event, actor: 'other' }, mssp);
    expect(conflict).toMatchObject({ status: 409, body: { rule: 'EVENT_ID_CONFLICT' } });
  });

  it('shows backdating: an old occurredAt comes back with effectiveAt = recordedAt', async () => {
    const response = await app.call('POST', '/v1/events', raised('a-1', minutesAgo(24 * 60)), mssp);
    expect(response.status).toBe(201);
    expect(response.body.lateRecorded).toBe(true);
    expect(response.body.effectiveAt).toBe(response.body.recordedAt);
    expect(response.body.occurredAt).not.toBe(response.body.recordedAt);
  });

  it('serves the OpenAPI document and /health', async () => {
    const docs = await app.call('GET', '/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(docs.body.paths['/v1/events'].post).toBeDefined();
    const ui = await app.call('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const health = (await app.call('GET', '/health')).body;
    expect(health).toMatchObject({ status: 'ok', store: 'sqlite', headPosition: 1 });
    expect(Object.keys(health.followers).sort()).toEqual([
      'audit-view',
      'notary',
      'projection:engagements',
      'projection:event-search',
    ]);
  });
});
