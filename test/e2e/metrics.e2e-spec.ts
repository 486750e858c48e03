import { type RunningApp, startApp } from '../support/http-app';

/** GET /metrics: Prometheus text with what was appended, request latencies and lags. */
describe('GET /metrics', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('counts appended events by type and party, times requests by route, and reports lags', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const contract = {
      type: 'EngagementContracted',
      engagementId: 'eng-1',
      actor: 'admin',
      occurredAt: at,
      data: {
        client: { name: 'C' },
        mssp: { name: 'M' },
        startsAt: at,
        services: ['monitoring'],
        scope: { endpoints: 1, servers: 1, telemetry: [] },
        sla: {
          acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
          requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
        },
      },
    };
    expect((await app.call('POST', '/v1/events', contract)).status).toBe(201);
    const alert = {
      type: 'AlertRaised',
      engagementId: 'eng-1',
      actor: 's',
      occurredAt: at,
      data: { alertId: 'a-1', severity: 'low', title: 't' },
    };
    expect(
      (await app.call('POST', '/v1/events', alert, app.recorder('mssp', 'eng-1'))).status,
    ).toBe(201);
    // A retry appends nothing and counts nothing; a refusal counts nothing.
    const retry = await app.call('GET', '/v1/engagements/eng-1/events');
    await app.call(
      'POST',
      '/v1/events',
      { ...alert, id: retry.body.events[1].id },
      app.recorder('mssp', 'eng-1'),
    );
    await app.call('POST', '/v1/events', alert, app.recorder('client', 'eng-1'));

    const metrics = await app.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    const text = metrics.text;
    expect(text).toContain(
      'onus_events_appended_total{type="EngagementContracted",party="operator"} 1',
    );
    expect(text).toContain('onus_events_appended_total{type="AlertRaised",party="mssp"} 1');
    expect(text).toMatch(
      /onus_http_request_duration_seconds_count\{method="POST",route="\/v1\/events",status="201"\} 2/,
    );
    expect(text).toMatch(
      /onus_http_request_duration_seconds_count\{method="POST",route="\/v1\/events",status="409"\} 1/,
    );
    expect(text).toMatch(/^onus_follower_lag_events\{follower="audit-view"\} \d+$/m);
    expect(text).toMatch(/^onus_follower_lag_events\{follower="notary"\} \d+$/m);
    expect(text).toMatch(/^onus_follower_lag_events\{follower="projection:event-search"\} \d+$/m);
    expect(text).toMatch(/^onus_notary_tree_size \d+$/m);

    // /health names the same followers, caught up once they have taken in the head.
    const health = await app.call('GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', store: 'sqlite', headPosition: 2 });
    expect(Object.keys(health.body.followers).sort()).toEqual([
      'audit-view',
      'notary',
      'projection:engagements',
      'projection:event-search',
    ]);
    expect(health.body.followers['audit-view'].lag).toBeGreaterThanOrEqual(0);
    expect(text).toContain('onus_process_cpu_user_seconds_total');
  });
});
