import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite.event-store';

describe('SQLite store: the file itself', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onus-sqlite-'));
    path = join(dir, 'nested', 'onus.db');
    store = new SqliteEventStore({ path });
    await store.append('s', [newEvent('X', { n: 1 }), newEvent('X', { n: 2 })], 'no_stream');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function shell(sql: string): { status: number; output: string } {
    try {
      return {
        status: 0,
        output: execFileSync('sqlite3', [path, sql], { encoding: 'utf8', stdio: 'pipe' }),
      };
    } catch (error) {
      const failure = error as { status: number; stderr: string };
      return { status: failure.status, output: failure.stderr };
    }
  }

  it('refuses UPDATE and DELETE of events, even from the sqlite3 shell', () => {
    const update = shell('UPDATE events SET data = \'{"n":99}\' WHERE revision = 0;');
    expect(update.status).not.toBe(0);
    expect(update.output).toContain('events are append-only: UPDATE refused');

    const remove = shell('DELETE FROM events;');
    expect(remove.status).not.toBe(0);
    expect(remove.output).toContain('events are append-only: DELETE refused');

    expect(shell('SELECT count(*) FROM events;').output.trim()).toBe('2');
  });

  it('refuses a second event at the same stream revision or with the same id', () => {
    const duplicateRevision = shell(
      "INSERT INTO events VALUES (2, 'other-id', 's', 1, 'X', '{}', 0);",
    );
    expect(duplicateRevision.status).not.toBe(0);
    expect(duplicateRevision.output).toContain(
      'UNIQUE constraint failed: events.stream, events.revision',
    );
  });

  it('runs in WAL mode with full synchronisation', () => {
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL: the WAL is synced at every commit.
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('commits concurrent appends together: fewer commits than appends, nothing lost', async () => {
    const before = { ...store.stats };
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        store.append(`c-${i}`, [newEvent('C', { i })], 'no_stream'),
      ),
    );
    expect(results.map((r) => r.events[0]!.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 64 }, (_, i) => i + 2),
    );
    expect(store.stats.appends - before.appends).toBe(64);
    expect(store.stats.commits - before.commits).toBeLessThan(64);
  });

  it('refuses data that cannot be serialised, naming the event', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      store.append('s', [{ id: 'cyclic', type: 'X', data: cyclic as never }], 'any'),
    ).rejects.toThrow(/events\[0\]\.data/);
    expect(await store.headPosition()).toBe(2);
  });
});
