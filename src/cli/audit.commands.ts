import { type OnusConfig } from '@onus/config';
import { normaliseTimestamp, type Timeline, type Verdict } from '@onus/domain';
import { openEventStore } from '@onus/event-store';
import { AuditQueries, LogScanSource, NotFoundError } from '@onus/ledger';
import { UsageError } from './import.command';
import { EXIT } from './exit-codes';

export interface AuditOptions {
  engagement?: string;
  incident?: string;
  asOf?: string;
  json?: boolean;
}

function parseOptions(options: AuditOptions): {
  engagementId: string;
  incidentId?: string;
  asOf?: number;
} {
  if (!options.engagement) throw new UsageError('--engagement is required');
  let asOf: number | undefined;
  if (options.asOf !== undefined) {
    const normalised = normaliseTimestamp(options.asOf);
    if (!normalised)
      throw new UsageError(
        `--as-of: "${options.asOf}" is not an ISO-8601 timestamp with a time zone`,
      );
    asOf = Date.parse(normalised);
  }
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
  for (const entry of timeline.events) {
    lines.push(
      `${entry.effectiveAt}  #${entry.position}  ${entry.party.padEnd(11)} ${entry.actor}  ${entry.type}`,
      `    ${entry.description}`,
    );
    if (entry.lateRecorded)
      lines.push(`    RECORDED LATE: claims ${entry.occurredAt}, recorded ${entry.recordedAt}`);
    if (entry.findings.length > 0) lines.push(`    evidence of: ${entry.findings.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
