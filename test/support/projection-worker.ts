/**
 * Builds the read models of a SQLite ledger in small batches and prints each committed
 * checkpoint, for a test that kills it mid-batch. Usage: projection-worker.ts DB_PATH
 */
import { SqliteEventStore } from '@onus/event-store';
import { PROJECTIONS, ProjectionRunner, ReadModelStore } from '@onus/projections';

const store = new SqliteEventStore({ path: process.argv[2]! });
const models = new ReadModelStore(store.database);
const runner = new ProjectionRunner(store, models, PROJECTIONS, { batchSize: 25 });
runner.start();
setInterval(() => {
  process.stdout.write(`${PROJECTIONS.map((p) => runner.position(p.name)).join(',')}\n`);
}, 5);
