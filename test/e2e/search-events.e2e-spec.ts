import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onus, SCENARIOS } from '../support/cli';
import { type RunningApp, startApp } from '../support/http-app';

interface Line {
  type: string;
  party: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** GET /v1/engagements/{id}/events: filters, cursor paging in position order, clear 400s. */
describe('event search', () => {
  let app: RunningApp;
  const file = join(SCENARIOS, 'finserv-misplaced-sensor.ndjson');
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  beforeAll(async () => {
    app = await startApp();
    expect(onus('import', file, '--store', `sqlite:${app.dbPath}`).status).toBe(0);
  });
  afterAll(() => app.close());

  async function all(
    query: string,
  ): Promise<Array<{ position: number; type: string; party: string }>> {
    const events: Array<{ position: number; type: string; party: string }> = [];
    let cursor: string | null = null;
    do {
      const response = await app.call(
        'GET',
        `/v1/engagements/eng-finserv/events?${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      events.push(...response.body.events);
      cursor = response.body.nextCursor;
    } while (cursor);
    return events;
  }

  it('pages through a filter in position order, every matching event exactly once', async () => {
    const coverage = await all('type=CoverageReported&limit=7');
    expect(coverage).toHaveLength(lines.filter((l) => l.type === 'CoverageReported').length);
    const positions = coverage.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('filters by party, subject, several types and an effective-time range', async () => {
    expect(await all('party=client')).toHaveLength(
      lines.filter((l) => l.party === 'client').length,
    );
    const request = await all('subjectId=req-beacon');
    expect(request.map((e) => e.type)).toEqual([
      'ClientRequestMade',
      'RequestDeclined',
      'MsspResponded',
      'RequestAbandoned',
    ]);
    const two = await all('type=SensorDeployed,SensorRelocated');
    expect(two.map((e) => e.type)).toEqual(['SensorDeployed', 'SensorRelocated']);
    const from = '2016-08-29T00:00:00Z';
    const to = '2016-08-31T00:00:00Z';
    const inRange = lines.filter(
      (l) =>
        l.occurredAt >= '2016-08-29T00:00:00.000Z' && l.occurredAt <= '2016-08-31T00:00:00.000Z',
    );
    expect(await all(`effectiveFrom=${from}&effectiveTo=${to}`)).toHaveLength(inRange.length);
  });

  it('keeps its cursors valid while events are appended', async () => {
    const first = await app.call('GET', '/v1/engagements/eng-finserv/events?limit=10');
    const alert = {
      type: 'AlertRaised',
      engagementId: 'eng-finserv',
      actor: 's',
      occurredAt: new Date().toISOString(),
      data: { alertId: 'late-1', severity: 'low', title: 't' },
    };
    expect(
      (await app.call('POST', '/v1/events', alert, app.recorder('mssp', 'eng-finserv'))).status,
    ).toBe(201);
    const second = await app.call(
      'GET',
      `/v1/engagements/eng-finserv/events?limit=10&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.events.map((e: { position: number }) => e.position)).toEqual(
      Array.from({ length: 10 }, (_, i) => 10 + i),
    );
    const everything = await all('limit=1000');
    expect(everything).toHaveLength(lines.length + 1);
    expect(everything.at(-1)).toMatchObject({ type: 'AlertRaised', position: lines.length });
  });

  it('names a bad filter with a 400 and an unknown engagement with a 404', async () => {
    const bad = await app.call(
      'GET',
      '/v1/engagements/eng-finserv/events?type=Nope&limit=0&cursor=xyz&colour=red&recordedFrom=soon',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(
      ['query.colour', 'query.cursor', 'query.limit', 'query.recordedFrom', 'query.type'].sort(),
    );
    const unknown = await app.call('GET', '/v1/engagements/nobody/events');
    expect(unknown).toMatchObject({ status: 404, body: { rule: 'ENGAGEMENT_UNKNOWN' } });
  });

  it('reads its own writes: a position from a write, waited for with minPosition or the header', async () => {
    const head = await app.store.headPosition();
    const plain = await app.call('GET', '/v1/engagements/eng-finserv/events?limit=1');
    // By default the answer holds every event appended before the request.
    expect(plain.body.readModelPosition).toBe(head);
    const asked = await app.call(
      'GET',
      `/v1/engagements/eng-finserv/events?limit=1&minPosition=${head - 1}`,
    );
    expect(asked.status).toBe(200);
    const header = await app.call('GET', '/v1/engagements/eng-finserv/events?limit=1', undefined, {
      'x-onus-min-position': String(head - 1),
    });
    expect(header.status).toBe(200);
  });

  it('answers 503 with Retry-After when the read model does not reach the position in time', async () => {
    const response = await fetch(
      `${app.url}/v1/engagements/eng-finserv/events?minPosition=999999&waitMs=50`,
      { headers: { authorization: `Bearer ${app.operatorKey}` } },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /position 999999 is not in it yet \(waited 50 ms\)/,
    );
    const bad = await app.call(
      'GET',
      '/v1/engagements/eng-finserv/events?minPosition=-1&waitMs=99999',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual([
      'query.minPosition',
      'query.waitMs',
    ]);
  });
});
