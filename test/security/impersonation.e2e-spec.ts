import { type RunningApp, startApp } from '../support/http-app';
import { alertRaised, contracted, minutesAgo } from '../support/events';

/** Attempts to record as someone else: each refused, with nothing appended. */
describe('impersonation', () => {
  let app: RunningApp;
  let head: number;

  beforeAll(async () => {
    app = await startApp();
    expect((await app.call('POST', '/v1/events', contracted('eng-1'))).status).toBe(201);
    expect(
      (
        await app.call(
          'POST',
          '/v1/events',
          alertRaised('eng-1', 'a-1'),
          app.recorder('mssp', 'eng-1'),
        )
      ).status,
    ).toBe(201);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    head = await app.store.headPosition();
  });
  afterEach(async () => {
    expect(await app.store.headPosition()).toBe(head);
  });

  it('a client key cannot acknowledge the MSSP’s alert', async () => {
    const response = await app.call(
      'POST',
      '/v1/events',
      {
        type: 'AlertAcknowledged',
        engagementId: 'eng-1',
        actor: 'client-analyst',
        occurredAt: minutesAgo(0),
        data: { alertId: 'a-1' },
      },
      app.recorder('client', 'eng-1'),
    );
    expect(response).toMatchObject({ status: 403, body: { rule: 'PARTY_MAY_NOT_RECORD' } });
    expect(response.body.message).toMatch(/AlertAcknowledged may be recorded by mssp/);
  });

  it('an MSSP key cannot file the client’s test notice', async () => {
    const response = await app.call(
      'POST',
      '/v1/events',
      {
        type: 'TestNoticeFiled',
        engagementId: 'eng-1',
        actor: 'mssp-soc',
        occurredAt: minutesAgo(0),
        data: {
          testId: 't-1',
          tester: 'Red Team Ltd',
          testerParty: 'third_party',
          windowStart: minutesAgo(-60),
          windowEnd: minutesAgo(-120),
        },
      },
      app.recorder('mssp', 'eng-1'),
    );
    expect(response).toMatchObject({ status: 403, body: { rule: 'PARTY_MAY_NOT_RECORD' } });
    expect(response.body.message).toMatch(/TestNoticeFiled may be recorded by client/);
  });

  it.each(['client', 'operator', 'third_party'])(
    'a recorder naming party %s in the body is refused, alone or in a batch',
    async (party) => {
      const mssp = app.recorder('mssp', 'eng-1');
      const single = await app.call(
        'POST',
        '/v1/events',
        { ...alertRaised('eng-1', 'a-2'), party },
        mssp,
      );
      expect(single).toMatchObject({
        status: 403,
        body: { rule: 'PARTY_FROM_CREDENTIALS', details: [{ path: 'party' }] },
      });
      const batch = await app.call(
        'POST',
        '/v1/events',
        { events: [alertRaised('eng-1', 'a-3'), { ...alertRaised('eng-1', 'a-4'), party }] },
        mssp,
      );
      expect(batch).toMatchObject({
        status: 403,
        body: { rule: 'PARTY_FROM_CREDENTIALS', details: [{ path: 'events[1].party' }] },
      });
    },
  );

  it('a recorder cannot import (which would let it name any party and recordedAt)', async () => {
    const line = JSON.stringify({
      ...alertRaised('eng-1', 'a-5'),
      party: 'mssp',
      recordedAt: minutesAgo(0),
    });
    for (const party of ['mssp', 'client', 'third_party'] as const) {
      const response = await app.call('POST', '/v1/import', line, {
        ...app.recorder(party, 'eng-1'),
        'content-type': 'application/x-ndjson',
      });
      expect(response.status).toBe(403);
      expect(response.body.message).toMatch(/may not POST \/v1\/import/);
    }
  });

  it('a recorder cannot slip recordedAt into a live append', async () => {
    const response = await app.call(
      'POST',
      '/v1/events',
      { ...alertRaised('eng-1', 'a-6'), recordedAt: minutesAgo(600) },
      app.recorder('mssp', 'eng-1'),
    );
    expect(response).toMatchObject({ status: 400, body: { rule: 'RECORDED_AT_FROM_LEDGER' } });
  });

  it('a recorder cannot write into an engagement outside its key, even in a batch', async () => {
    expect((await app.call('POST', '/v1/events', contracted('eng-2'))).status).toBe(201);
    head = await app.store.headPosition();
    const response = await app.call(
      'POST',
      '/v1/events',
      { events: [alertRaised('eng-1', 'a-7'), alertRaised('eng-2', 'a-7')] },
      app.recorder('mssp', 'eng-1'),
    );
    expect(response).toMatchObject({
      status: 404,
      body: { rule: 'ENGAGEMENT_UNKNOWN', details: [{ path: 'events[1].engagementId' }] },
    });
  });
});
