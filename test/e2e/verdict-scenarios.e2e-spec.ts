import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApp, startApp } from '../support/http-app';
import { SCENARIOS, onus } from '../support/cli';

interface Expected {
  incidentId: string;
  asOf: string;
  primary: string;
  findings: Array<{
    code: string;
    party: string;
    causal: boolean;
    subject: { kind: string; id: string };
  }>;
}

const key = (f: Expected['findings'][number]) =>
  JSON.stringify([f.code, f.party, f.causal, f.subject.kind, f.subject.id]);

/** The three public stories, through the real CLI on a real SQLite file, give their verdicts. */
describe.each(
  readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.ndjson'))
    .map((f) => f.replace('.ndjson', '')),
)('scenario %s', (name) => {
  const expected = JSON.parse(
    readFileSync(join(SCENARIOS, `${name}.expected.json`), 'utf8'),
  ) as Expected;
  const engagementId = (
    JSON.parse(readFileSync(join(SCENARIOS, `${name}.ndjson`), 'utf8').split('\n')[0]!) as {
      engagementId: string;
    }
  ).engagementId;
  let dir: string;
  let store: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-verdict-'));
    store = `sqlite:${join(dir, 'onus.db')}`;
    expect(onus('import', join(SCENARIOS, `${name}.ndjson`), '--store', store).status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const verdictArgs = () => [
    'verdict',
    '--engagement',
    engagementId,
    '--incident',
    expected.incidentId,
    '--as-of',
    expected.asOf,
    '--json',
    '--store',
    store,
  ];

  it('onus verdict gives the expected primary and findings', () => {
    const run = onus(...verdictArgs());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const verdict = JSON.parse(run.stdout);
    expect(verdict).toMatchObject({
      engagementId,
      incidentId: expected.incidentId,
      asOf: expected.asOf,
      rulesVersion: '2026.1',
      primary: expected.primary,
    });
    expect(verdict.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    for (const finding of verdict.findings) {
      expect(finding.summary).toMatch(/^[A-Z].*\.$/);
      expect(finding.summary).toContain(finding.subject.id);
      expect(finding.evidence.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic: byte-identical JSON across runs', () => {
    const first = onus(...verdictArgs()).stdout;
    const second = onus(...verdictArgs()).stdout;
    expect(second).toBe(first);
  });

  it('the human-readable verdict names the primary party and every finding', () => {
    const run = onus(
      'verdict',
      '--engagement',
      engagementId,
      '--incident',
      expected.incidentId,
      '--as-of',
      expected.asOf,
      '--store',
      store,
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Primary responsibility: ${expected.primary}`);
    for (const finding of expected.findings) expect(run.stdout).toContain(finding.code);
  });

  it('onus timeline lists the events in effective-time order and marks the evidence', () => {
    const run = onus(
      'timeline',
      '--engagement',
      engagementId,
      '--incident',
      expected.incidentId,
      '--as-of',
      expected.asOf,
      '--json',
      '--store',
      store,
    );
    expect(run.status).toBe(0);
    const timeline = JSON.parse(run.stdout);
    const times = timeline.events.map((e: { effectiveAt: string }) => e.effectiveAt);
    expect([...times].sort()).toEqual(times);
    const marked = new Set(timeline.events.flatMap((e: { findings: string[] }) => e.findings));
    for (const finding of expected.findings) expect(marked.has(finding.code)).toBe(true);
  });

  it('an incident unknown as of asOf is exit 2 with a clear message', () => {
    const run = onus(
      'verdict',
      '--engagement',
      engagementId,
      '--incident',
      expected.incidentId,
      '--as-of',
      '2000-01-01T00:00:00Z',
      '--store',
      store,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not (declared|contracted)/);
  });
});

describe('GET /v1/engagements/{id}/verdict and /timeline', () => {
  let app: RunningApp;
  const expected = JSON.parse(
    readFileSync(join(SCENARIOS, 'smb-declined-mfa.expected.json'), 'utf8'),
  ) as Expected;
  beforeAll(async () => {
    app = await startApp();
    const lines = readFileSync(join(SCENARIOS, 'smb-declined-mfa.ndjson'), 'utf8')
      .trim()
      .split('\n');
    const run = onus(
      'import',
      join(SCENARIOS, 'smb-declined-mfa.ndjson'),
      '--store',
      `sqlite:${app.dbPath}`,
    );
    expect(run.status).toBe(0);
    expect(lines.length).toBe(14);
  });
  afterAll(() => app.close());

  it('answers the same verdict as the CLI, byte for byte', async () => {
    const query = `incidentId=${expected.incidentId}&asOf=${encodeURIComponent(expected.asOf)}`;
    const response = await app.call('GET', `/v1/engagements/eng-smb/verdict?${query}`);
    expect(response.status).toBe(200);
    expect(response.body.primary).toBe(expected.primary);
    const cli = onus(
      'verdict',
      '--engagement',
      'eng-smb',
      '--incident',
      expected.incidentId,
      '--as-of',
      expected.asOf,
      '--json',
      '--store',
      `sqlite:${app.dbPath}`,
    );
    expect(JSON.stringify(response.body)).toBe(JSON.stringify(JSON.parse(cli.stdout)));
  });

  it('serves the timeline, and 404 / 400 with clear messages', async () => {
    const timeline = await app.call(
      'GET',
      `/v1/engagements/eng-smb/timeline?asOf=${encodeURIComponent(expected.asOf)}`,
    );
    expect(timeline.status).toBe(200);
    expect(timeline.body.events).toHaveLength(14);
    const unknownIncident = await app.call(
      'GET',
      '/v1/engagements/eng-smb/verdict?incidentId=nope',
    );
    expect(unknownIncident).toMatchObject({ status: 404, body: { rule: 'INCIDENT_UNKNOWN' } });
    const unknownEngagement = await app.call('GET', '/v1/engagements/nobody/verdict');
    expect(unknownEngagement).toMatchObject({ status: 404, body: { rule: 'ENGAGEMENT_UNKNOWN' } });
    const badTime = await app.call('GET', '/v1/engagements/eng-smb/verdict?asOf=yesterday');
    expect(badTime).toMatchObject({ status: 400, body: { details: [{ path: 'query.asOf' }] } });
  });
});
