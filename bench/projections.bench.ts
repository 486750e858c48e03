import Database from 'better-sqlite3';
import { join } from 'node:path';
import { aggregateOf, streamName } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store/sqlite/sqlite.event-store';
import { migrate } from '@onus/event-store/sqlite/sqlite.schema';
import {
  PROJECTIONS,
  ProjectionRunner,
  ReadModels,
  ReadModelStore,
  type EventQuery,
} from '@onus/projections';
import { alertLedger } from './lib/alert-ledger';
import { median, scratchDir, timed } from './lib/measure';
import { type BenchResults, result } from './lib/report';

const ENGAGEMENTS = 10;

/** `total` events over ten engagements of alerts, inserted raw in the store's row format. */
function writeLedger(path: string, total: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db);
  const insert = db.prepare(
    'INSERT INTO events (position, id, stream, revision, type, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<string, number>();
  let position = 0;
  db.transaction(() => {
    for (let e = 0; e < ENGAGEMENTS; e++) {
      for (const event of alertLedger(`eng-${e}`, Math.ceil(total / ENGAGEMENTS / 4))) {
        if (position >= total) return;
        const { id, type, data, ...rest } = event as unknown as {
          id: string;
          type: Parameters<typeof aggregateOf>[0];
          data: Record<string, unknown>;
          engagementId: string;
          recordedAt: string;
        };
        const stream = streamName(rest.engagementId, aggregateOf(type, data, id));
        const revision = revisions.get(stream) ?? 0;
        revisions.set(stream, revision + 1);
        const payload = {
          ...rest,
          data,
          prevHash: '0'.repeat(64),
          hash: '0'.repeat(64),
          effectiveAt: rest.recordedAt,
          lateRecorded: false,
        };
        insert.run(
          position++,
          id,
          stream,
          revision,
          type,
          JSON.stringify(payload),
          Date.parse(rest.recordedAt),
        );
      }
    }
  })();
  db.close();
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Rebuilding every read model from a 1,000,000-event log, beside a plain read of the same log
 * through the store; then event-search latency on the rebuilt read model.
 */
export async function projectionBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const total = Number(process.env.ONUS_BENCH_PROJECTION_EVENTS ?? 1_000_000);
  const scratch = scratchDir('projections');
  const path = join(scratch.dir, 'onus.db');
  writeLedger(path, total);
  const store = new SqliteEventStore({ path });
  const models = new ReadModelStore(store.database);
  try {
    let read = 0;
    const plain = await timed(async () => {
      for await (const stored of store.readAll()) read += stored.position >= 0 ? 1 : 0;
    });
    log(`plain read: ${read} events in ${plain.toFixed(1)} s`);

    const runner = new ProjectionRunner(store, models, PROJECTIONS);
    const rebuild = await timed(async () => {
      await runner.rebuild(PROJECTIONS);
    });
    // Both read models are built in one read of the log: the rate counts each event once per
    // read model it went into.
    const rebuildRate = (total * PROJECTIONS.length) / rebuild;
    log(`rebuild of ${PROJECTIONS.length} projections: ${rebuild.toFixed(1)} s`);

    const search = new ReadModels(models);
    const queries: ((e: number, i: number) => EventQuery)[] = [
      () => ({ limit: 100 }),
      () => ({ types: ['AlertAcknowledged'], limit: 100 }),
      () => ({ party: 'client', limit: 100 }),
      (_, i) => ({ subjectId: `a-${i * 37}`, limit: 100 }),
      () => ({ actor: 'client@bench', types: ['ClientAcknowledged'], limit: 50 }),
      (_, i) => ({
        effectiveFrom: Date.parse('2024-01-01T00:00:00Z') + i * 3_600_000,
        effectiveTo: Date.parse('2024-01-01T00:00:00Z') + (i + 48) * 3_600_000,
        limit: 100,
      }),
      (_, i) => ({ after: (i * 7919) % total, limit: 100 }),
    ];
    const times: number[] = [];
    const samples = 2_000;
    for (let i = 0; i < samples; i++) {
      const engagement = i % ENGAGEMENTS;
      const query = queries[i % queries.length]!(engagement, i % 1000);
      const started = process.hrtime.bigint();
      search.searchEvents(`eng-${engagement}`, query);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    log(`event search over ${samples} queries: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    return {
      'projections.rebuild_1m': result(
        rebuildRate,
        'events/s',
        read / plain,
        'ratio >= 0.3',
        `${PROJECTIONS.length} projections, ${total} events; baseline: readAll of the same log`,
      ),
      'projections.search_p99_1m': result(
        p99,
        'ms',
        median(times),
        'value <= 50',
        `${samples} queries of 7 shapes over ${ENGAGEMENTS} engagements; baseline: the median`,
      ),
    };
  } finally {
    models.close();
    await store.close();
    scratch.remove();
  }
}
