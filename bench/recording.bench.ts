import Database from 'better-sqlite3';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiKeyStore } from '@onus/access';
import { migrate } from '@onus/event-store/sqlite/sqlite.schema';
import { type BenchResults, result } from './lib/report';
import { appendLoad, startServer, stop } from './lib/http-load';
import { CLI, ROOT, runOnus } from './lib/cli';
import { median, scratchDir, timed } from './lib/measure';

/** The bench engagement's contract, as POST /v1/events takes it. */
export const engagement = {
  type: 'EngagementContracted',
  engagementId: 'bench',
  actor: 'admin',
  occurredAt: '2024-01-01T00:00:00.000Z',
  data: {
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: '2024-01-01T00:00:00.000Z',
    services: ['monitoring', 'incident_response'],
    scope: { endpoints: 500, servers: 40, telemetry: ['edr', 'dns'] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
    },
  },
};

async function httpAppend(
  dir: string,
  seconds: number,
): Promise<{ onus: number; bare: number; errors: number }> {
  const bare = await startServer(
    [join(ROOT, 'dist', 'bench', 'servers', 'bare-insert.server.js'), '3801', join(dir, 'bare.db')],
    3801,
  );
  const bareLoad = await appendLoad(3801, {}, seconds);
  await stop(bare);

  const keys = benchKeys(dir);
  const onus = await startServer(
    [CLI, 'serve', '--store', `sqlite:${join(dir, 'onus-http.db')}`, '--port', '3802'],
    3802,
  );
  await contractBenchEngagement(3802, keys.operator);
  const onusLoad = await appendLoad(3802, keys.mssp, seconds);
  await stop(onus);
  return { onus: onusLoad.rps, bare: bareLoad.rps, errors: onusLoad.errors + bareLoad.errors };
}

/** An operator key and an MSSP recorder key of the bench engagement, in the data directory. */
export function benchKeys(dataDir: string): {
  operator: { authorization: string };
  mssp: { authorization: string };
} {
  const keys = ApiKeyStore.inDataDir(dataDir);
  try {
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    return {
      operator: bearer(keys.create({ actor: 'bench', role: 'operator', engagements: 'all' }).key),
      mssp: bearer(
        keys.create({ actor: 'sensor', role: 'recorder', party: 'mssp', engagements: ['bench'] })
          .key,
      ),
    };
  } finally {
    keys.close();
  }
}

