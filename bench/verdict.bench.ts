import Database from 'better-sqlite3';
import { join } from 'node:path';
import { READ_ROOT, SqliteEventStore } from '@onus/event-store/sqlite/sqlite.event-store';
import { migrate } from '@onus/event-store/sqlite/sqlite.schema';
import { AuditQueries, FollowingSource, LogScanSource } from '@onus/ledger';
import { type BenchResults, result } from './lib/report';
import { median, percentile99, scratchDir, timed } from './lib/measure';

const ENGAGEMENT = 'bench-eng';
const START = Date.parse('2024-01-01T00:00:00.000Z');
const ZERO = '0'.repeat(64);

/**
 * A ledger of `total` events: the measured engagement with `alerts` alerts (raised, acknowledged,
 * notified, acknowledged by the client: four events each), the rest spread over other engagements.
 * Written with raw inserts (the verdict does not read hashes), in the store's own row format.
 */
export function buildLedger(path: string, total: number, alerts: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db);
  const insert = db.prepare(
    'INSERT INTO events (position, id, stream, revision, type, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let position = 0;
  const write = (
    engagementId: string,
    stream: string,
    revision: number,
    type: string,
    party: string,
    at: number,
    data: object,
  ): void => {
    const iso = new Date(at).toISOString();
    const payload = {
      engagementId,
      party,
      actor: 'bench',
      occurredAt: iso,
      recordedAt: iso,
      data,
      prevHash: ZERO,
      hash: ZERO,
      effectiveAt: iso,
      lateRecorded: false,
    };
    const id = `00000000-0000-4000-8000-${position.toString(16).padStart(12, '0')}`;
    insert.run(position++, id, stream, revision, type, JSON.stringify(payload), at);
  };
  const contract = (engagementId: string) => ({
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: new Date(START).toISOString(),
    services: ['monitoring'],
    scope: { endpoints: 100, servers: 10, telemetry: ['edr'] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      notifyClientMinutes: { critical: 30, high: 60 },
      clientAcknowledgeMinutes: 60,
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
    },
    engagementId,
  });
  db.transaction(() => {
    write(
      ENGAGEMENT,
      `${ENGAGEMENT}/engagement`,
      0,
      'EngagementContracted',
      'operator',
      START,
      contract(ENGAGEMENT),
    );
    const others = 20;
    for (let e = 0; e < others; e++)
      write(
        `other-${e}`,
        `other-${e}/engagement`,
        0,
        'EngagementContracted',
        'operator',
        START,
        contract(`other-${e}`),
      );
    const severities = ['critical', 'high', 'medium', 'low'];
    const steps: Array<[string, string, number]> = [
      ['AlertRaised', 'mssp', 0],
      ['AlertAcknowledged', 'mssp', 10],
      ['ClientNotified', 'mssp', 40],
      ['ClientAcknowledged', 'client', 70],
    ];
    const fillerAlerts = Math.max(0, Math.floor((total - 1 - others - alerts * 4) / 4));
    for (let i = 0; i < Math.max(alerts, fillerAlerts); i++) {
      const at = START + i * 60_000;
      for (const [engagementId, n] of [
        [ENGAGEMENT, i],
        [`other-${i % others}`, i],
      ] as const) {
        if (engagementId === ENGAGEMENT ? n >= alerts : n >= fillerAlerts) continue;
        const alertId = `a-${n}`;
        steps.forEach(([type, party, minutes], revision) =>
          write(
            engagementId,
            `${engagementId}/alert/${alertId}`,
            revision,
            type,
            party,
            at + minutes * 60_000,
            {
              alertId,
              ...(type === 'AlertRaised'
                ? { severity: severities[n % 4], title: 'bench alert' }
                : {}),
              ...(type === 'ClientNotified' ? { channel: 'email' } : {}),
            },
          ),
        );
      }
    }
  })();
  db.close();
}

/** The rows of the streams starting with `prefix`, every column the store reads, the data parsed. */
export function readRaw(path: string, prefix: string): number {
  const db = new Database(path, { readonly: true });
  try {
    // The engagement's rows as the store finds them: through the index on the stream's root.
    const page = db
      .prepare<
        [string, number, number],
        [number, string, string, number, string, string, number]
      >(READ_ROOT)
      .raw(true);
    let parsed = 0;
    for (let next = 0; ; ) {
      const rows = page.all(prefix, next, 1000);
      for (const row of rows) if (JSON.parse(row[5]) !== null) parsed++;
      if (rows.length < 1000) return parsed;
      next = rows[rows.length - 1]![0] + 1;
    }
  } finally {
    db.close();
  }
}

