import { type Party, type TimelineEntry, type Verdict } from '@onus/domain';
import { html, num, raw, type SafeHtml } from './html';
import { type CoverageSeries } from './review-data';

/** Okabe–Ito: told apart by readers with any common colour-vision deficiency. */
export const PARTY_COLOUR: Record<Party, string> = {
  client: '#0072B2',
  mssp: '#D55E00',
  third_party: '#009E73',
  operator: '#555555',
};

export const PARTY_LABEL: Record<Party, string> = {
  client: 'Client',
  mssp: 'MSSP',
  third_party: 'Third party',
  operator: 'Operator',
};

/** Each party has a shape and a fill pattern too, so that nothing rests on colour alone. */
export function partyMark(party: Party, x: number, y: number, r: number, hollow = false): SafeHtml {
  const colour = PARTY_COLOUR[party];
  const paint = hollow
    ? `fill="#fff" stroke="${colour}" stroke-width="2"`
    : `fill="${colour}" stroke="#000" stroke-width="0.75"`;
  switch (party) {
    case 'client':
      return raw(`<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" ${paint}/>`);
    case 'mssp':
      return raw(
        `<rect x="${num(x - r)}" y="${num(y - r)}" width="${num(2 * r)}" height="${num(2 * r)}" ${paint}/>`,
      );
    case 'third_party':
      return raw(
        `<polygon points="${num(x)},${num(y - r * 1.2)} ${num(x + r * 1.1)},${num(y + r * 0.9)} ${num(x - r * 1.1)},${num(y + r * 0.9)}" ${paint}/>`,
      );
    case 'operator':
      return raw(
        `<polygon points="${num(x)},${num(y - r * 1.2)} ${num(x + r * 1.2)},${num(y)} ${num(x)},${num(y + r * 1.2)} ${num(x - r * 1.2)},${num(y)}" ${paint}/>`,
      );
  }
}

