import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { type RunningApp, startApp } from '../support/http-app';
import { onus } from '../support/cli';
import { alertRaised, contracted } from '../support/events';

const ERROR_FIELDS = ['statusCode', 'error', 'message', 'details', 'rule', 'currentRevision'];

describe('hardening', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp();
    expect((await app.call('POST', '/v1/events', contracted('eng-1'))).status).toBe(201);
  });
  afterAll(() => app.close());

  it('413 with a JSON body naming the limit for an oversized request, nothing appended', async () => {
    const head = await app.store.headPosition();
    const huge = {
      ...alertRaised('eng-1', 'big'),
      data: { alertId: 'big', severity: 'low', title: 'x'.repeat(1_100_000) },
    };
    const response = await app.call('POST', '/v1/events', huge);
    expect(response).toMatchObject({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large' },
    });
    expect(response.body.message).toMatch(/^body: larger than the 1048576 bytes/);
    expect(await app.store.headPosition()).toBe(head);
  });

  it('sends security headers on API answers and errors alike', async () => {
    for (const response of [
      await fetch(`${app.url}/health`),
      await fetch(`${app.url}/v1/engagements/eng-1/verdict`),
    ]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect((await fetch(`${app.url}/docs`)).status).toBe(200);
  });

  it('the OpenAPI document says which operations take a bearer key', async () => {
    const doc = (await app.call('GET', '/docs/openapi.json', undefined, { authorization: '' }))
      .body;
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/events'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/v1/engagements/{engagementId}/verdict'].get.security).toEqual([
      { bearer: [] },
    ]);
    expect(doc.paths['/health'].get.security).toBeUndefined();
  });

  it('401 for a missing, malformed, unknown or forged key, with the error shape and nothing of the inside', async () => {
    const real = app.key({ role: 'auditor', engagements: ['eng-1'] });
    const forged = real.key.slice(0, -4) + (real.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const authorization of [
      '',
      'Basic dXNlcjpwYXNz',
      "Bearer ' OR 1=1; --",
      'Bearer onus_0000000000000000_' + 'A'.repeat(43),
      `Bearer ${forged}`,
    ]) {
      const response = await app.call('GET', '/v1/engagements/eng-1/verdict', undefined, {
        authorization,
      });
      expect(response.status).toBe(401);
      expect(Object.keys(response.body).every((k) => ERROR_FIELDS.includes(k))).toBe(true);
      expect(response.text).not.toMatch(/sqlite|SELECT|\bat \w+ \(|node_modules/i);
      expect(response.body.details).toEqual([
        { path: 'headers.authorization', reason: expect.any(String) },
      ]);
    }
  });

  it('counts refusals in /metrics and logs the key id, never the secret', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    const real = app.key({ role: 'auditor', engagements: ['eng-1'] });
    const secret = real.key.split('_').slice(2).join('_');
    const wrongSecret = secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    try {
      await app.call('GET', '/v1/engagements/eng-1/verdict', undefined, {
        authorization: `Bearer onus_${real.id}_${wrongSecret}`,
      });
      await app.call('GET', '/v1/engagements/eng-1/verdict', undefined, { authorization: '' });
      await app.call('GET', '/v1/engagements/eng-2/verdict', undefined, real.headers);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const log = written.join('');
    expect(log).toContain(`(key ${real.id})`);
    expect(log).not.toContain(secret);
    expect(log).not.toContain(wrongSecret);
    const metrics = (await app.call('GET', '/metrics')).text;
    for (const reason of ['unknown', 'missing', 'other_engagement'])
      expect(metrics).toMatch(new RegExp(`onus_auth_failures_total\\{reason="${reason}"\\} [1-9]`));
  });

  it('keeps only salted hashes: no secret in the key file, none in the key list', async () => {
    const made = await app.call('POST', '/v1/api-keys', {
      actor: 'siem-connector',
      role: 'recorder',
      party: 'mssp',
      engagements: ['eng-1'],
    });
    expect(made.status).toBe(201);
    const secret = (made.body.key as string).split('_').slice(2).join('_');
    const file = readFileSync(join(dirname(app.dbPath), 'keys.db')).toString('latin1');
    expect(file).not.toContain(secret);
    const list = await app.call('GET', '/v1/api-keys');
    expect(list.text).not.toContain(secret);
    expect(list.body.find((k: { id: string }) => k.id === made.body.id)).toEqual({
      id: made.body.id,
      actor: 'siem-connector',
      role: 'recorder',
      party: 'mssp',
      engagements: ['eng-1'],
      createdAt: expect.any(String),
      revokedAt: null,
    });
  });

  it('400 naming each bad field of a key to create', async () => {
    const response = await app.call('POST', '/v1/api-keys', {
      actor: '',
      role: 'recorder',
      party: 'operator',
      engagements: 'all',
      colour: 'red',
    });
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'actor',
      'colour',
      'engagements',
      'party',
    ]);
  });

  it('a revocation holds from the next request, by HTTP or by the CLI of another process', async () => {
    for (const revoke of ['http', 'cli'] as const) {
      const made = await app.call('POST', '/v1/api-keys', {
        actor: `auditor-${revoke}`,
        role: 'auditor',
        engagements: ['eng-1'],
      });
      const headers = { authorization: `Bearer ${made.body.key}` };
      expect(
        (await app.call('GET', '/v1/engagements/eng-1/timeline', undefined, headers)).status,
      ).toBe(200);
      if (revoke === 'http')
        expect((await app.call('DELETE', `/v1/api-keys/${made.body.id}`)).body.revokedAt).toEqual(
          expect.any(String),
        );
      else
        expect(onus('keys', 'revoke', made.body.id, '--store', `sqlite:${app.dbPath}`).status).toBe(
          0,
        );
      const after = await app.call('GET', '/v1/engagements/eng-1/timeline', undefined, headers);
      expect(after).toMatchObject({ status: 401, body: { message: 'this API key is revoked' } });
    }
    expect((await app.call('DELETE', '/v1/api-keys/ffffffffffffffff')).status).toBe(404);
  });
});

describe('rate limits per key', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ ONUS_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => app.close());

  it('429 with Retry-After past the limit, for that key only', async () => {
    const busy = app.key({ role: 'auditor', engagements: ['eng-1'] }).headers;
    const quiet = app.key({ role: 'auditor', engagements: ['eng-1'] }).headers;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await app.call('GET', '/v1/engagements/eng-1/events', undefined, busy)).status,
      );
    expect(statuses).toEqual([404, 404, 404]); // counted whatever the answer
    const limited = await fetch(`${app.url}/v1/engagements/eng-1/events`, { headers: busy });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/more than 3 requests a minute/),
    });
    expect((await app.call('GET', '/v1/engagements/eng-1/events', undefined, quiet)).status).toBe(
      404,
    );
  });

  it('limits a public route per client address, apart from any key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${app.url}/v1/keys`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fetch(`${app.url}/v1/keys`);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/more than 3 requests a minute from this address/),
    });
  });
});
