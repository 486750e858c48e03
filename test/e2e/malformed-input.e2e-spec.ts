import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SqliteEventStore } from '@onus/event-store';
import { type RunningApp, startApp } from '../support/http-app';

/**
 * Thousands of random malformed envelopes at the HTTP API and at `onus import`: every one is a
 * 4xx (or a line error) that names a field or a rule, never a 5xx, and the ledger does not grow.
 */
const valid = {
  type: 'AlertRaised',
  engagementId: 'eng-1',
  actor: 'suricata/sensor-1',
  occurredAt: '2024-01-01T10:00:00.000Z',
  data: { alertId: 'a-1', severity: 'high', title: 'Beacon' },
};
// The valid envelope above is recorded by nobody: each run breaks it before sending.

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const field = fc.constantFrom(
  'id',
  'type',
  'engagementId',
  'party',
  'actor',
  'occurredAt',
  'recordedAt',
  'data',
  'expectedRevision',
  'stream',
  'hash',
  'bogus',
);
const dataField = fc.constantFrom(
  'alertId',
  'severity',
  'title',
  'assets',
  'indicators',
  'raw',
  'source',
);

/** One edit that certainly breaks the envelope, whatever else is done to it. */
const breaking = fc.oneof(
  fc
    .constantFrom('type', 'engagementId', 'actor', 'occurredAt', 'data')
    .map((key) => (e: Record<string, unknown>) => void delete e[key]),
  fc
    .constantFrom('alertId', 'severity', 'title')
    .map(
      (key) => (e: Record<string, unknown>) => void delete (e.data as Record<string, unknown>)[key],
    ),
  fc.tuple(fc.constantFrom('bogus', 'stream', 'hash', 'position'), jsonValue).map(
    ([key, value]) =>
      (e: Record<string, unknown>) =>
        void (e[key] = value),
  ),
  fc
    .tuple(
      fc.constantFrom('type', 'engagementId', 'actor', 'occurredAt', 'party', 'id'),
      fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string()),
        fc.constant(''),
        // Invalid for every one of these fields: too long for an actor (200 at most), and no
        // type, id, engagement id, party or timestamp has spaces or "!".
        fc.constant(`not valid! ${'x'.repeat(200)}`),
      ),
    )
    .map(
      ([key, value]) =>
        (e: Record<string, unknown>) =>
          void (e[key] = value),
    ),
  fc
    .oneof(
      fc.tuple(
        fc.constant('alertId'),
        fc.oneof(
          fc.integer(),
          fc.constant(null),
          fc.constant(''),
          fc.constant('has spaces / slashes'),
        ),
      ),
      fc.tuple(
        fc.constant('severity'),
        fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.constant('urgent')),
      ),
      fc.tuple(
        fc.constant('title'),
        fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.constant([])),
      ),
    )
    .map(
      ([key, value]) =>
        (e: Record<string, unknown>) =>
          void ((e.data as Record<string, unknown>)[key] = value),
    ),
  fc
    .constantFrom(2 ** 53 + 2, -(2 ** 60))
    .map(
      (big) => (e: Record<string, unknown>) =>
        void ((e.data as Record<string, unknown>).raw = { deep: [big] }),
    ),
);

/** A valid envelope broken at least once (plus random noise), or something that is no envelope at all. */
const malformed: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      breaking,
      fc.array(fc.tuple(fc.constantFrom('set', 'setData'), field, dataField, jsonValue), {
        maxLength: 2,
      }),
    )
    .map(([breakIt, noise]) => {
      const envelope: Record<string, unknown> = structuredClone(valid);
      for (const [edit, key, dataKey, value] of noise) {
        if (edit === 'set') envelope[key] = value;
        else if (typeof envelope.data === 'object' && envelope.data !== null)
          (envelope.data as Record<string, unknown>)[dataKey] = value;
      }
      if (
        typeof envelope.data !== 'object' ||
        envelope.data === null ||
        Array.isArray(envelope.data)
      )
        envelope.data = {};
      breakIt(envelope);
      return envelope;
    }),
  jsonValue.filter(
    (value) =>
      typeof value !== 'object' || value === null || Array.isArray(value) || !('type' in value),
  ),
  fc.record({ events: fc.array(jsonValue, { maxLength: 3 }) }),
);

describe('malformed input never gets a 5xx and never appends', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
    // A real engagement, so that bodies which pass validation meet the ledger's rules.
    const contract = {
      type: 'EngagementContracted',
      engagementId: 'eng-1',
      actor: 'admin',
      occurredAt: '2024-01-01T09:00:00.000Z',
      data: {
        client: { name: 'C' },
        mssp: { name: 'M' },
        startsAt: '2024-01-01T09:00:00.000Z',
        services: ['monitoring'],
        scope: { endpoints: 1, servers: 1, telemetry: [] },
        sla: {
          acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
          requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
        },
      },
    };
    expect((await app.call('POST', '/v1/events', contract)).status).toBe(201);
  });
  afterAll(() => app.close());

  it('HTTP: 2,000 random malformed bodies', async () => {
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(
        malformed,
        fc.constantFrom('mssp', 'client', 'operator', 'third_party'),
        async (body, party) => {
          seen++;
          const response = await app.call('POST', '/v1/events', JSON.stringify(body), {
            ...(party === 'operator' ? {} : app.recorder(party, 'eng-1')),
            'content-type': 'application/json',
          });
          if (response.status < 400 || response.status >= 500) {
            throw new Error(
              `${JSON.stringify(body)} as ${party} got ${response.status} ${response.text}`,
            );
          }
          expect(typeof response.body.message).toBe('string');
          if (response.status === 400 && response.body.details) {
            for (const detail of response.body.details)
              expect(detail.path).toEqual(expect.any(String));
          }
          if (response.status !== 400)
            expect(response.body.rule ?? response.body.details).toBeDefined();
        },
      ),
      { numRuns: 2000 },
    );
    expect(seen).toBe(2000);
    expect(await app.store.headPosition()).toBe(1);
  });
});

describe('onus import of malformed lines', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onus-import-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every bad line by number and reason, keeps nothing of them, exits 1', async () => {
    const lines = fc
      .sample(malformed, { numRuns: 3000, seed: 42 })
      .map((value) => JSON.stringify(value));
    lines.splice(10, 0, '{not json', '');
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const db = join(dir, 'onus.db');
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'src/cli/main.ts', 'import', file, '--store', `sqlite:${db}`],
      {
        cwd: join(__dirname, '..', '..'),
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    // Every non-blank line is reported by number, with a status and a rule; on a failure the
    // message names the lines that were not, with what the command printed.
    const reported = new Set(
      run.stderr
        .split('\n')
        .map((line) => /^line (\d+): 4\d\d [A-Z_]+: /.exec(line)?.[1])
        .filter((n): n is string => n !== undefined),
    );
    const expected = lines.flatMap((line, i) => (line === '' ? [] : [String(i + 1)]));
    expect({ missing: expected.filter((n) => !reported.has(n)), stdout: run.stdout }).toEqual({
      missing: [],
      stdout: `imported ${expected.length} lines: 0 appended, 0 already in the ledger, ${expected.length} failed\n`,
    });
    expect(run.stderr).toContain('line 11: 400 INVALID_EVENT: not valid JSON');
    const store = new SqliteEventStore({ path: db });
    expect(await store.headPosition()).toBe(0);
    await store.close();
  });
});
