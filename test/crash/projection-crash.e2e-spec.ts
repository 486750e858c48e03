import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@onus/event-store';
import { type IncomingEvent, Recorder } from '@onus/ledger';
import { PROJECTIONS, ProjectionRunner, ReadModelStore } from '@onus/projections';
import { dumpReadModel } from '@onus/projections/testing/dump';
import { alertLedger } from '../../bench/lib/alert-ledger';

const ROOT = join(__dirname, '..', '..');

/**
 * A crash between a read model and its checkpoint must neither double-apply nor skip: the
 * projector is killed with SIGKILL in the middle of its batches, restarted, and its read models
 * must then equal a fresh rebuild, byte for byte.
 */
describe('projections survive SIGKILL mid-batch', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onus-projection-crash-'));
    path = join(dir, 'onus.db');
    const store = new SqliteEventStore({ path });
    const recorder = new Recorder(store, () => Date.now());
    let batch: IncomingEvent[] = [];
    for (const event of alertLedger('eng-crash', 3_000)) {
      batch.push(event);
      if (batch.length === 1000) {
        await recorder.record(batch, { kind: 'operator-import' });
        batch = [];
      }
    }
    await recorder.record(batch, { kind: 'operator-import' });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([1, 2, 3])(
    'kill %i: the read models equal a fresh rebuild',
    async (run) => {
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'test/support/projection-worker.ts', path],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      // Each run kills it further along (the checkpoints carry over from the run before).
      const threshold = 1_500 * run;
      let seen = 0;
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: string) => {
          for (const line of chunk.trim().split('\n')) {
            seen = Math.max(seen, ...line.split(',').map(Number));
            if (seen >= threshold) resolve();
          }
        });
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const store = new SqliteEventStore({ path });
      const models = new ReadModelStore(store.database);
      const fresh = ReadModelStore.open(join(dir, `fresh-${run}.db`));
      try {
        const head = await store.headPosition();
        const stopped = PROJECTIONS.map((p) => models.active(p.name)?.position ?? 0);
        // Killed before the end: there is something left to catch up.
        expect(Math.min(...stopped)).toBeLessThan(head);
        const resumed = new ProjectionRunner(store, models, PROJECTIONS);
        resumed.start();
        for (const p of PROJECTIONS)
          expect(await resumed.reached(p.name, head - 1, 60_000)).toBe(true);
        await resumed.stop();

        const rebuilt = new ProjectionRunner(store, fresh, PROJECTIONS);
        await rebuilt.rebuild(PROJECTIONS);
        for (const p of PROJECTIONS) {
          expect(dumpReadModel(models, p)).toBe(dumpReadModel(fresh, p));
        }
        // Empty again, for the next run.
        for (const p of PROJECTIONS) {
          const active = models.active(p.name)!;
          models.drop(p, active.generation);
        }
      } finally {
        fresh.close();
        await store.close();
      }
    },
    120_000,
  );
});
