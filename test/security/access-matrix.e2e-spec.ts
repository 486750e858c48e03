import { coversEngagement, type KeyGrant } from '@onus/access';
import { type AccessRule } from '../../src/http/access/access-rule';
import { type RouteEntry, routeTable } from '../../src/http/access/route-table';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from '../support/cli';
import { type RunningApp, startApp } from '../support/http-app';
import { alertRaised, amended, contracted, coverageReported } from '../support/events';

/**
 * The authorisation matrix: every route Nest registered × every kind of caller. The rows come
 * from the application's own route table, the expected status from each route's @Access rule;
 * a route without a rule, or without an example request below, fails here.
 */

const ENGAGEMENT = 'eng-a';
const OTHER_ENGAGEMENT = 'eng-b';

const CALLERS = {
  'no key': undefined,
  'revoked key': { actor: 'gone', role: 'operator', engagements: 'all' },
  operator: { actor: 'ops', role: 'operator', engagements: 'all' },
  'client recorder': { actor: 'c', role: 'recorder', party: 'client', engagements: [ENGAGEMENT] },
  'MSSP recorder': { actor: 'm', role: 'recorder', party: 'mssp', engagements: [ENGAGEMENT] },
  'third-party recorder': {
    actor: 't',
    role: 'recorder',
    party: 'third_party',
    engagements: [ENGAGEMENT],
  },
  auditor: { actor: 'a', role: 'auditor', engagements: [ENGAGEMENT] },
  'key of another engagement': {
    actor: 'm-b',
    role: 'recorder',
    party: 'mssp',
    engagements: [OTHER_ENGAGEMENT],
  },
} as const satisfies Record<string, KeyGrant | undefined>;
type CallerName = keyof typeof CALLERS;

interface Fixture {
  app: RunningApp;
  eventId: string;
  checkpointSize: number;
}

/** The one alert record of the real Suricata sample. */
const SURICATA_ALERT = readFileSync(join(SHARED, 'data', 'suricata', 'eve.json'), 'utf8')
  .split('\n')
  .find((line) => line.includes('"event_type":"alert"'))!;

interface Example {
  /** The status when the caller may: what the route answers to this request. */
  readonly ok: number;
  request(
    fixture: Fixture,
    caller: KeyGrant | undefined,
  ): { path: string; body?: unknown; contentType?: string };
}

/** One request per route, always about ENGAGEMENT. A new route needs its line here. */
const EXAMPLES: Record<string, Example> = {
  'GET /health': { ok: 200, request: () => ({ path: '/health' }) },
  'GET /metrics': { ok: 200, request: () => ({ path: '/metrics' }) },
  'GET /v1/keys': { ok: 200, request: () => ({ path: '/v1/keys' }) },
  'GET /v1/checkpoints/latest': { ok: 200, request: () => ({ path: '/v1/checkpoints/latest' }) },
  'GET /v1/checkpoints/consistency': {
    ok: 200,
    request: () => ({ path: '/v1/checkpoints/consistency?from=1' }),
  },
  'GET /v1/checkpoints/:size': {
    ok: 200,
    request: ({ checkpointSize }) => ({ path: `/v1/checkpoints/${checkpointSize}` }),
  },
  'GET /v1/events/:eventId': {
    ok: 200,
    request: ({ eventId }) => ({ path: `/v1/events/${eventId}` }),
  },
  'POST /v1/events': {
    ok: 201,
    request: (_, caller) => ({
      path: '/v1/events',
      // What the caller's party may record, so that only the access rule decides.
      body: caller?.role === 'operator' ? amended(ENGAGEMENT) : coverageReported(ENGAGEMENT),
    }),
  },
  'POST /v1/import': {
    ok: 200,
    request: () => ({
      path: '/v1/import',
      contentType: 'application/x-ndjson',
      body: JSON.stringify({ ...coverageReported(ENGAGEMENT), party: 'mssp' }),
    }),
  },
  'GET /v1/engagements/:engagementId/verdict': {
    ok: 200,
    request: () => ({ path: `/v1/engagements/${ENGAGEMENT}/verdict` }),
  },
  'GET /v1/engagements/:engagementId/timeline': {
    ok: 200,
    request: () => ({ path: `/v1/engagements/${ENGAGEMENT}/timeline` }),
  },
  'GET /v1/engagements/:engagementId/scorecard': {
    ok: 200,
    request: () => ({ path: `/v1/engagements/${ENGAGEMENT}/scorecard` }),
  },
  'GET /v1/engagements/:engagementId/events': {
    ok: 200,
    request: () => ({ path: `/v1/engagements/${ENGAGEMENT}/events` }),
  },
  'POST /v1/engagements/:engagementId/ingest/:source': {
    ok: 201,
    request: () => ({
      path: `/v1/engagements/${ENGAGEMENT}/ingest/suricata`,
      contentType: 'application/x-ndjson',
      body: SURICATA_ALERT,
    }),
  },
  'GET /v1/engagements/:engagementId/bundle': {
    ok: 200,
    request: () => ({ path: `/v1/engagements/${ENGAGEMENT}/bundle` }),
  },
  'GET /v1/engagements/:engagementId/review': {
    ok: 200,
    request: () => ({ path: `/v1/engagements/${ENGAGEMENT}/review` }),
  },
  'GET /review/:engagementId': { ok: 200, request: () => ({ path: `/review/${ENGAGEMENT}` }) },
  'GET /review/assets/review.js': {
    ok: 200,
    request: () => ({ path: '/review/assets/review.js' }),
  },
  'POST /v1/api-keys': {
    ok: 201,
    request: () => ({
      path: '/v1/api-keys',
      body: { actor: 'new', role: 'auditor', engagements: [ENGAGEMENT] },
    }),
  },
  'GET /v1/api-keys': { ok: 200, request: () => ({ path: '/v1/api-keys' }) },
  'DELETE /v1/api-keys/:id': {
    ok: 200,
    request: ({ app }) => ({
      path: `/v1/api-keys/${app.key({ role: 'auditor', engagements: [ENGAGEMENT] }).id}`,
    }),
  },
};

