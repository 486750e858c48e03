/**
 * The HTTP append baseline: a bare Fastify route that does one raw better-sqlite3 insert per
 * request into the same table, with the same durability settings as the ledger's store.
 * Usage: node bare-insert.server.js PORT DB_PATH
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { migrate } from '@onus/event-store/sqlite/sqlite.schema';

const [port, path] = process.argv.slice(2);
if (!port || !path) throw new Error('usage: bare-insert.server PORT DB_PATH');
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
migrate(db);
const insert = db.prepare(
  'INSERT INTO events (position, id, stream, revision, type, data, recorded_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
);
let next = 0;
const app = Fastify({ bodyLimit: 1024 * 1024 });
app.post('/v1/events', (request, reply) => {
  const body = request.body as { type: string; data: { alertId: string } };
  const position = next++;
  insert.run(
    position,
    randomUUID(),
    `bench/alert/${body.data.alertId}`,
    body.type,
    JSON.stringify(body),
    Date.now(),
  );
  void reply.status(201).send({ position });
});
app.get('/health', () => ({ status: 'ok' }));
app.listen({ port: Number(port), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