export async function verdictBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const { dir, remove } = scratchDir('verdict');
  try {
    const total = Number(process.env.ONUS_BENCH_VERDICT_EVENTS ?? 1_000_000);
    const alerts = Number(process.env.ONUS_BENCH_VERDICT_ALERTS ?? 100_000);
    const path = join(dir, 'ledger.db');
    buildLedger(path, total, alerts);
    const store = new SqliteEventStore({ path });
    const head = await store.headPosition();
    const now = () => START + 400 * 86_400_000;

    // Cold: a fresh process's answer, reading the engagement's events and evaluating every rule;
    // beside it, the floor: the raw driver reading and parsing the same rows. Three of each,
    // alternated, medians compared.
    const colds: number[] = [];
    const floors: number[] = [];
    for (let run = 0; run < 3; run++) {
      colds.push(
        await timed(async () => {
          await new AuditQueries(new LogScanSource(store), now).verdict(ENGAGEMENT);
        }),
      );
      floors.push(
        await timed(() => {
          readRaw(path, `${ENGAGEMENT}/`);
          return Promise.resolve();
        }),
      );
    }
    const coldSeconds = median(colds);
    const coldRate = head / coldSeconds;
    const floorSeconds = median(floors);
    const floorRate = head / floorSeconds;
    const engagementEvents = (await new LogScanSource(store).eventsOf(ENGAGEMENT)).length;

    // Warm: the audit API's answer, from the in-memory view that follows the log.
    const source = new FollowingSource(store);
    const warm = new AuditQueries(source, now);
    await warm.verdict(ENGAGEMENT);
    const latencies: number[] = [];
    for (let i = 0; i < 15; i++)
      latencies.push((await timed(() => warm.verdict(ENGAGEMENT).then(() => undefined))) * 1000);
    // Busy: one new alert appended before each verdict (not timed), which the follower takes in
    // and the state must fold in before answering.
    const busy: number[] = [];
    for (let i = 0; i < 15; i++) {
      const at = new Date(now() - 60_000).toISOString();
      const alertId = `busy-${i}`;
      await store.append(
        `${ENGAGEMENT}/alert/${alertId}`,
        [
          {
            id: `00000000-0000-4000-9000-${i.toString(16).padStart(12, '0')}`,
            type: 'AlertRaised',
            data: {
              engagementId: ENGAGEMENT,
              party: 'mssp',
              actor: 'bench',
              occurredAt: at,
              recordedAt: at,
              data: { alertId, severity: 'critical', title: 'bench alert' },
              prevHash: ZERO,
              hash: ZERO,
              effectiveAt: at,
              lateRecorded: false,
            },
          },
        ],
        'no_stream',
      );
      busy.push((await timed(() => warm.verdict(ENGAGEMENT).then(() => undefined))) * 1000);
    }
    await source.stop();
    await store.close();
    const p99 = percentile99(latencies);
    const p50 = median(latencies);

    const results: BenchResults = {
      'verdict.warm_p99': result(
        p99,
        'ms',
        coldSeconds * 1000,
        'value <= 50',
        `warm verdict of an engagement with ${alerts} alerts in a ${head}-event ledger; p50 ${p50.toFixed(1)} ms over ${latencies.length} calls; with a new alert before each call, p50 ${median(busy).toFixed(1)} ms, p99 ${percentile99(busy).toFixed(1)} ms; baseline: the cold replay of the same verdict`,
      ),
      'verdict.cold_replay': result(
        coldRate,
        'events/s',
        floorRate,
        'value >= 300000',
        `a fresh process's verdict: the engagement's ${engagementEvents} events read from the ${head}-event log (through the store's index on the stream root) and every rule evaluated, median of 3 runs ${coldSeconds.toFixed(2)} s (${colds.map((x) => x.toFixed(2)).join(', ')}); ${Math.round(engagementEvents / coldSeconds)} engagement events/s; baseline: raw better-sqlite3 reading and parsing the same rows, median ${floorSeconds.toFixed(2)} s`,
      ),
    };
    log(
      `verdict: warm p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; after a new event p50 ${median(busy).toFixed(1)} ms, p99 ${percentile99(busy).toFixed(1)} ms; cold replay ${coldSeconds.toFixed(2)} s (${coldRate.toFixed(0)} events/s)`,
    );
    return results;
  } finally {
    remove();
  }
}
