import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Page } from 'playwright-core';
import { type Verdict } from '@onus/domain';
import { PARTY_LABEL } from '../../apps/audit-api/src/review/review-charts';
import { launchChromium } from '../support/browser';
import { onus, ROOT, SCENARIOS } from '../support/cli';
import { type RunningApp, startApp } from '../support/http-app';

const STORIES = [
  ['smb-declined-mfa', 'smb'],
  ['bank-unannounced-test', 'bank'],
  ['finserv-misplaced-sensor', 'finserv'],
] as const;

interface Expected {
  incidentId: string;
  asOf: string;
  primary: keyof typeof PARTY_LABEL;
  findings: { code: string }[];
}

function story(name: string): { engagementId: string; expected: Expected; ndjson: string } {
  const ndjson = readFileSync(join(SCENARIOS, `${name}.ndjson`), 'utf8');
  const expected = JSON.parse(
    readFileSync(join(SCENARIOS, `${name}.expected.json`), 'utf8'),
  ) as Expected;
  const first = JSON.parse(ndjson.split('\n')[0]!) as { engagementId: string };
  return { engagementId: first.engagementId, expected, ndjson };
}

/**
 * `ONUS_SCREENSHOTS=docs npx jest test/e2e/review-page` refreshes docs/review-*.png; otherwise
 * the screenshots go to a temporary folder, so that a test run leaves the checkout as it was.
 */
const SHOTS = process.env.ONUS_SCREENSHOTS === 'docs' ? join(ROOT, 'docs') : undefined;

