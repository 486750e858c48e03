import { AREAS, type Finding, type ObligedParty, ownerOf, SEVERITIES } from '@onus/domain';
import { html, raw, type SafeHtml } from './html';
import { coverageChart, PARTY_LABEL, partyBars, partyMark, timelineChart } from './review-charts';
import { type ReviewModel } from './review-data';
import { REVIEW_CSS } from './review-style';

const OBLIGED: readonly ObligedParty[] = ['client', 'mssp', 'third_party'];

/** `2024-04-10 09:30 UTC` in a <time> element that carries the exact instant. */
/** A table of the page: scrollable on a phone, with a caption and column headers. */
function dataTable(table: {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly className?: string;
  readonly body: SafeHtml | readonly SafeHtml[];
}): SafeHtml {
  return html`<div class="scroll">
    <table${table.className ? html` class="${table.className}"` : ''}>
      <caption>
        ${table.caption}
      </caption>
      <thead>
        <tr>
          ${table.columns.map((column) => html`<th scope="col">${column}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${table.body}
      </tbody>
    </table>
  </div>`;
}

function when(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="none">—</span>`;
  const d = new Date(iso);
  const text = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
  return html`<time datetime="${iso}">${text}</time>`;
}

/** `3 days 4 hours`: how late, in the units a reader would use. */
export function lateness(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  const part = (n: number, unit: string): string => (n ? `${n} ${unit}${n === 1 ? '' : 's'}` : '');
  if (m < 60) return part(m, 'minute') || '0 minutes';
  if (m < 1440)
    return [part(Math.floor(m / 60), 'hour'), part(m % 60, 'minute')].filter(Boolean).join(' ');
  if (m < 365 * 1440)
    return [part(Math.floor(m / 1440), 'day'), part(Math.floor((m % 1440) / 60), 'hour')]
      .filter(Boolean)
      .join(' ');
  const days = Math.floor(m / 1440);
  return [part(Math.floor(days / 365), 'year'), part(days % 365, 'day')].filter(Boolean).join(' ');
}

function scopeLabel(model: ReviewModel): string {
  const v = model.verdict;
  return v.incidentId
    ? `incident ${v.incidentId} of engagement ${v.engagementId}`
    : `engagement ${v.engagementId}`;
}