export async function contractBenchEngagement(
  port: number,
  headers: Record<string, string>,
): Promise<void> {
  const contracted = await fetch(`http://127.0.0.1:${port}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(engagement),
  });
  if (contracted.status !== 201)
    throw new Error(`could not contract the bench engagement: ${contracted.status}`);
}

/** A realistic import file: one engagement, then alerts raised, acknowledged, notified and closed. */
async function writeImportFile(path: string, events: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: object): Promise<void> =>
    new Promise((resolve) =>
      out.write(`${JSON.stringify(line)}\n`) ? resolve() : out.once('drain', resolve),
    );
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  await write({
    ...engagement,
    id: '00000000-0000-4000-8000-000000000000',
    party: 'operator',
    recordedAt: engagement.occurredAt,
  });
  const steps = [
    [
      'AlertRaised',
      'mssp',
      (a: string) => ({
        alertId: a,
        severity: 'high',
        title: 'ET TROJAN beacon',
        source: 'suricata',
      }),
    ],
    ['AlertAcknowledged', 'mssp', (a: string) => ({ alertId: a })],
    ['ClientNotified', 'mssp', (a: string) => ({ alertId: a, channel: 'email' })],
    ['AlertClosed', 'mssp', (a: string) => ({ alertId: a, disposition: 'benign' })],
  ] as const;
  for (let i = 1; i < events; i++) {
    const alert = Math.floor((i - 1) / steps.length);
    const [type, party, data] = steps[(i - 1) % steps.length]!;
    const at = new Date(start + i * 1000).toISOString();
    const hex = i.toString(16).padStart(12, '0');
    await write({
      id: `00000000-0000-4000-8000-${hex}`,
      type,
      engagementId: 'bench',
      party,
      actor: 'suricata/sensor-1',
      occurredAt: at,
      recordedAt: at,
      data: data(`a-${alert}`),
    });
  }
  await new Promise((resolve) => out.end(resolve));
}

async function rawBulkInsert(file: string, dbPath: string): Promise<number> {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  const insert = db.prepare(
    'INSERT INTO events (position, id, stream, revision, type, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let position = 0;
  const revisions = new Map<string, number>();
  const seconds = await timed(async () => {
    let rows: Array<{
      id: string;
      type: string;
      engagementId: string;
      data: { alertId?: string };
      recordedAt: string;
    }> = [];
    const flush = db.transaction((batch: typeof rows) => {
      for (const row of batch) {
        const stream = `${row.engagementId}/${row.data.alertId ?? 'engagement'}`;
        const revision = (revisions.get(stream) ?? -1) + 1;
        revisions.set(stream, revision);
        insert.run(
          position++,
          row.id,
          stream,
          revision,
          row.type,
          JSON.stringify(row),
          Date.parse(row.recordedAt),
        );
      }
    });
    for await (const line of createInterface({
      input: createReadStream(file),
      crlfDelay: Infinity,
    })) {
      rows.push(JSON.parse(line) as (typeof rows)[number]);
      if (rows.length === 10_000) {
        flush(rows);
        rows = [];
      }
    }
    flush(rows);
  });
  db.close();
  return position / seconds;
}

export async function recordingBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const { dir, remove } = scratchDir('recording');
  try {
    const results: BenchResults = {};
    const seconds = Number(process.env.ONUS_BENCH_HTTP_SECONDS ?? 10);
    const http = await httpAppend(dir, seconds);
    const httpResult = result(
      http.onus,
      'requests/s',
      http.bare,
      'ratio >= 0.5',
      `single AlertRaised events, 64 connections, ${seconds} s each (autocannon); baseline: bare Fastify route with one raw better-sqlite3 insert per request; non-2xx or errors: ${http.errors}`,
    );
    results['recording.http_append_64'] =
      http.errors === 0 ? httpResult : { ...httpResult, met: false };
    log(
      `HTTP append: ${http.onus.toFixed(0)} req/s vs bare insert route ${http.bare.toFixed(0)} req/s (errors ${http.errors})`,
    );

    const events = Number(process.env.ONUS_BENCH_IMPORT_EVENTS ?? 1_000_000);
    const file = join(dir, 'import.ndjson');
    await writeImportFile(file, events);
    // Three of each, alternated, on fresh files; medians compared.
    const raws: number[] = [];
    const rates: number[] = [];
    let maxRssMb = 0;
    for (let run = 0; run < 3; run++) {
      raws.push(await rawBulkInsert(file, join(dir, `raw-import-${run}.db`)));
      const imported = await runOnus<{ appended: number }>([
        'import',
        file,
        '--store',
        `sqlite:${join(dir, `import-${run}.db`)}`,
        '--json',
      ]);
      if (imported.summary.appended !== events)
        throw new Error(`import appended ${imported.summary.appended} of ${events}`);
      rates.push(events / imported.seconds);
      maxRssMb = Math.max(maxRssMb, imported.maxRssMb);
    }
    const raw = median(raws);
    const rate = median(rates);
    results['recording.import'] = result(
      rate,
      'events/s',
      raw,
      'ratio >= 0.4',
      `onus import of ${events} generated events (whole command, start-up included), median of 3 runs (${rates.map((r) => r.toFixed(0)).join(', ')} events/s); peak RSS ${maxRssMb.toFixed(0)} MB; baseline: raw better-sqlite3 bulk insert of the same lines`,
    );
    log(
      `import: ${rate.toFixed(0)} events/s vs raw bulk insert ${raw.toFixed(0)} events/s; peak RSS ${maxRssMb.toFixed(0)} MB`,
    );
    return results;
  } finally {
    remove();
  }
}
