import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signingKeyFromPem, signingKeyFromSeed } from '../../apps/notary/src/signing-key';
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
    // verify brings the notary up to date first: one signed checkpoint of the whole log.
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: true,
      events: 50,
      streams: 4,
      checkpoints: { checkpoints: 1, signaturesChecked: true },
    });
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

  it('a bundle made before the tamper still verifies; one made from the tampered file does not', () => {
    const before = join(dir, 'bundled.db');
    copyFileSync(pristine, before);
    const first = join(dir, 'before.json');
    const made = onus(
      'bundle',
      '--store',
      `sqlite:${before}`,
      '--engagement',
      'eng-finserv',
      '--out',
      first,
    );
    expect(made.status).toBe(0);
    const key = /--key '([^']+)'/.exec(made.stderr)![1]!;
    const position: number = JSON.parse(readFileSync(first, 'utf8')).events[1].event.position;

    execFileSync('sqlite3', [
      before,
      `DROP TRIGGER events_append_only_update; UPDATE events SET data = replace(data, '"actor":"', '"actor":"x') WHERE position = ${position};`,
    ]);
    const verify = onus('verify', '--store', `sqlite:${before}`, '--json');
    expect(verify.status).toBe(1);
    expect(JSON.parse(verify.stdout).problem.position).toBe(position);

    // The evidence handed out before still holds: it needs nothing from the ledger.
    expect(onus('verify-bundle', first, '--key', key).status).toBe(0);
    const second = join(dir, 'after.json');
    expect(
      onus('bundle', '--store', `sqlite:${before}`, '--engagement', 'eng-finserv', '--out', second)
        .status,
    ).toBe(0);
    const run = onus('verify-bundle', second, '--key', key, '--json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.checks.find((c: { check: string }) => c.check === 'events')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(`position ${position}\\) does not match its hash`),
    });
  });

  describe('signed checkpoints', () => {
    it.each([
      [
        'a forged checkpoint root',
        'UPDATE checkpoints SET root = zeroblob(32);',
        /disagrees with checkpoint 50/,
      ],
      [
        'a checkpoint note edited after signing',
        "UPDATE checkpoints SET note = replace(note, char(10) || '50' || char(10), char(10) || '49' || char(10));",
        /signature does not verify/,
      ],
    ])('%s is caught', (name, sql, reason) => {
      const store = tampered(name.replace(/\W+/g, '-'), sql);
      const run = onus('verify', '--store', store, '--json');
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({
        valid: false,
        events: 50,
        checkpoints: { problem: { size: 50 } },
      });
      expect(report.checkpoints.problem.reason).toMatch(reason);
    });

    it('a checkpoint verified with a key pinned on the command line, and refused with another', () => {
      const key = signingKeyFromPem(
        readFileSync(join(dir, 'notary-ed25519.pem'), 'utf8'),
        'onus.local/ledger',
      );
      expect(onus('verify', '--store', `sqlite:${pristine}`, '--key', key.verifierKey).status).toBe(
        0,
      );
      const stranger = signingKeyFromSeed(Buffer.alloc(32, 7), 'onus.local/ledger');
      const run = onus(
        'verify',
        '--store',
        `sqlite:${pristine}`,
        '--key',
        stranger.verifierKey,
        '--json',
      );
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout).checkpoints.problem.reason).toMatch(
        /no signature by a trusted key/,
      );
    });
  });
});
