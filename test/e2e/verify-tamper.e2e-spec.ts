import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, onus } from '../support/cli';

const SCENARIO = join(ROOT, '..', 'shared', 'scenarios', 'finserv-misplaced-sensor.ndjson');

/**
 * Tampering behind the application's back, on a real SQLite file: the triggers are dropped with
 * the sqlite3 shell, then one event is changed. `onus verify` must catch it and name the first
 * bad position.
 */
describe('onus verify catches tampering with the SQLite file', () => {
  let dir: string;
  let pristine: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-tamper-'));
    pristine = join(dir, 'pristine.db');
    expect(onus('import', SCENARIO, '--store', `sqlite:${pristine}`).status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tampered(name: string, sql: string): string {
    const path = join(dir, `${name}.db`);
    copyFileSync(pristine, path);
    execFileSync('sqlite3', [
      path,
      `DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete; ${sql}`,
    ]);
    return `sqlite:${path}`;
  }

  it('a pristine store verifies', () => {
    const run = onus('verify', '--store', `sqlite:${pristine}`, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, events: 50, streams: 4 });
  });

  it.each([
    [
      'one byte of one event',
      'UPDATE events SET data = replace(data, \'"endpoints":5,\', \'"endpoints":6,\') WHERE position = 7;',
      7,
      /hash does not match/,
    ],
    ['a deleted event', 'DELETE FROM events WHERE position = 12;', 12, /missing or out of order/],
    [
      'two events swapped',
      'UPDATE events SET data = CASE position WHEN 20 THEN (SELECT data FROM events WHERE position = 21) ELSE (SELECT data FROM events WHERE position = 20) END WHERE position IN (20, 21);',
      20,
      /hash does not match|prevHash/,
    ],
    [
      'a changed recordedAt',
      'UPDATE events SET recorded_at = recorded_at - 3600000 WHERE position = 30;',
      30,
      /recordedAt/,
    ],
    [
      'a backdated occurredAt',
      'UPDATE events SET data = replace(data, \'"occurredAt":"2016-08-29T14:10:00.000Z"\', \'"occurredAt":"2016-08-29T13:10:00.000Z"\') WHERE position = 42;',
      42,
      /hash does not match/,
    ],
    [
      'a corrupted row',
      "UPDATE events SET data = '{not json' WHERE position = 3;",
      3,
      /cannot be read/,
    ],
  ])('%s', (name, sql, position, reason) => {
    const store = tampered(name.replace(/\W+/g, '-'), sql);
    const run = onus('verify', '--store', store, '--json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ valid: false, problem: { position } });
    expect(report.problem.reason).toMatch(reason);
    const human = onus('verify', '--store', store);
    expect(human.stdout).toContain(`INVALID at position ${position}`);
  });
});