function pct(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)} %`;
}

function engagementSection(model: ReviewModel): SafeHtml {
  const { engagement: e, verdict } = model;
  const t = e.terms;
  const slaRows = SEVERITIES.map(
    (s) =>
      html`<tr>
        <th scope="row">${s}</th>
        <td>${t.sla.acknowledgeMinutes[s]}</td>
        <td>${t.sla.notifyClientMinutes?.[s] ?? '—'}</td>
        <td>${t.sla.requestResponseMinutes[s]}</td>
      </tr>`,
  );
  const owners = AREAS.map(
    (area) =>
      html`<tr>
        <th scope="row">${area.replace(/_/g, ' ')}</th>
        <td>${PARTY_LABEL[ownerOf(area, t)]}</td>
      </tr>`,
  );
  return html`<section id="engagement" aria-labelledby="engagement-h">
    <h2 id="engagement-h">The engagement</h2>
    <dl class="facts">
      <dt>Client</dt>
      <dd>${e.client}</dd>
      <dt>MSSP</dt>
      <dd>${e.mssp}</dd>
      <dt>Engagement</dt>
      <dd>
        <code>${verdict.engagementId}</code>, from
        ${when(t.startsAt)}${t.endsAt ? html` to ${when(t.endsAt)}` : ''}
      </dd>
      <dt>Services</dt>
      <dd>${t.services.map((s) => s.replace(/_/g, ' ')).join(', ')}</dd>
      <dt>Scope</dt>
      <dd>
        ${t.scope.endpoints} endpoints, ${t.scope.servers} servers; telemetry
        ${t.scope.telemetry.join(', ') || 'none'}
      </dd>
      <dt>Coverage</dt>
      <dd>
        at least ${Math.round(t.sla.minimumCoverageRatio * 100)} % of contracted assets; reported
        every ${t.sla.coverageReportMaxDays} days at most; gaps reported within
        ${t.sla.gapReportDays} days
      </dd>
      <dt>Tests</dt>
      <dd>announced ${t.sla.testNoticeLeadHours} hours ahead</dd>
      <dt>Fee</dt>
      <dd>${e.fee ? `${e.fee.amount} ${e.fee.currency} per ${e.fee.period}` : 'not recorded'}</dd>
      <dt>Terms shown</dt>
      <dd>
        as in force on
        ${when(verdict.asOf)}${e.amendments.length
          ? `, after ${e.amendments.length} amendment${e.amendments.length === 1 ? '' : 's'}`
          : ', as contracted (no amendments)'}
      </dd>
    </dl>
    <div class="tables">
      ${dataTable({
        caption: 'SLA, in minutes, by severity',
        columns: ['severity', 'acknowledge alert', 'notify client', 'answer request'],
        body: slaRows,
      })}
      ${dataTable({
        caption: 'Who is responsible for what',
        columns: ['area', 'party'],
        body: owners,
      })}
    </div>
  </section>`;
}

function findingArticle(finding: Finding, index: number): SafeHtml {
  const late =
    finding.lateByMinutes === null
      ? finding.satisfiedAt === null
        ? 'never met'
        : 'on time'
      : finding.lateByMinutes > 0
        ? lateness(finding.lateByMinutes)
        : 'on time';
  const evidence = finding.evidence.map(
    (e) =>
      html`<li>
        <a href="#ev-${e.eventId}" class="evidence-link">#${e.position} ${e.type}</a>,
        ${when(e.effectiveAt)}${e.lateRecorded
          ? html` <strong class="flag">recorded late</strong>`
          : ''}
      </li>`,
  );
  return html`<article
    class="finding"
    id="finding-${index + 1}"
    aria-labelledby="finding-${index + 1}-h"
  >
    <h4 id="finding-${index + 1}-h">
      <svg viewBox="-10 -10 20 20" width="16" height="16" aria-hidden="true">
        ${partyMark(finding.party, 0, 0, 7)}
      </svg>
      <span class="code">${finding.code}</span>
      <span class="subject">${finding.subject.kind} ${finding.subject.id}</span>${finding.causal
        ? html` <strong class="badge causal">causal</strong>`
        : ''}
    </h4>
    <p class="summary">${finding.summary}</p>
    <dl class="finding-facts">
      <dt>Due</dt>
      <dd>${when(finding.dueAt)}</dd>
      <dt>Met</dt>
      <dd>${finding.satisfiedAt ? when(finding.satisfiedAt) : html`<strong>not met</strong>`}</dd>
      <dt>Late by</dt>
      <dd>${late}</dd>
      <dt>Weight</dt>
      <dd>${finding.weight}</dd>
    </dl>
    <p class="evidence-h">
      Evidence (${finding.evidence.length} ${finding.evidence.length === 1 ? 'event' : 'events'}):
    </p>
    <ul class="evidence">
      ${evidence}
    </ul>
  </article>`;
}

function verdictSection(model: ReviewModel): SafeHtml {
  const v = model.verdict;
  const primary =
    v.primary === 'none'
      ? 'No party: there are no findings.'
      : v.primary === 'shared'
        ? 'Shared: no party carries more weight than the others.'
        : PARTY_LABEL[v.primary];
  const tallies = OBLIGED.map(
    (p) =>
      html`<tr${v.primary === p ? raw(' class="primary"') : ''}><th scope="row">${PARTY_LABEL[p]}</th><td>${v.parties[p].findings}</td><td>${v.parties[p].weight}</td></tr>`,
  );
  const byParty = OBLIGED.filter((p) => v.findings.some((f) => f.party === p)).map((p) => {
    const findings = v.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f.party === p)
      .map(({ f, i }) => findingArticle(f, i));
    return html`<section class="party-findings" aria-labelledby="findings-${p}-h">
      <h3 id="findings-${p}-h">
        ${PARTY_LABEL[p]}: ${findings.length} ${findings.length === 1 ? 'finding' : 'findings'},
        weight ${v.parties[p].weight}
      </h3>
      ${findings}
    </section>`;
  });
  return html`<section id="verdict" aria-labelledby="verdict-h">
    <h2 id="verdict-h">The verdict</h2>
    <p class="primary-line">
      Primary responsibility: <strong id="primary" data-primary="${v.primary}">${primary}</strong>
    </p>
    <p class="meta">
      As of ${when(v.asOf)}, rules version ${v.rulesVersion}; ${v.findings.length}
      ${v.findings.length === 1 ? 'finding' : 'findings'}.
    </p>
    ${partyBars(v)}
    ${dataTable({
      caption: 'Findings and weight per party',
      columns: ['party', 'findings', 'weight'],
      className: 'tallies',
      body: tallies,
    })}
    ${v.findings.length === 0
      ? html`<p>No findings: every obligation in scope was met.</p>`
      : byParty}
  </section>`;
}

function legend(): SafeHtml {
  const item = (mark: SafeHtml, text: string): SafeHtml =>
    html`<li>
      <svg viewBox="-10 -10 20 20" width="18" height="18" aria-hidden="true">${mark}</svg> ${text}
    </li>`;
  return html`<ul class="legend" aria-label="Legend">
    ${item(partyMark('client', 0, 0, 6), 'client (circle)')}
    ${item(partyMark('mssp', 0, 0, 6), 'MSSP (square)')}
    ${item(partyMark('third_party', 0, 0, 6), 'third party (triangle)')}
    ${item(partyMark('operator', 0, 0, 6), 'operator (diamond)')}
    ${item(
      raw('<circle r="9" class="halo"/><circle r="5" fill="#555"/>'),
      'ringed: evidence of a finding',
    )}
    ${item(
      raw('<circle r="6" fill="#fff" stroke="#555" stroke-width="2"/>'),
      'hollow: the time a late-recorded event claims',
    )}
    ${item(
      raw(
        '<rect x="-9" y="-6" width="18" height="12" fill="#0072B2" fill-opacity="0.25" stroke="#0072B2"/>',
      ),
      'shaded: SLA window, trigger to deadline',
    )}
    ${item(
      raw(
        '<rect x="-9" y="-4" width="18" height="8" fill="none" stroke="#000" stroke-dasharray="2 1"/><line x1="-9" y1="4" x2="9" y2="-4" stroke="#000"/>',
      ),
      'hatched: past the deadline',
    )}
  </ul>`;
}

function timelineSection(model: ReviewModel): SafeHtml {
  const events = model.timeline.events;
  const rows = events.map(
    (e) =>
      html`<tr id="ev-${e.id}" ${e.findings.length ? raw(' class="is-evidence"') : ''}>
        <td>${when(e.effectiveAt)}</td>
        <td>#${e.position}</td>
        <th scope="row">${e.type}</th>
        <td>
          <span class="party-tag party-${e.party}">${PARTY_LABEL[e.party]}</span><br /><span
            class="actor"
            >${e.actor}</span
          >
        </td>
        <td>
          ${e.description}${e.lateRecorded
            ? html`<br /><strong class="flag">Recorded late:</strong> claims ${when(e.occurredAt)},
                recorded ${when(e.recordedAt)}`
            : ''}
        </td>
        <td>${e.findings.join(', ') || '—'}</td>
        <td><code class="event-id">${e.id}</code></td>
      </tr>`,
  );
  return html`<section id="timeline" aria-labelledby="timeline-h">
    <h2 id="timeline-h">Timeline</h2>
    <p class="meta">
      ${events.length} events of ${scopeLabel(model)}, by effective time (an event recorded more
      than the tolerance after it happened counts from when the ledger heard of it).
    </p>
    <figure>
      ${timelineChart(events, model.verdict, `Timeline of ${scopeLabel(model)}`)}
      <figcaption>${legend()}</figcaption>
    </figure>
    ${dataTable({
      caption: 'Every event, with the findings it is evidence of',
      columns: [
        'effective',
        'position',
        'type',
        'party, actor',
        'what happened',
        'evidence of',
        'event id',
      ],
      className: 'events',
      body: rows,
    })}
  </section>`;
}

function coverageSection(model: ReviewModel): SafeHtml | null {
  if (model.coverage.length === 0) return null;
  const asOf = Date.parse(model.verdict.asOf);
  return html`<section id="coverage" aria-labelledby="coverage-h">
    <h2 id="coverage-h">Coverage</h2>
    ${model.coverage.map(
      (series, i) =>
        html`<figure>
          ${coverageChart(series, asOf, i)}
          <figcaption>
            ${series.sensorId ? `Sensor ${series.sensorId}` : 'The engagement'}: assets seen (thin
            line, dots) against contracted (thick line) and the SLA minimum (dashed); hatched: the
            shortfall while a coverage finding was open.
          </figcaption>
        </figure>`,
    )}
  </section>`;
}

function scorecardSection(model: ReviewModel): SafeHtml {
  const c = model.scorecard;
  const alerts = Object.entries(c.mssp.alerts).map(
    ([severity, a]) =>
      html`<tr>
        <th scope="row">${severity}</th>
        <td>${a.count}</td>
        <td>${pct(a.acknowledgedWithinSlaPct)}</td>
        <td>${a.minutesToAcknowledge.median ?? '—'}</td>
        <td>${a.minutesToAcknowledge.p90 ?? '—'}</td>
        <td>${pct(a.notifiedWithinSlaPct)}</td>
      </tr>`,
  );
  const r = c.mssp.requests;
  const cov = c.mssp.coverage;
  const tests = c.client.tests;
  const recs = c.client.recommendations;
  return html`<section id="scorecard" aria-labelledby="scorecard-h">
    <h2 id="scorecard-h">Scorecard</h2>
    <p class="meta">
      From ${when(c.from)} to ${when(c.to)}, the engagement as a whole (rules ${c.rulesVersion}).
    </p>
    ${dataTable({
      caption: 'MSSP: alerts by severity',
      columns: [
        'severity',
        'alerts',
        'acknowledged within SLA',
        'median minutes to acknowledge',
        '90th percentile',
        'client notified within SLA',
      ],
      body: alerts.length
        ? alerts
        : html`<tr>
            <td colspan="6">no alerts in the period</td>
          </tr>`,
    })}
    ${dataTable({
      caption: 'The period in figures',
      columns: ['party', 'measure', 'value'],
      body: html`<tr>
          <th scope="row" rowspan="5">MSSP</th>
          <td>requests</td>
          <td>${r.count}, answered within SLA ${pct(r.answeredWithinSlaPct)}</td>
        </tr>
        <tr>
          <td>declined / wrongly / abandoned</td>
          <td>${r.declined} / ${r.wronglyDeclined} / ${r.abandoned}</td>
        </tr>
        <tr>
          <td>coverage, time-weighted</td>
          <td>
            ${cov.timeWeightedRatio === null
              ? '—'
              : `${(cov.timeWeightedRatio * 100).toFixed(1)} %`}
          </td>
        </tr>
        <tr>
          <td>gap days (unreported)</td>
          <td>${cov.gapDays.toFixed(1)} (${cov.gapDaysUnreported.toFixed(1)})</td>
        </tr>
        <tr>
          <td>recommendations issued</td>
          <td>${c.mssp.recommendationsIssued}</td>
        </tr>
        <tr>
          <th scope="row" rowspan="3">Client</th>
          <td>tests conducted / announced on time / unannounced</td>
          <td>${tests.conducted} / ${pct(tests.announcedOnTimePct)} / ${tests.unannounced}</td>
        </tr>
        <tr>
          <td>notifications acknowledged within SLA</td>
          <td>${pct(c.client.notificationsAcknowledgedWithinSlaPct)}</td>
        </tr>
        <tr>
          <td>recommendations completed / overdue / declined / risk accepted</td>
          <td>${recs.completed} / ${recs.overdue} / ${recs.declined} / ${recs.riskAccepted}</td>
        </tr>
        <tr>
          <th scope="row">Fee</th>
          <td>paid over the period</td>
          <td>
            ${c.fee
              ? `${c.fee.paidOverPeriod} ${c.fee.currency} (${c.fee.amount} per ${c.fee.period})`
              : 'not recorded'}
          </td>
        </tr>
        ${OBLIGED.map(
          (p) =>
            html`<tr>
              <th scope="row">${PARTY_LABEL[p]}</th>
              <td>findings (weight)</td>
              <td>${c.findings[p].count} (${c.findings[p].weight})</td>
            </tr>`,
        )}`,
    })}
  </section>`;
}

function proofSection(model: ReviewModel): SafeHtml {
  const v = model.verdict;
  const query = [
    `--engagement ${v.engagementId}`,
    v.incidentId ? `--incident ${v.incidentId}` : '',
    `--as-of ${v.asOf}`,
  ]
    .filter(Boolean)
    .join(' ');
  const http = `GET /v1/engagements/${encodeURIComponent(v.engagementId)}/bundle?${v.incidentId ? `incidentId=${encodeURIComponent(v.incidentId)}&` : ''}asOf=${encodeURIComponent(v.asOf)}`;
  const seal = model.seal;
  const checkpoint = seal
    ? html`<dl class="facts">
          <dt>Checkpoint</dt>
          <dd>
            the log's first ${seal.size} events (every event on this page is among them), signed
            ${when(seal.time)}
          </dd>
          <dt>Merkle root</dt>
          <dd><code class="hash">${seal.rootHash}</code></dd>
          <dt>Notary key</dt>
          <dd><code class="hash">${seal.verifierKey}</code></dd>
        </dl>
        <details>
          <summary>The signed checkpoint note</summary>
          <pre>${seal.note}</pre>
        </details>`
    : html`<p>
        This server runs without the notary, so it cannot name a checkpoint here; the notary
        service's <code>GET /v1/checkpoints/latest</code> and <code>GET /v1/keys</code> give them.
      </p>`;
  const key = seal ? seal.verifierKey : 'KEY (from GET /v1/keys)';
  return html`<section id="proof" aria-labelledby="proof-h">
    <h2 id="proof-h">How we know</h2>
    <p>
      Every event on this page is hash-chained in the ledger and included in a checkpoint signed by
      the notary: each one's inclusion proof is at <code>GET /v1/events/{id}</code>.
    </p>
    ${checkpoint}
    <h3>Verify it offline</h3>
    <ol>
      <li>
        Get the evidence bundle of this verdict:
        <code>onus bundle ${query} --out bundle.json</code>, or <code>${http}</code> with an API key
        of the engagement.
      </li>
      <li>
        Check it on any machine, with no store and no network:
        <code>onus verify-bundle bundle.json --key '${key}'</code>. It checks the notary's
        signature, every hash, chain and inclusion proof, and re-runs the rules on the bundled
        events, which must give this verdict (exit 0: valid).
      </li>
      <li>
        Pin the key you obtained from the notary yourself (<code>GET /v1/keys</code>), not the one
        printed here, if this page came to you from someone else.
      </li>
    </ol>
  </section>`;
}

/** The review itself: the sections both the server page and `onus report` show. */
export function renderReview(model: ReviewModel): SafeHtml {
  const v = model.verdict;
  return html`<header class="review-header">
      <p class="kicker">${v.incidentId ? 'Post-incident review' : 'Vendor assessment'}</p>
      <h1>
        ${v.incidentId ? `Incident ${v.incidentId}` : `Engagement ${v.engagementId}`}:
        ${model.engagement.client} and ${model.engagement.mssp}
      </h1>
      <p class="meta">${scopeLabel(model)}, as of ${when(v.asOf)}</p>
      <nav aria-label="Sections">
        <a href="#verdict">Verdict</a> · <a href="#timeline">Timeline</a>${model.coverage.length
          ? html` · <a href="#coverage">Coverage</a>`
          : ''}
        · <a href="#scorecard">Scorecard</a> · <a href="#engagement">Engagement</a> ·
        <a href="#proof">How we know</a>
      </nav>
    </header>
    ${verdictSection(model)} ${timelineSection(model)} ${coverageSection(model)}
    ${scorecardSection(model)} ${engagementSection(model)} ${proofSection(model)}`;
}

function titleOf(model: ReviewModel): string {
  return `Onus review: ${scopeLabel(model)}`;
}

/** `onus report`: one file, its styles inline, no script, nothing to fetch. */
export function reviewDocument(model: ReviewModel): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <title>${titleOf(model)}</title>
        <style>
          ${raw(REVIEW_CSS)}
        </style>
      </head>
      <body>
        <main id="review">${renderReview(model)}</main>
        <footer class="page-footer">
          <p>Made by <code>onus report</code> from the ledger; every value is as recorded.</p>
        </footer>
      </body>
    </html> `.text;
}