/** Fill patterns per party (and one for "late"), with ids unique to one chart. */
function patterns(prefix: string): SafeHtml {
  const hatch = (id: string, colour: string, angle: number, gap = 6): string =>
    `<pattern id="${prefix}-${id}" width="${gap}" height="${gap}" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><rect width="${gap}" height="${gap}" fill="${colour}" fill-opacity="0.25"/><line x1="0" y1="0" x2="0" y2="${gap}" stroke="${colour}" stroke-width="2"/></pattern>`;
  return raw(
    `<defs>${hatch('client', PARTY_COLOUR.client, 0, 8)}${hatch('mssp', PARTY_COLOUR.mssp, 45)}${hatch('third_party', PARTY_COLOUR.third_party, -45)}${hatch('operator', PARTY_COLOUR.operator, 90)}${hatch('late', '#000000', 45, 5)}</defs>`,
  );
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function dateLabel(ms: number, span: number): string {
  const iso = new Date(ms).toISOString();
  return span < 3 * DAY ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

interface Scale {
  x(ms: number): number;
  ticks: SafeHtml;
}

function timeScale(
  from: number,
  to: number,
  left: number,
  right: number,
  top: number,
  bottom: number,
): Scale {
  const span = Math.max(to - from, MINUTE);
  const x = (ms: number): number => left + ((ms - from) / span) * (right - left);
  const ticks: SafeHtml[] = [];
  const count = 6;
  for (let i = 0; i <= count; i++) {
    const t = from + (span * i) / count;
    ticks.push(
      html`<line
          x1="${num(x(t))}"
          x2="${num(x(t))}"
          y1="${num(top)}"
          y2="${num(bottom)}"
          class="grid"
        /><text
          x="${num(x(t))}"
          y="${num(bottom + 16)}"
          text-anchor="${i === 0 ? 'start' : i === count ? 'end' : 'middle'}"
          class="tick"
          >${dateLabel(t, span)}</text
        >`,
    );
  }
  return { x, ticks: html`${ticks}` };
}

/** The domain of a chart: the extremes of its times, padded so that marks do not sit on edges. */
function domain(times: readonly number[]): { from: number; to: number } {
  const finite = times.filter(Number.isFinite);
  let from = Math.min(...finite);
  let to = Math.max(...finite);
  if (!Number.isFinite(from)) from = to = 0;
  const pad = Math.max((to - from) * 0.03, 30 * MINUTE);
  return { from: from - pad, to: to + pad };
}

const BREAK_WIDTH = 26;
const MAX_CLUSTERS = 6;

/**
 * Splits sorted times into clusters at long empty stretches, the longest first: a gap is cut when
 * it is over half a day and over 30 % of its cluster's span, and never inside an SLA window.
 */
function clustersOf(
  sorted: readonly number[],
  windows: readonly { start: number; due: number }[],
): { from: number; to: number }[] {
  const groups: number[][] = [[...sorted]];
  const cuttable = (a: number, b: number): boolean =>
    !windows.some((w) => w.start <= a && w.due >= b);
  while (groups.length < MAX_CLUSTERS) {
    let best: { group: number; at: number; gap: number } | undefined;
    groups.forEach((g, gi) => {
      const span = g.at(-1)! - g[0]!;
      for (let i = 1; i < g.length; i++) {
        const gap = g[i]! - g[i - 1]!;
        if (
          gap > DAY / 2 &&
          gap > span * 0.3 &&
          cuttable(g[i - 1]!, g[i]!) &&
          gap > (best?.gap ?? 0)
        )
          best = { group: gi, at: i, gap };
      }
    });
    if (!best) break;
    const g = groups[best.group]!;
    groups.splice(best.group, 1, g.slice(0, best.at), g.slice(best.at));
  }
  return groups.map((g) => ({ from: g[0]!, to: g.at(-1)! }));
}

/**
 * A time axis that leaves out long stretches with nothing on them, so that an incident's hours
 * are not squeezed against years of monthly reports. Each stretch left out is drawn as a break
 * and named in its tooltip.
 */
function brokenScale(
  times: readonly number[],
  windows: readonly { start: number; due: number }[],
  left: number,
  right: number,
  top: number,
  bottom: number,
): Scale & { from: number; to: number } {
  const sorted = [...new Set(times.filter(Number.isFinite))].sort((a, b) => a - b);
  if (sorted.length === 0) sorted.push(0);
  const clusters = clustersOf(sorted, windows);
  for (const c of clusters) {
    const pad = Math.max((c.to - c.from) * 0.06, 30 * MINUTE);
    c.from -= pad;
    c.to += pad;
  }
  // Room goes where things happen: each stretch's width grows with the times marked in it.
  const weights = clusters.map((c) => 1 + sorted.filter((t) => t >= c.from && t <= c.to).length);
  const usable = right - left - BREAK_WIDTH * (clusters.length - 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const knots: { t: number; x: number }[] = [];
  let x0 = left;
  clusters.forEach((c, i) => {
    const width = (weights[i]! / total) * usable;
    knots.push({ t: c.from, x: x0 }, { t: c.to, x: x0 + width });
    x0 += width + BREAK_WIDTH;
  });
  const x = (ms: number): number => {
    if (ms <= knots[0]!.t) return knots[0]!.x;
    for (let i = 1; i < knots.length; i++) {
      const a = knots[i - 1]!;
      const b = knots[i]!;
      if (ms <= b.t) return a.x + ((ms - a.t) / Math.max(b.t - a.t, 1)) * (b.x - a.x);
    }
    return knots.at(-1)!.x;
  };
  const marks: SafeHtml[] = [];
  clusters.forEach((c, i) => {
    const width = x(c.to) - x(c.from);
    const count = Math.floor(width / 170);
    const steps = count === 0 ? [0.5] : Array.from({ length: count + 1 }, (_, k) => k / count);
    for (const k of steps) {
      const t = c.from + (c.to - c.from) * k;
      const anchor = count === 0 ? 'middle' : k === 0 ? 'start' : k === 1 ? 'end' : 'middle';
      marks.push(
        html`<line
            x1="${num(x(t))}"
            x2="${num(x(t))}"
            y1="${num(top)}"
            y2="${num(bottom)}"
            class="grid"
          /><text x="${num(x(t))}" y="${num(bottom + 16)}" text-anchor="${anchor}" class="tick"
            >${dateLabel(t, c.to - c.from)}</text
          >`,
      );
    }
    const next = clusters[i + 1];
    if (next) {
      const bx = x(c.to) + BREAK_WIDTH / 2;
      const omitted = Math.round((next.from - c.to) / DAY);
      marks.push(
        html`<g class="axis-break"
          ><title>${`${omitted} days with nothing to show are left out here`}</title
          ><rect
            x="${num(bx - BREAK_WIDTH / 2 + 3)}"
            y="${num(top)}"
            width="${BREAK_WIDTH - 6}"
            height="${num(bottom - top)}"
            fill="#fff"
          /><path
            d="M${num(bx - 5)},${num(top)} l10,${num((bottom - top) / 2)} l-10,${num(
              (bottom - top) / 2,
            )}"
            class="break-line"
          /><text x="${num(bx)}" y="${num(bottom + 16)}" text-anchor="middle" class="tick"
            >≈</text
          ></g
        >`,
      );
    }
  });
  return { x, ticks: html`${marks}`, from: clusters[0]!.from, to: clusters.at(-1)!.to };
}

const LANES: readonly Party[] = ['client', 'mssp', 'third_party', 'operator'];

/**
 * One lane per party; each event a mark at its effective time (a link to its row of the table);
 * each finding's SLA window shaded in the obliged party's lane from its trigger (its first
 * evidence) to its deadline, and hatched past the deadline until it was met (or until asOf);
 * late-recorded events drawn hollow at the time they claim, joined to where they count.
 */
export function timelineChart(
  events: readonly TimelineEntry[],
  verdict: Verdict,
  caption: string,
): SafeHtml {
  const asOf = Date.parse(verdict.asOf);
  const windows = verdict.findings.map((f) => {
    const due = Date.parse(f.dueAt);
    const starts = f.evidence.map((e) => Date.parse(e.effectiveAt)).filter((t) => t <= due);
    return {
      finding: f,
      start: starts.length > 0 ? Math.min(...starts) : due,
      due,
      end: f.satisfiedAt === null ? asOf : Date.parse(f.satisfiedAt),
    };
  });
  const lanes = LANES.filter(
    (p) => events.some((e) => e.party === p) || verdict.findings.some((f) => f.party === p),
  );
  const times = [
    ...events.flatMap((e) => [Date.parse(e.effectiveAt), Date.parse(e.occurredAt)]),
    ...windows.flatMap((w) => [w.start, w.due, ...(w.finding.satisfiedAt === null ? [] : [w.end])]),
  ];
  const laneHeight = 56;
  const top = 10;
  const left = 110;
  const right = 985;
  const bottom = top + laneHeight * Math.max(lanes.length, 1);
  const scale = brokenScale(times, windows, left, right, top, bottom);
  const { from, to } = scale;
  const laneY = (p: Party): number => top + laneHeight * lanes.indexOf(p) + laneHeight / 2;
  const clamp = (ms: number): number => Math.min(Math.max(ms, from), to);

  const laneBands = lanes.map(
    (p, i) =>
      html`<rect
          x="${left}"
          y="${num(top + laneHeight * i)}"
          width="${right - left}"
          height="${laneHeight}"
          class="${i % 2 ? 'lane odd' : 'lane'}"
        /><text x="${left - 8}" y="${num(laneY(p) + 4)}" text-anchor="end" class="lane-label"
          >${PARTY_LABEL[p]}</text
        >`,
  );
  const shaded = windows.map((w, i) => {
    const y = laneY(w.finding.party) - laneHeight / 2 + 6;
    const h = laneHeight - 12;
    const window =
      w.due > w.start
        ? html`<rect
            x="${num(scale.x(clamp(w.start)))}"
            y="${num(y)}"
            width="${num(Math.max(scale.x(clamp(w.due)) - scale.x(clamp(w.start)), 1))}"
            height="${h}"
            fill="url(#tl-${w.finding.party})"
            class="window"
            ><title>
              ${`SLA window of finding ${i + 1} (${w.finding.code}): from ${w.finding.evidence[0]?.effectiveAt ?? w.finding.dueAt} to the deadline ${w.finding.dueAt}`}
            </title></rect
          >`
        : null;
    const late =
      w.end > w.due
        ? html`<rect
            x="${num(scale.x(clamp(w.due)))}"
            y="${num(y + h / 4)}"
            width="${num(Math.max(scale.x(clamp(w.end)) - scale.x(clamp(w.due)), 1))}"
            height="${num(h / 2)}"
            fill="url(#tl-late)"
            stroke="#000"
            stroke-width="0.5"
            class="overdue"
            ><title>
              ${`Finding ${i + 1} (${w.finding.code}): past its deadline ${w.finding.dueAt}${w.finding.satisfiedAt ? ` until met at ${w.finding.satisfiedAt}` : ', never met'}`}
            </title></rect
          >`
        : null;
    const deadline = html`<line
      x1="${num(scale.x(clamp(w.due)))}"
      x2="${num(scale.x(clamp(w.due)))}"
      y1="${num(y - 3)}"
      y2="${num(y + h + 3)}"
      class="deadline"
    />`;
    return html`${window}${late}${deadline}`;
  });
  const marks = events.map((e) => {
    const x = scale.x(Date.parse(e.effectiveAt));
    const y = laneY(e.party);
    const evidence = e.findings.length > 0;
    const claimed = e.lateRecorded
      ? html`<line
            x1="${num(scale.x(Date.parse(e.occurredAt)))}"
            x2="${num(x)}"
            y1="${num(y - 14)}"
            y2="${num(y - 14)}"
            class="late-link"
          />${partyMark(e.party, scale.x(Date.parse(e.occurredAt)), y - 14, 5, true)}<text
            x="${num(x + 8)}"
            y="${num(y - 10)}"
            class="late-label"
            >late</text
          >`
      : null;
    const title = `#${e.position} ${e.type} (${PARTY_LABEL[e.party]}, ${e.actor}) at ${e.effectiveAt}${e.lateRecorded ? `; recorded late: claims ${e.occurredAt}, recorded ${e.recordedAt}` : ''}${evidence ? `; evidence of ${e.findings.join(', ')}` : ''}: ${e.description}`;
    return html`<a href="#ev-${e.id}" class="${evidence ? 'mark evidence' : 'mark'}"
      ><title>${title}</title>${claimed}${evidence
        ? raw(`<circle cx="${num(x)}" cy="${num(y)}" r="11" class="halo"/>`)
        : null}${partyMark(e.party, x, y, evidence ? 7 : 5)}</a
    >`;
  });
  const height = bottom + 26;
  const description = `${events.length} events from ${new Date(from).toISOString().slice(0, 10)} to ${new Date(to).toISOString().slice(0, 10)} in ${lanes.length} lanes (${lanes.map((p) => PARTY_LABEL[p]).join(', ')}); ${windows.length} findings with their SLA windows shaded and time past the deadline hatched. The table below lists every event.`;
  return html`<svg
    class="chart timeline-chart"
    viewBox="0 0 1000 ${height}"
    role="img"
    aria-labelledby="tl-title tl-desc"
    preserveAspectRatio="xMinYMin meet"
  >
    <title id="tl-title">${caption}</title>
    <desc id="tl-desc">${description}</desc>
    ${patterns('tl')}${laneBands}${shaded}${scale.ticks}${marks}
  </svg>`;
}

/**
 * Observed endpoints + servers (from each coverage report) against the contracted number and the
 * SLA's minimum share of it, with the shortfall shaded over each coverage finding's interval.
 */
export function coverageChart(series: CoverageSeries, asOf: number, index: number): SafeHtml {
  const prefix = `cv${index}`;
  const end = Math.max(asOf, ...series.reports.map((r) => r.at));
  const { from, to } = domain([
    ...series.reports.map((r) => r.at),
    ...series.contracted.map((c) => c.at),
    ...series.gaps.flatMap((g) => [g.from, g.to ?? end]),
  ]);
  const max =
    Math.max(
      1,
      ...series.reports.map((r) => r.observed),
      ...series.contracted.map((c) => c.assets),
    ) * 1.1;
  const top = 10;
  const bottom = 230;
  const left = 60;
  const right = 985;
  const scale = timeScale(from, to, left, right, top, bottom);
  const y = (v: number): number => bottom - (v / max) * (bottom - top);
  const stepAt = <T extends { at: number }>(points: readonly T[], t: number): T | undefined =>
    [...points].reverse().find((p) => p.at <= t);
  const step = (points: readonly { at: number; v: number }[]): string => {
    let d = '';
    points.forEach((p, i) => {
      const next = points[i + 1]?.at ?? to;
      d += `${i === 0 ? 'M' : 'L'}${num(scale.x(Math.max(p.at, from)))},${num(y(p.v))} L${num(scale.x(next))},${num(y(p.v))} `;
    });
    return d.trim();
  };
  const contracted = step(series.contracted.map((c) => ({ at: c.at, v: c.assets })));
  const minimum = step(series.contracted.map((c) => ({ at: c.at, v: c.minimum })));
  const observed = step(series.reports.map((r) => ({ at: r.at, v: r.observed })));
  // The shortfall between the contracted and the observed step, segment by segment of each gap.
  const shading = series.gaps.flatMap((gap) => {
    const gapEnd = gap.to ?? end;
    const cuts = [
      gap.from,
      ...series.reports.map((r) => r.at),
      ...series.contracted.map((c) => c.at),
      gapEnd,
    ]
      .filter((t) => t >= gap.from && t <= gapEnd)
      .sort((a, b) => a - b);
    return cuts.slice(0, -1).map((t, i) => {
      const upper = stepAt(series.contracted, t)?.assets ?? 0;
      const lower = stepAt(series.reports, t)?.observed ?? 0;
      if (lower >= upper) return null;
      return html`<rect
        x="${num(scale.x(t))}"
        y="${num(y(upper))}"
        width="${num(Math.max(scale.x(cuts[i + 1]!) - scale.x(t), 0.5))}"
        height="${num(y(lower) - y(upper))}"
        fill="url(#${prefix}-mssp)"
        class="gap"
        ><title>${`${gap.code}: ${lower} of ${upper} contracted assets seen`}</title></rect
      >`;
    });
  });
  const dots = series.reports.map(
    (r) =>
      html`<a href="#ev-${r.eventId}"
        ><title>
          ${`coverage report at ${new Date(r.at).toISOString()}: ${r.observed} assets seen`}</title
        ><circle cx="${num(scale.x(r.at))}" cy="${num(y(r.observed))}" r="3.5" class="observed-dot"
      /></a>`,
  );
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = Math.round((max / 1.1) * f);
    return html`<text x="${left - 6}" y="${num(y(v) + 4)}" text-anchor="end" class="tick">${v}</text
      ><line x1="${left}" x2="${right}" y1="${num(y(v))}" y2="${num(y(v))}" class="grid" />`;
  });
  const name = series.sensorId ? `sensor ${series.sensorId}` : 'the engagement';
  const last = series.contracted.at(-1);
  const description = `Assets seen by ${name} in ${series.reports.length} coverage reports (solid line with dots) against ${last?.assets ?? 0} contracted (thick line) and the SLA minimum of ${num(last?.minimum ?? 0)} (dashed); the shortfall during each coverage finding is hatched.`;
  return html`<svg
    class="chart coverage-chart"
    viewBox="0 0 1000 ${bottom + 26}"
    role="img"
    aria-labelledby="${prefix}-title ${prefix}-desc"
  >
    <title id="${prefix}-title">${`Coverage of ${name}: observed against contracted`}</title>
    <desc id="${prefix}-desc">${description}</desc>
    ${patterns(prefix)}${yTicks}${scale.ticks}${shading}
    <path d="${contracted}" class="contracted" />
    <path d="${minimum}" class="minimum" />
    <path d="${observed}" class="observed" />
    ${dots}
  </svg>`;
}

/** One bar per party, its length the party's weight; pattern and label as well as colour. */
export function partyBars(verdict: Verdict): SafeHtml {
  const parties = ['client', 'mssp', 'third_party'] as const;
  const max = Math.max(1, ...parties.map((p) => verdict.parties[p].weight));
  const rows = parties.map((p, i) => {
    const tally = verdict.parties[p];
    const y = 8 + i * 34;
    const width = (tally.weight / max) * 560;
    return html`<text x="120" y="${y + 17}" text-anchor="end" class="lane-label"
        >${PARTY_LABEL[p]}</text
      ><rect
        x="130"
        y="${y}"
        width="${num(Math.max(width, 1))}"
        height="24"
        fill="url(#bars-${p})"
        stroke="${PARTY_COLOUR[p]}"
        stroke-width="1.5"
      /><text x="${num(140 + Math.max(width, 1))}" y="${y + 17}" class="bar-value"
        >${`weight ${tally.weight} (${tally.findings} ${tally.findings === 1 ? 'finding' : 'findings'})${verdict.primary === p ? ' — primary' : ''}`}</text
      >`;
  });
  const text = parties
    .map(
      (p) =>
        `${PARTY_LABEL[p]}: weight ${verdict.parties[p].weight}, ${verdict.parties[p].findings} findings`,
    )
    .join('; ');
  return html`<svg
    class="chart bars"
    viewBox="0 0 1000 112"
    role="img"
    aria-labelledby="bars-title bars-desc"
  >
    <title id="bars-title">Weight of findings per party</title>
    <desc id="bars-desc">${text}</desc>
    ${patterns('bars')}${rows}
  </svg>`;
}
