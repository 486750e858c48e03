import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@onus/event-store/sqlite/sqlite.event-store';

/**
 * Nothing acknowledged is ever lost: a process appending under load is killed with SIGKILL
 * at an arbitrary moment; every append it had acknowledged must be in the file afterwards,
 * and the file must be intact.
 */
describe('SQLite store survives SIGKILL under load', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onus-crash-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([1, 2, 3])(
    'run %i: every acknowledged append is present after reopening',
    async (run) => {
      const path = join(dir, 'onus.db');
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'test/support/sqlite-append-load.ts', path],
        {
          cwd: join(__dirname, '..', '..'),
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const acknowledged: string[] = [];
      let buffer = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) acknowledged.push(...line.split(','));
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );

      // Let it get well under way (a different amount each run), then kill it mid-flight.
      const threshold = 1500 * run;
      while (acknowledged.length < threshold)
        await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const raw = new Database(path, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const store = new SqliteEventStore({ path });
      try {
        for (const id of acknowledged) {
          expect(await store.getById(id)).toBeDefined();
        }
        const head = await store.headPosition();
        expect(head).toBeGreaterThanOrEqual(acknowledged.length);
        // Positions stay dense after recovery, and the store takes appends again.
        let expected = 0;
        for await (const event of store.readAll()) expect(event.position).toBe(expected++);
        expect(expected).toBe(head);
        const next = await store.append(
          'after-crash',
          [{ id: 'after-crash-1', type: 'T', data: {} }],
          'no_stream',
        );
        expect(next.events[0]!.position).toBe(head);
      } finally {
        await store.close();
      }
    },
  );
});
