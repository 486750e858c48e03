import { type OnusConfig } from '@onus/config';
import { normaliseTimestamp, type Scorecard, type Timeline, type Verdict } from '@onus/domain';
import { openEventStore } from '@onus/event-store';
import { AuditQueries, LogScanSource, NotFoundError } from '@onus/ledger';
import { UsageError } from './import.command';
import { EXIT } from './exit-codes';

export interface AuditOptions {
  engagement?: string;
  incident?: string;
  asOf?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

function timeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const normalised = normaliseTimestamp(value);
  if (!normalised)
    throw new UsageError(`${name}: "${value}" is not an ISO-8601 timestamp with a time zone`);
  return Date.parse(normalised);
}

export function parseOptions(options: AuditOptions): {
  engagementId: string;
  incidentId?: string;
  asOf?: number;
} {
  if (!options.engagement) throw new UsageError('--engagement is required');
  const asOf = timeOption('--as-of', options.asOf);
  return {
    engagementId: options.engagement,
    ...(options.incident ? { incidentId: options.incident } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
  };
}

async function withQueries<T>(
  config: OnusConfig,
  run: (queries: AuditQueries) => Promise<T>,
): Promise<T> {
  const store = openEventStore(config.store);
  try {
    return await run(new AuditQueries(new LogScanSource(store), () => Date.now()));
  } finally {
    await store.close();
  }
}

/** `onus verdict`: who was responsible (responsibility.md). */
export async function verdictCommand(config: OnusConfig, options: AuditOptions): Promise<number> {
  const { engagementId, ...query } = parseOptions(options);
  try {
    const verdict = await withQueries(config, (queries) => queries.verdict(engagementId, query));
    process.stdout.write(
      options.json ? `${JSON.stringify(verdict, null, 2)}\n` : formatVerdict(verdict),
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof NotFoundError) throw new UsageError(error.message);
    throw error;
  }
}

/** `onus timeline`: events in effective-time order, with who did what. */
export async function timelineCommand(config: OnusConfig, options: AuditOptions): Promise<number> {
  const { engagementId, ...query } = parseOptions(options);
  try {
    const timeline = await withQueries(config, (queries) => queries.timeline(engagementId, query));
    process.stdout.write(
      options.json ? `${JSON.stringify(timeline, null, 2)}\n` : formatTimeline(timeline),
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof NotFoundError) throw new UsageError(error.message);
    throw error;
  }
}

/** `onus scorecard`: the vendor-assessment figures of interfaces.md. */
export async function scorecardCommand(config: OnusConfig, options: AuditOptions): Promise<number> {
  if (!options.engagement) throw new UsageError('--engagement is required');
  const engagementId = options.engagement;
  const from = timeOption('--from', options.from);
  const to = timeOption('--to', options.to);
  if (from !== undefined && to !== undefined && from > to)
    throw new UsageError('--from must not be after --to');
  try {
    const card = await withQueries(config, (queries) =>
      queries.scorecard(engagementId, {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      }),
    );
    process.stdout.write(
      options.json ? `${JSON.stringify(card, null, 2)}\n` : formatScorecard(card),
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof NotFoundError) throw new UsageError(error.message);
    throw error;
  }
}

export function formatScorecard(card: Scorecard): string {
  const show = (value: number | null, unit = ''): string =>
    value === null ? '—' : `${value.toFixed(1)}${unit}`;
  const lines = [
    `Scorecard of engagement ${card.engagementId}, ${card.from} to ${card.to} (rules ${card.rulesVersion})`,
    '',
    'MSSP',
    '  alerts      count  ack within SLA  median min  p90 min  notified within SLA',
  ];
  for (const [severity, a] of Object.entries(card.mssp.alerts)) {
    lines.push(
      `  ${severity.padEnd(10)} ${String(a.count).padStart(6)}  ${show(a.acknowledgedWithinSlaPct, '%').padStart(14)}  ${show(a.minutesToAcknowledge.median).padStart(10)}  ${show(a.minutesToAcknowledge.p90).padStart(7)}  ${show(a.notifiedWithinSlaPct, '%').padStart(19)}`,
    );
  }
  const r = card.mssp.requests;
  const c = card.mssp.coverage;
  lines.push(
    `  requests: ${r.count}, answered within SLA ${show(r.answeredWithinSlaPct, '%')}, declined ${r.declined} (wrongly ${r.wronglyDeclined}), abandoned ${r.abandoned}`,
    `  coverage: time-weighted ratio ${c.timeWeightedRatio === null ? '—' : c.timeWeightedRatio.toFixed(3)}, gap days ${c.gapDays.toFixed(1)}, of which unreported ${c.gapDaysUnreported.toFixed(1)}`,
    `  recommendations issued: ${card.mssp.recommendationsIssued}`,
    '',
    'Client',
    `  tests conducted ${card.client.tests.conducted}, announced on time ${show(card.client.tests.announcedOnTimePct, '%')}, unannounced ${card.client.tests.unannounced}`,
    `  notifications acknowledged within SLA ${show(card.client.notificationsAcknowledgedWithinSlaPct, '%')}`,
    `  recommendations: completed ${card.client.recommendations.completed}, overdue ${card.client.recommendations.overdue}, declined ${card.client.recommendations.declined}, risk accepted ${card.client.recommendations.riskAccepted}`,
    '',
    card.fee
      ? `Fee: ${card.fee.paidOverPeriod} ${card.fee.currency} over the period (${card.fee.amount} per ${card.fee.period})`
      : 'Fee: not recorded',
    `Findings: MSSP ${card.findings.mssp.count} (weight ${card.findings.mssp.weight}), client ${card.findings.client.count} (weight ${card.findings.client.weight}), third party ${card.findings.third_party.count} (weight ${card.findings.third_party.weight})`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatVerdict(verdict: Verdict): string {
  const lines = [
    `Verdict for engagement ${verdict.engagementId}${verdict.incidentId ? `, incident ${verdict.incidentId}` : ''}, as of ${verdict.asOf} (rules ${verdict.rulesVersion})`,
    `Primary responsibility: ${verdict.primary}`,
    '',
    '  party         findings  weight',
    ...(['client', 'mssp', 'third_party'] as const).map(
      (party) =>
        `  ${party.padEnd(12)} ${String(verdict.parties[party].findings).padStart(9)} ${String(verdict.parties[party].weight).padStart(7)}`,
    ),
    '',
  ];
  if (verdict.findings.length === 0) lines.push('No findings.');
  verdict.findings.forEach((finding, index) => {
    lines.push(
      `${index + 1}. ${finding.code}  ${finding.party}  weight ${finding.weight}${finding.causal ? '  CAUSAL' : ''}  ${finding.subject.kind} ${finding.subject.id}`,
      `   ${finding.summary}`,
      `   due ${finding.dueAt}${finding.satisfiedAt ? `, met ${finding.satisfiedAt} (${finding.lateByMinutes} min late)` : ', not met'}`,
      `   evidence: ${finding.evidence.map((e) => `#${e.position} ${e.type}${e.lateRecorded ? ' (recorded late)' : ''}`).join(', ')}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

export function formatTimeline(timeline: Timeline): string {
  const lines = [
    `Timeline of engagement ${timeline.engagementId}${timeline.incidentId ? `, incident ${timeline.incidentId}` : ''}, as of ${timeline.asOf}`,
    '',
  ];
  // Positions padded to the widest, so that the columns after them line up.
  const width = Math.max(0, ...timeline.events.map((entry) => String(entry.position).length));
  for (const entry of timeline.events) {
    lines.push(
      `${entry.effectiveAt}  ${`#${entry.position}`.padEnd(width + 1)}  ${entry.party.padEnd(11)} ${entry.actor}  ${entry.type}`,
      `    ${entry.description}`,
    );
    if (entry.lateRecorded)
      lines.push(`    RECORDED LATE: claims ${entry.occurredAt}, recorded ${entry.recordedAt}`);
    if (entry.findings.length > 0) lines.push(`    evidence of: ${entry.findings.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