/** What the rule says this caller gets for this route's example. */
function expectedStatus(
  rule: AccessRule | undefined,
  caller: CallerName,
  example: Example,
): number {
  if (!rule) return 403; // fails closed, whoever calls
  if (rule.public) return example.ok;
  const grant = CALLERS[caller];
  if (grant === undefined || caller === 'revoked key') return 401;
  const party = 'party' in grant ? grant.party : undefined;
  if (!rule.roles.includes(grant.role) || (party && rule.parties && !rule.parties.includes(party)))
    return 403;
  if (rule.engagement !== 'none' && !coversEngagement(grant, ENGAGEMENT)) return 404;
  return example.ok;
}

describe('authorisation matrix', () => {
  let fixture: Fixture;
  let routes: RouteEntry[];
  const headers = new Map<CallerName, Record<string, string>>();

  beforeAll(async () => {
    const app = await startApp({ ONUS_CHECKPOINT_EVERY_EVENTS: '1' });
    for (const engagement of [ENGAGEMENT, OTHER_ENGAGEMENT])
      expect((await app.call('POST', '/v1/events', contracted(engagement))).status).toBe(201);
    const alert = await app.call(
      'POST',
      '/v1/events',
      alertRaised(ENGAGEMENT, 'a-1'),
      app.recorder('mssp', ENGAGEMENT),
    );
    expect(alert.status).toBe(201);
    for (const [name, grant] of Object.entries(CALLERS) as [CallerName, KeyGrant | undefined][]) {
      if (!grant) {
        headers.set(name, { authorization: '' });
        continue;
      }
      const made = app.key(grant);
      headers.set(name, made.headers);
      if (name === 'revoked key')
        expect((await app.call('DELETE', `/v1/api-keys/${made.id}`)).status).toBe(200);
    }
    let latest = await app.call('GET', '/v1/checkpoints/latest');
    for (let tries = 0; latest.status !== 200 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      latest = await app.call('GET', '/v1/checkpoints/latest');
    }
    expect(latest.status).toBe(200);
    fixture = {
      app,
      eventId: alert.body.id as string,
      checkpointSize: Number(latest.text.split('\n')[1]),
    };
    routes = routeTable(app.app);
  });
  afterAll(() => fixture.app.close());

  it('finds every route, each with an access rule and an example request', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(EXAMPLES).length);
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(routes.filter((route) => !route.rule).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(names.filter((name) => !EXAMPLES[name])).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((name) => !names.includes(name))).toEqual([]);
  });

  it('answers every route × caller as the route rule says, and a refused write appends nothing', async () => {
    const rows: string[] = [`| route | ${Object.keys(CALLERS).join(' | ')} |`];
    const wrong: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const example = EXAMPLES[name];
      if (!example) continue; // reported by the test above
      const cells: number[] = [];
      for (const caller of Object.keys(CALLERS) as CallerName[]) {
        const expected = expectedStatus(route.rule, caller, example);
        const request = example.request(fixture, CALLERS[caller]);
        const before = await fixture.app.store.headPosition();
        const response = await fixture.app.call(route.method, request.path, request.body, {
          ...headers.get(caller),
          ...(request.contentType ? { 'content-type': request.contentType } : {}),
        });
        const after = await fixture.app.store.headPosition();
        cells.push(response.status);
        if (response.status !== expected)
          wrong.push(
            `${name} as ${caller}: ${response.status}, expected ${expected} ${response.text}`,
          );
        if (expected >= 400 && after !== before)
          wrong.push(`${name} as ${caller}: appended events`);
        if (expected >= 400) expect(response.body).toMatchObject({ statusCode: expected });
      }
      rows.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    expect(wrong).toEqual([]);
    expect(rows).toHaveLength(routes.length + 1);
    // The matrix itself, for review: a changed rule shows here as a changed line.
    expect(rows.join('\n')).toMatchSnapshot();
  });

  it('gives a key of another engagement the same 404 as an engagement that does not exist', async () => {
    const other = headers.get('key of another engagement')!;
    const existing = await fixture.app.call(
      'GET',
      `/v1/engagements/${ENGAGEMENT}/verdict`,
      undefined,
      other,
    );
    const missing = await fixture.app.call(
      'GET',
      '/v1/engagements/eng-nowhere/verdict',
      undefined,
      other,
    );
    expect(existing.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(existing.body.message.replace(ENGAGEMENT, 'X')).toBe(
      missing.body.message.replace('eng-nowhere', 'X'),
    );
    const event = await fixture.app.call('GET', `/v1/events/${fixture.eventId}`, undefined, other);
    const noEvent = await fixture.app.call(
      'GET',
      '/v1/events/00000000-0000-4000-8000-000000000000',
      undefined,
      other,
    );
    expect([event.status, noEvent.status]).toEqual([404, 404]);
    expect(event.body.message.replace(fixture.eventId, 'X')).toBe(
      noEvent.body.message.replace('00000000-0000-4000-8000-000000000000', 'X'),
    );
  });
});
