import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onus, ROOT } from '../support/cli';

/** Runs `onus serve` until it listens, then stops it; what it said on stderr. */
async function serveOnce(store: string): Promise<{ stderr: string }> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'src/cli/main.ts', 'serve', '--port', '0', '--store', store],
    { cwd: ROOT },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    for (let waited = 0; !/listening on/.test(stdout); waited += 100) {
      if (waited > 20_000 || child.exitCode !== null)
        throw new Error(`onus serve did not start: ${stdout}${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { stderr };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('onus keys and the first operator key', () => {
  let dir: string;
  let store: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-keys-'));
    store = `sqlite:${join(dir, 'onus.db')}`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('onus serve makes one operator key on the first start, prints it once, and says how to make more', async () => {
    const first = await serveOnce(store);
    const printed = /\b(onus_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/.exec(first.stderr)?.[1];
    expect(printed).toBeDefined();
    expect(first.stderr).toContain('onus keys create');
    const listed = JSON.parse(onus('keys', 'list', '--json', '--store', store).stdout);
    expect(listed).toEqual([
      expect.objectContaining({ role: 'operator', engagements: 'all', revokedAt: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(printed!.slice(22));
    const second = await serveOnce(store);
    expect(second.stderr).not.toMatch(/onus_[0-9a-f]{16}_/);
    expect(JSON.parse(onus('keys', 'list', '--json', '--store', store).stdout)).toHaveLength(1);
  }, 60_000);

  it('creates, lists and revokes keys, with --json', () => {
    const created = onus(
      'keys',
      'create',
      '--role',
      'recorder',
      '--party',
      'client',
      '--engagement',
      'eng-1',
      'eng-2',
      '--actor',
      'client-itsm',
      '--json',
      '--store',
      store,
    );
    expect(created.status).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({
      role: 'recorder',
      party: 'client',
      engagements: ['eng-1', 'eng-2'],
      actor: 'client-itsm',
      key: expect.stringMatching(/^onus_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
    });
    const auditor = onus(
      'keys',
      'create',
      '--role',
      'auditor',
      '--all-engagements',
      '--actor',
      'regulator',
      '--store',
      store,
    );
    expect(auditor.status).toBe(0);
    expect(auditor.stdout).toMatch(/regulator: auditor, every engagement/);
    const list = onus('keys', 'list', '--store', store);
    expect(list.stdout).toContain(
      `${key.id}  client-itsm: recorder as client, engagements eng-1, eng-2`,
    );
    expect(list.stdout).not.toContain(key.key);
    const revoked = onus('keys', 'revoke', key.id, '--json', '--store', store);
    expect(revoked.status).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
  });

  it.each([
    [['--role', 'recorder', '--actor', 'x', '--engagement', 'eng-1'], /--party: /],
    [
      ['--role', 'recorder', '--party', 'mssp', '--actor', 'x', '--all-engagements'],
      /--engagement: .*one for all/,
    ],
    [['--role', 'auditor', '--actor', 'x'], /--engagement: must be a non-empty list/],
    [['--role', 'operator', '--party', 'mssp', '--actor', 'x'], /--party: only a recorder/],
    [['--role', 'root', '--actor', 'x'], /--role: must be one of operator, recorder, auditor/],
    [
      ['--role', 'auditor', '--engagement', 'e', '--all-engagements', '--actor', 'x'],
      /one or the other/,
    ],
  ])('refuses %p with exit 2 and a line naming the option', (args, message) => {
    const result = onus('keys', 'create', ...args, '--store', store);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('exit 2 when revoking a key that does not exist', () => {
    const result = onus('keys', 'revoke', 'ffffffffffffffff', '--store', store);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no API key with id ffffffffffffffff/);
  });
});
