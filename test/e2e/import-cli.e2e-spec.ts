import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerEvent, verifyChain } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import { toLedgerEvent } from '@onus/ledger';
import { onus } from '../support/cli';
import { contracted } from '../support/events';

/**
 * `onus import` reads and validates on one thread and records on another, lines passed on a
 * thousand at a time: a file of several such chunks and several batches, with bad lines of every
 * kind spread over it, is reported line by line and recorded as a single-threaded import would.
 */
describe('onus import of a file longer than one chunk and one batch (real CLI, real SQLite)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onus-import-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // The engagement starts ten hours ago; its lines follow, a second apart.
  const start = Date.now() - 600 * 60_000;
  const at = (second: number) => new Date(start + second * 1000).toISOString();
  const event = (type: string, party: string, second: number, data: object) =>
    JSON.stringify({
      type,
      engagementId: 'eng-1',
      party,
      actor: 'a',
      occurredAt: at(second),
      recordedAt: at(second),
      data,
    });

  it('reports each bad line by its number, keeps every good one, and a re-import adds nothing', async () => {
    const lines = [
      JSON.stringify({
        ...contracted('eng-1'),
        party: 'operator',
        occurredAt: at(0),
        recordedAt: at(0),
      }),
    ];
    for (let alert = 0; lines.length < 6200; alert++) {
      const second = lines.length;
      lines.push(
        event('AlertRaised', 'mssp', second, {
          alertId: `a-${alert}`,
          severity: 'high',
          title: 't',
        }),
        event('AlertAcknowledged', 'mssp', second + 1, { alertId: `a-${alert}` }),
      );
    }
    // Acknowledgements (even indexes) replaced, so that no other line depends on them: a broken
    // JSON line, a blank line (skipped, but counted in the numbering), an invalid envelope and a
    // line the ledger refuses (an alert nobody raised), in different chunks and batches.
    lines[1500] = '{"type": "AlertAcknowledged",';
    lines[3000] = '';
    lines[4500] = event('AlertRaised', 'mssp', 4500, { alertId: 'x', severity: 'urgent' });
    lines[6000] = event('AlertAcknowledged', 'mssp', 6000, { alertId: 'never-raised' });
    const recorded = lines.length - 1 - 3;
    const file = join(dir, 'import.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = `sqlite:${join(dir, 'onus.db')}`;

    const first = onus('import', file, '--store', store);
    expect(first.status).toBe(1);
    const reported = first.stderr.trim().split('\n');
    expect(reported.map((line) => /^line (\d+): (\d+) (\w+)/.exec(line)?.slice(1))).toEqual([
      ['1501', '400', 'INVALID_EVENT'],
      ['4501', '400', 'INVALID_EVENT'],
      ['6001', expect.any(String), expect.any(String)],
    ]);
    expect(first.stdout).toBe(
      `imported ${lines.length - 1} lines: ${recorded} appended, 0 already in the ledger, 3 failed\n`,
    );

    const second = onus('import', file, '--store', store, '--json');
    expect(second.status).toBe(1);
    expect(JSON.parse(second.stdout)).toMatchObject({
      lines: lines.length - 1,
      appended: 0,
      alreadyPresent: recorded,
      failed: 3,
    });

    const sqlite = new SqliteEventStore({ path: join(dir, 'onus.db') });
    const events: LedgerEvent[] = [];
    for await (const stored of sqlite.readAll()) events.push(toLedgerEvent(stored));
    await sqlite.close();
    expect(events).toHaveLength(recorded);
    expect(events.every((e, i) => e.position === i)).toBe(true);
    const streams = new Map<string, LedgerEvent[]>();
    for (const e of events) streams.set(e.stream, [...(streams.get(e.stream) ?? []), e]);
    for (const chain of streams.values()) expect(verifyChain(chain)).toBeUndefined();
  });
});
