import { MemoryEventStore } from '@onus/event-store';
import {
  AuditQueries,
  importNdjson,
  LogScanSource,
  Recorder,
  validateIncoming,
} from '@onus/ledger';
import { escapeHtml, html, raw } from './html';
import { loadReview, ReadOnce, type ReviewModel } from './review-data';
import { renderReview, reviewDocument, reviewShell } from './review-page';

const HOSTILE = '<script>alert(1)</script>';
const ATTRIBUTE = '"><img src=x onerror=alert(2)>';

/** An engagement whose every free-text field is markup, and an acknowledgement recorded late. */
const LINES = [
  {
    type: 'EngagementContracted',
    party: 'operator',
    actor: 'admin',
    occurredAt: '2024-03-01T09:00:00Z',
    data: {
      client: { name: HOSTILE },
      mssp: { name: `MSSP & Co ${ATTRIBUTE}` },
      startsAt: '2024-03-01T09:00:00Z',
      services: ['monitoring'],
      scope: { endpoints: 10, servers: 2, telemetry: ['edr'] },
      sla: {
        acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
        requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
      },
    },
  },
  {
    type: 'AlertRaised',
    party: 'mssp',
    actor: `edr ${ATTRIBUTE}`,
    occurredAt: '2024-03-02T10:00:00Z',
    data: { alertId: 'a-1', severity: 'critical', title: HOSTILE },
  },
  {
    // Claims 10:40, recorded at 12:00: it counts from 12:00, 105 minutes past the deadline.
    type: 'AlertAcknowledged',
    party: 'mssp',
    actor: 'analyst',
    occurredAt: '2024-03-02T10:40:00Z',
    recordedAt: '2024-03-02T12:00:00Z',
    data: { alertId: 'a-1' },
  },
].map((line, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  engagementId: 'eng-x',
  recordedAt: line.occurredAt,
  ...line,
}));

async function model(): Promise<ReviewModel> {
  const store = new MemoryEventStore();
  async function* lines(): AsyncIterable<string> {
    for (const line of LINES) yield JSON.stringify(line);
  }
  const summary = await importNdjson(lines(), new Recorder(store, () => Date.now()), {
    validate: validateIncoming,
  });
  expect(summary.appended).toBe(LINES.length);
  const source = new ReadOnce(new LogScanSource(store));
  return loadReview(
    { queries: new AuditQueries(source, () => Date.now()), source },
    'eng-x',
    { asOf: Date.parse('2024-03-03T00:00:00Z') },
    () => Promise.resolve(null),
  );
}

describe('the review page markup', () => {
  it('escapes every interpolated value, and only raw() passes markup through', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(html`<p title="${ATTRIBUTE}">${HOSTILE}${[1, null, 'b']}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(2)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;1b</p>',
    );
    expect(html`${raw('<b>kept</b>')}`.text).toBe('<b>kept</b>');
  });

  it('shows strings from the ledger as text, never as markup', async () => {
    const review = await model();
    const page = reviewDocument(review);
    expect(page).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('MSSP &amp; Co &quot;&gt;&lt;img');
    expect(reviewShell('eng-x', { incidentId: 'i"><b>', asOf: '"x' })).not.toMatch(/<b>|="x/);
  });

  it('flags a late-recorded event with the time it claims and the time it was recorded', async () => {
    const review = await model();
    const late = review.timeline.events.find((e) => e.lateRecorded)!;
    expect(late.type).toBe('AlertAcknowledged');
    const section = renderReview(review).text;
    const row = new RegExp(`<tr id="ev-${late.id}"[^]*?</tr>`).exec(section)![0];
    expect(row).toContain('Recorded late:');
    expect(row).toContain(
      'claims <time datetime="2024-03-02T10:40:00.000Z">2024-03-02 10:40 UTC</time>',
    );
    expect(row).toContain(
      'recorded <time datetime="2024-03-02T12:00:00.000Z">2024-03-02 12:00 UTC</time>',
    );
    // In the chart: a hollow mark at the claimed time joined to the mark where it counts.
    expect(section).toContain('class="late-link"');
    expect(section).toMatch(
      /recorded late: claims 2024-03-02T10:40:00.000Z, recorded 2024-03-02T12:00:00.000Z/,
    );
  });

  it('links every piece of evidence to a row of the timeline on the same page', async () => {
    const review = await model();
    expect(review.verdict.findings.map((f) => f.code)).toEqual(['ALERT_ACK_LATE']);
    const finding = review.verdict.findings[0]!;
    expect(finding.lateByMinutes).toBe(105);
    const section = renderReview(review).text;
    const ids = new Set([...section.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const links = [...section.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(finding.evidence.length);
    for (const link of links) expect(ids).toContain(link);
    expect(section).toMatch(/<dt>Late by<\/dt>\s*<dd>1 hour 45 minutes<\/dd>/);
    expect(section).toContain(escapeHtml(finding.summary));
  });

  it('makes a file that needs nothing else: no script, no external address', async () => {
    const page = reviewDocument(await model());
    expect(page).not.toMatch(/<script/);
    expect(page).not.toMatch(/(?:src|href)="(?!#|data:)/);
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
  });
});
