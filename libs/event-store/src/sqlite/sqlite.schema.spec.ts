import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_ROOT, SqliteEventStore } from './sqlite.event-store';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onus-schema-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function streamsOf(store: SqliteEventStore, prefix: string): Promise<string[]> {
  const streams: string[] = [];
  for await (const page of store.readStreamsStartingWith(prefix))
    for (const event of page) streams.push(event.stream);
  return streams;
}

describe('sqlite schema', () => {
  it('reads one engagement through its index, in log order, without scanning the log', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'onus.db') });
    const plan = store.database
      .prepare<[string, number, number], { detail: string }>(`EXPLAIN QUERY PLAN ${READ_ROOT}`)
      .all('eng-1/', 0, 10)
      .map((row) => row.detail);
    expect(plan).toEqual([expect.stringContaining('USING INDEX events_by_root')]);
    await store.close();
  });

  it('brings a version 1 file to version 2, events and all', async () => {
    const path = join(dir, 'v1.db');
    const v1 = new Database(path);
    // Version 1 as it was shipped: the table and its triggers, no index on the stream's root.
    v1.exec(`
      CREATE TABLE events (
        position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
        revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
        recorded_at INTEGER NOT NULL, UNIQUE (stream, revision)
      ) STRICT;
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
      PRAGMA user_version = 1;
    `);
    const insert = v1.prepare("INSERT INTO events VALUES (?, ?, ?, 0, 'E', '{}', 1)");
    ['eng-1/a', 'eng-10/a', 'eng-1/b', 'eng-2/a'].forEach((stream, position) =>
      insert.run(position, `id-${position}`, stream),
    );
    v1.close();

    const store = new SqliteEventStore({ path });
    expect(store.database.pragma('user_version', { simple: true })).toBe(2);
    expect(await streamsOf(store, 'eng-1/')).toEqual(['eng-1/a', 'eng-1/b']);
    await store.append('eng-1/c', [{ id: 'id-4', type: 'E', data: {} }], 'no_stream');
    expect(await streamsOf(store, 'eng-1/')).toEqual(['eng-1/a', 'eng-1/b', 'eng-1/c']);
    await store.close();
  });
});
