import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onus, SCENARIOS } from '../support/cli';
import { type RunningApp, startApp } from '../support/http-app';

const STORIES = [
  ['smb-declined-mfa', 'eng-smb', 'inc-bec'],
  ['bank-unannounced-test', 'eng-bank', 'inc-intruder'],
  ['finserv-misplaced-sensor', 'eng-finserv', 'inc-botnet'],
] as const;

/** The real CLI on a real SQLite file: `onus bundle`, then `onus verify-bundle` with no store. */
describe('onus bundle and onus verify-bundle', () => {
  let dir: string;
  let store: string;
  let verifierKey: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-bundle-e2e-'));
    store = `sqlite:${join(dir, 'onus.db')}`;
    for (const [story] of STORIES) {
      expect(onus('import', join(SCENARIOS, `${story}.ndjson`), '--store', store).status).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function bundle(...args: string[]): string {
    const out = join(dir, `${args.join('-')}.json`);
    const run = onus('bundle', '--store', store, ...args, '--out', out);
    expect(run.stderr).toMatch(/verify offline with: onus verify-bundle/);
    expect(run.status).toBe(0);
    verifierKey = /--key '([^']+)'/.exec(run.stderr)![1]!;
    return out;
  }

  it.each(STORIES)(
    '%s: the engagement and its incident verify offline',
    (_, engagement, incident) => {
      for (const file of [
        bundle('--engagement', engagement),
        bundle('--engagement', engagement, '--incident', incident),
      ]) {
        const verdict = JSON.parse(readFileSync(file, 'utf8')).verdict;
        // No store, no server: only the file and the pinned key.
        const run = onus('verify-bundle', file, '--key', verifierKey);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain(`VALID: primary ${verdict.primary}`);
        for (const finding of verdict.findings) expect(run.stdout).toContain(finding.summary);

        const json = onus('verify-bundle', file, '--key', verifierKey, '--json');
        expect(json.status).toBe(0);
        const report = JSON.parse(json.stdout);
        expect(report).toMatchObject({ valid: true, key: { source: 'pinned' } });
        expect(report.findings).toHaveLength(verdict.findings.length);
      }
    },
  );

  it('writes the bundle to stdout without --out, and warns when the key is not pinned', () => {
    const run = onus('bundle', '--store', store, '--engagement', 'eng-smb');
    expect(run.status).toBe(0);
    const file = join(dir, 'stdout.json');
    writeFileSync(file, run.stdout);
    const unpinned = onus('verify-bundle', file);
    expect(unpinned.status).toBe(0);
    expect(unpinned.stdout).toMatch(/WARNING: the key was taken from the bundle itself/);
  });

  it('an edited bundle is invalid: exit 1, naming what failed', () => {
    const file = bundle('--engagement', 'eng-finserv');
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited.verdict.findings.pop();
    const tampered = join(dir, 'edited.json');
    writeFileSync(tampered, JSON.stringify(edited));
    const run = onus('verify-bundle', tampered, '--key', verifierKey);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✗ rules: .*the verdict leaves it out/);
    expect(run.stdout).toMatch(/INVALID$/m);
  });

  it.each([
    ['not JSON', '{"format":', /not JSON/],
    ['not a bundle', '{"format":"onus-evidence-bundle/1"}', /engagementId is required/],
  ])('%s is malformed: exit 2', (_, text, message) => {
    const file = join(dir, 'malformed.json');
    writeFileSync(file, text);
    const run = onus('verify-bundle', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a missing file, a bad key and an unknown engagement are bad usage: exit 2', () => {
    expect(onus('verify-bundle', join(dir, 'nowhere.json')).stderr).toMatch(
      /cannot be read: ENOENT/,
    );
    const file = bundle('--engagement', 'eng-smb');
    const badKey = onus('verify-bundle', file, '--key', 'not-a-key');
    expect(badKey.status).toBe(2);
    expect(badKey.stderr).toMatch(/--key: not a verifier key/);
    const unknown = onus('bundle', '--store', store, '--engagement', 'eng-nobody');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/engagement eng-nobody was not contracted/);
    const future = onus(
      'bundle',
      '--store',
      store,
      '--engagement',
      'eng-smb',
      '--as-of',
      '2999-01-01T00:00:00Z',
    );
    expect(future.status).toBe(2);
    expect(future.stderr).toMatch(/asOf must not be after/);
  });
});

describe('GET /v1/engagements/{id}/bundle', () => {
  let app: RunningApp;
  let dir: string;
  beforeAll(async () => {
    app = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'onus-bundle-http-'));
    expect(
      onus('import', join(SCENARIOS, 'smb-declined-mfa.ndjson'), '--store', `sqlite:${app.dbPath}`)
        .status,
    ).toBe(0);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a bundle that the offline verifier accepts with the key of GET /v1/keys', async () => {
    const keys = await app.call('GET', '/v1/keys');
    const response = await app.call('GET', '/v1/engagements/eng-smb/bundle?incidentId=inc-bec');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      format: 'onus-evidence-bundle/1',
      engagementId: 'eng-smb',
      incidentId: 'inc-bec',
    });
    const file = join(dir, 'http.json');
    writeFileSync(file, response.text);
    const run = onus('verify-bundle', file, '--key', keys.body[0].verifierKey, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).valid).toBe(true);
  });

  it('answers 404 for what it does not know and 400 for bad parameters', async () => {
    expect((await app.call('GET', '/v1/engagements/eng-nobody/bundle')).status).toBe(404);
    expect(
      (await app.call('GET', '/v1/engagements/eng-smb/bundle?incidentId=inc-none')).status,
    ).toBe(404);
    const bad = await app.call('GET', '/v1/engagements/eng-smb/bundle?asOf=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'query.asOf', reason: 'must be an ISO-8601 timestamp with a time zone' },
    ]);
    const future = await app.call(
      'GET',
      '/v1/engagements/eng-smb/bundle?asOf=2999-01-01T00:00:00Z',
    );
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/asOf must not be after/);
  });
});
