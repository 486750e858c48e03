import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerEvent, verifyChain } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import { toLedgerEvent } from '@onus/ledger';
import { SCENARIOS, onus } from '../support/cli';

describe('onus import of the public scenarios (real CLI, real SQLite file)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onus-scenarios-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(readdirSync(SCENARIOS).filter((f) => f.endsWith('.ndjson')))(
    '%s imports cleanly, twice to the same events, chains verified',
    async (file) => {
      const store = `sqlite:${join(dir, 'onus.db')}`;
      const lines = readFileSync(join(SCENARIOS, file), 'utf8').trim().split('\n');

      const first = onus('import', join(SCENARIOS, file), '--store', store);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toBe(
        `imported ${lines.length} lines: ${lines.length} appended, 0 already in the ledger, 0 failed\n`,
      );

      const second = onus('--store', store, 'import', join(SCENARIOS, file), '--json');
      expect(second.status).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({
        lines: lines.length,
        appended: 0,
        alreadyPresent: lines.length,
        failed: 0,
      });

      const sqlite = new SqliteEventStore({ path: join(dir, 'onus.db') });
      const events: LedgerEvent[] = [];
      for await (const stored of sqlite.readAll()) events.push(toLedgerEvent(stored));
      await sqlite.close();
      expect(events.map((e) => e.id)).toEqual(
        lines.map((l) => (JSON.parse(l) as { id: string }).id),
      );
      const streams = new Map<string, LedgerEvent[]>();
      for (const event of events)
        streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
      for (const chain of streams.values()) expect(verifyChain(chain)).toBeUndefined();
    },
  );

  it('exits 2 with a clear message for a file that does not exist', () => {
    const run = onus(
      'import',
      join(dir, 'missing.ndjson'),
      '--store',
      `sqlite:${join(dir, 'onus.db')}`,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot read');
  });
});
