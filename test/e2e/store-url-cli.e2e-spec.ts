import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onus, ROOT } from '../support/cli';

/** A store the CLI cannot open is bad usage (exit 2, one line naming the store), not a crash. */
describe('onus with a store it cannot open (real CLI)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'onus-store-url-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['a path under /proc, where a recursive mkdir would never return', '/proc/onus-nope/x.db'],
    ['a path through a file', 'file/x.db'],
  ])('%s', (_, path) => {
    writeFileSync(join(dir, 'file'), '');
    const target = path.startsWith('/') ? path : join(dir, path);
    const result = onus('verdict', '--engagement', 'e', '--store', `sqlite:${target}`);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(
      `ONUS_STORE/--store: cannot open or create the SQLite file ${target}`,
    );
  });
});

describe('onus serve with a data directory it cannot create (real CLI)', () => {
  it('stops at start-up with one line naming the variable, exit 2', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'src/cli/main.ts', 'serve', '--port', '0'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, ONUS_STORE: 'sqlite:/proc/onus-nope/x.db' },
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('ONUS_DATA_DIR: cannot create /proc/onus-nope');
  });
});