/** The review page in headless Chromium, driven as a reviewer would: open, enter a key, read. */
describe('the review page in a browser', () => {
  let app: RunningApp;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let shots: string;
  let auditorKey: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    shots = SHOTS ?? mkdtempSync(join(tmpdir(), 'onus-review-shots-'));
    for (const [name] of STORIES) {
      const answer = await app.call('POST', '/v1/import', story(name).ndjson, {
        'content-type': 'application/x-ndjson',
      });
      expect(answer.status).toBe(200);
    }
    auditorKey = app.key({
      role: 'auditor',
      engagements: STORIES.map(([name]) => story(name).engagementId),
    }).key;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (!SHOTS && shots) rmSync(shots, { recursive: true, force: true });
  });

  /** What the page kept in the tab's session storage. */
  const storedKey = (page: Page): Promise<string | null> =>
    page.evaluate<string | null>("sessionStorage.getItem('onus.apiKey')");

  async function openWithKey(path: string, key: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${app.url}${path}`);
    await page.fill('#api-key', key);
    await page.click('#key-form button[type=submit]');
    return page;
  }

  it.each(STORIES)(
    '%s: shows the primary party and every finding, and an evidence link leads to its event',
    async (name, short) => {
      const { engagementId, expected } = story(name);
      const query = `incident=${expected.incidentId}&asOf=${encodeURIComponent(expected.asOf)}`;
      const page = await openWithKey(`/review/${engagementId}?${query}`, auditorKey);
      await page.waitForSelector('#primary');

      expect((await page.textContent('#primary'))?.trim()).toBe(PARTY_LABEL[expected.primary]);
      const verdict = (
        await app.call(
          'GET',
          `/v1/engagements/${engagementId}/verdict?incidentId=${expected.incidentId}&asOf=${encodeURIComponent(expected.asOf)}`,
        )
      ).body as Verdict;
      expect(verdict.findings.map((f) => f.code).sort()).toEqual(
        expected.findings.map((f) => f.code).sort(),
      );
      const sentences = page.locator('.finding .summary');
      expect((await sentences.allTextContents()).sort()).toEqual(
        verdict.findings.map((f) => f.summary).sort(),
      );
      for (const finding of verdict.findings) {
        expect(await page.getByText(finding.summary, { exact: true }).isVisible()).toBe(true);
      }
      // One mark per event in the chart, one row per event in the table.
      const rows = await page.locator('table.events tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      expect(await page.locator('svg.timeline-chart a.mark').count()).toBe(rows);

      const chart = await page.locator('#timeline figure').boundingBox();
      const file = join(shots, `review-${short}.png`);
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width: 1280, height: Math.ceil(chart!.y + chart!.height + 16) },
      });
      expect(statSync(file).size).toBeGreaterThan(20_000);

      const link = page.locator('.evidence-link').first();
      const href = await link.getAttribute('href');
      expect(href).toMatch(/^#ev-/);
      await link.click();
      await page.waitForURL((url) => url.hash === href);
      // Scrolled to: the row's top at the top of the viewport (to a fraction of a pixel).
      const target = await page.evaluate<{ id?: string; tag?: string; inView: boolean }>(`(() => {
        const row = document.querySelector(':target');
        const box = row && row.getBoundingClientRect();
        return { id: row?.id, tag: row?.tagName, inView: !!box && box.top > -1 && box.top < innerHeight };
      })()`);
      expect(target).toEqual({ id: href!.slice(1), tag: 'TR', inView: true });
      const cited = verdict.findings.flatMap((f) => f.evidence.map((e) => `ev-${e.eventId}`));
      expect(cited).toContain(target.id);
      await page.context().close();
    },
  );

  it('keeps the key for the tab: a reload shows the review without asking again', async () => {
    const page = await openWithKey('/review/eng-smb', auditorKey);
    await page.waitForSelector('#primary');
    expect(await storedKey(page)).toBe(auditorKey);
    await page.reload();
    await page.waitForSelector('#primary');
    expect(await page.isVisible('#key-form')).toBe(false);
    await page.click('#forget');
    expect(await storedKey(page)).toBeNull();
    expect(await page.locator('#primary').count()).toBe(0);
    await page.context().close();
  });

  it('shows a key of another engagement nothing of this one, and tells a wrong key so', async () => {
    const other = app.key({ role: 'auditor', engagements: ['eng-elsewhere'] }).key;
    const page = await openWithKey('/review/eng-finserv?incident=inc-botnet', other);
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toBe(
      'Nothing to show with this key: engagement eng-finserv is not in the ledger.',
    );
    expect(await page.locator('#review').innerHTML()).toBe('');
    expect(await page.isVisible('#key-form')).toBe(true);

    await page.fill('#api-key', 'onus_0000000000000000_not-a-real-secret');
    await page.click('#key-form button[type=submit]');
    await page.locator('#status', { hasText: 'not accepted' }).waitFor();
    expect(await page.textContent('#status')).toMatch(/^This API key was not accepted \(.+\)/);
    expect(await storedKey(page)).toBeNull();
    await page.context().close();
  });

  it('serves the page without a key and its data only to a key of the engagement', async () => {
    const shell = await app.call('GET', '/review/eng-smb?incident=inc-bec', undefined, {
      authorization: '',
    });
    expect(shell.status).toBe(200);
    expect(shell.text).not.toContain('Small business');
    expect(shell.text).toContain('<script src="/review/assets/review.js" defer></script>');
    expect(shell.text).not.toMatch(/<script>/);
    const script = await fetch(`${app.url}/review/assets/review.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toContain("script-src 'self'");

    const data = '/v1/engagements/eng-smb/review?incidentId=inc-bec';
    expect((await app.call('GET', data, undefined, { authorization: '' })).status).toBe(401);
    const wrong = await app.call('GET', data, undefined, { authorization: 'Bearer onus_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('not a valid API key');
    const other = app.key({ role: 'auditor', engagements: ['eng-bank'] }).headers;
    const hidden = await app.call('GET', data, undefined, other);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({
      message: 'engagement eng-smb is not in the ledger',
      rule: 'ENGAGEMENT_UNKNOWN',
    });
    const ok = await app.call('GET', data, undefined, { authorization: `Bearer ${auditorKey}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Small business');
    // Without an incident: the vendor assessment of the whole engagement.
    const whole = await app.call('GET', '/v1/engagements/eng-finserv/review', undefined, {
      authorization: `Bearer ${auditorKey}`,
    });
    expect(whole.status).toBe(200);
    expect(whole.text).toContain('<p class="kicker">Vendor assessment</p>');
    expect(whole.text).toContain('class="chart coverage-chart"');

    const bad = await app.call('GET', '/review/eng-smb?incident=a%20b&asOf=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { path: 'query.asOf', reason: 'must be an ISO-8601 timestamp with a time zone' },
      { path: 'query.incident', reason: 'must match [A-Za-z0-9._:-]{1,128}' },
    ]);
    const badData = await app.call('GET', '/v1/engagements/eng-smb/review?asOf=2024-13-01');
    expect(badData.status).toBe(400);
    expect(badData.body.details[0].path).toBe('query.asOf');
  });

  it('onus report writes one file that opens from disk with no request leaving the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onus-report-e2e-'));
    try {
      const store = `sqlite:${join(dir, 'onus.db')}`;
      const { expected, engagementId } = story('finserv-misplaced-sensor');
      const ndjson = join(SCENARIOS, 'finserv-misplaced-sensor.ndjson');
      expect(onus('import', ndjson, '--store', store).status).toBe(0);
      const out = join(dir, 'review.html');
      const run = onus(
        'report',
        '--store',
        store,
        '--engagement',
        engagementId,
        '--incident',
        expected.incidentId,
        '--as-of',
        expected.asOf,
        '--out',
        out,
      );
      expect(run.stderr).toContain(`report: wrote ${out}`);
      const noOut = onus('report', '--store', store, '--engagement', engagementId);
      expect([noOut.status, noOut.stderr]).toEqual([
        2,
        'onus: --out is required (the HTML file to write)\n',
      ]);
      const unknown = onus('report', '--store', store, '--engagement', 'eng-none', '--out', out);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toMatch(/^onus: engagement eng-none was not contracted as of /);
      expect(run.status).toBe(0);
      expect(existsSync(out)).toBe(true);

      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      const url = pathToFileURL(out).href;
      await page.goto(url, { waitUntil: 'load' });
      expect((await page.textContent('#primary'))?.trim()).toBe(PARTY_LABEL[expected.primary]);
      expect(await page.locator('.finding').count()).toBe(expected.findings.length);
      expect(await page.locator('svg.coverage-chart').count()).toBe(1);
      expect(await page.locator('script').count()).toBe(0);
      await page.locator('.evidence-link').first().click();
      expect(requests).toEqual([url]);
      await page.context().close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