export const REVIEW_SCRIPT_PATH = '/review/assets/review.js';

/**
 * The page `GET /review/{id}` serves: no data, only a form for the API key and the script that
 * fetches the review with it. Anyone may load it; what it shows is what the key may read.
 */
export function reviewShell(
  engagementId: string,
  query: { incidentId?: string; asOf?: string },
): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>${`Onus review: engagement ${engagementId}`}</title>
        <style>
          ${raw(REVIEW_CSS)}
        </style>
        <script src="${REVIEW_SCRIPT_PATH}" defer></script>
      </head>
      <body>
        <div
          id="access"
          class="access"
          data-engagement="${engagementId}"
          data-incident="${query.incidentId ?? ''}"
          data-as-of="${query.asOf ?? ''}"
        >
          <form id="key-form" aria-labelledby="key-h">
            <h1 id="key-h">
              Review of ${query.incidentId ? `incident ${query.incidentId} of ` : ''}engagement
              <code>${engagementId}</code>
            </h1>
            <p>
              Enter an API key that may read this engagement. It stays in this browser tab (session
              storage) and is sent only to this server.
            </p>
            <label for="api-key">API key</label>
            <input
              id="api-key"
              name="api-key"
              type="password"
              autocomplete="off"
              spellcheck="false"
              placeholder="onus_…"
              required
            />
            <button type="submit">Show the review</button>
          </form>
          <p id="status" role="status" aria-live="polite"></p>
          <p class="forget-line">
            <button id="forget" type="button" hidden>Forget the key</button>
          </p>
        </div>
        <main id="review" aria-live="polite"></main>
      </body>
    </html> `.text;
}
