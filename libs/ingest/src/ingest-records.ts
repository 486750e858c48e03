import { type LedgerEvent, streamName } from '@onus/domain';
import { type EventStore } from '@onus/event-store';
import {
  type BatchCounts,
  type Caller,
  invalidEvent,
  type LineError,
  type NumberedItem,
  parseJsonLine,
  recordInBatches,
  type Recorder,
  toLedgerEvent,
  validateIncoming,
} from '@onus/ledger';
import { type SourceRecord } from './json-records';
import { SeverityTables, type SeverityMapProblem } from './severity';
import { type IngestSource } from './sources';
import { toAlertRaised } from './to-alert-raised';

/** Ingested alerts are the MSSP's: recorded as any MSSP recorder's events are. */
export const MSSP_RECORDER: Caller = { kind: 'recorder', party: 'mssp' };

export interface IngestSummary extends BatchCounts {
  /** Records read (blank lines aside). */
  records: number;
  skipped: number;
  skippedByType: Record<string, number>;
}

/** The summary as the CLI and the HTTP answer give it. */
export function reportOf(summary: IngestSummary) {
  return {
    records: summary.records,
    appended: summary.appended,
    duplicates: summary.alreadyPresent,
    skipped: summary.skipped,
    skippedByType: summary.skippedByType,
    rejected: summary.failed,
  };
}

/** What became of one record. */
export type IngestResult =
  | {
      readonly line: number;
      readonly outcome: 'appended' | 'duplicate';
      readonly alertId: string;
      readonly eventId: string;
      readonly position: number;
    }
  | { readonly line: number; readonly outcome: 'skipped'; readonly type: string }
  | ({ readonly outcome: 'rejected' } & LineError);

/** The engagement cannot take ingested alerts: unknown, or its severity map is wrong. */
export class IngestSetupError extends Error {
  override readonly name = 'IngestSetupError';
  constructor(
    readonly status: 404 | 409,
    readonly rule: 'ENGAGEMENT_UNKNOWN' | 'SEVERITY_MAP_INVALID',
    message: string,
    readonly details: readonly SeverityMapProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * The severity tables of an engagement, read from its terms; refuses an engagement never
 * contracted (there is nothing to record into) or one whose severity map is wrong.
 */
export async function severityTablesOf(
  store: EventStore,
  engagementId: string,
): Promise<SeverityTables> {
  const events: LedgerEvent[] = [];
  for await (const stored of store.readStream(
    streamName(engagementId, { kind: 'engagement', id: '' }),
  ))
    events.push(toLedgerEvent(stored));
  if (!events.some((e) => e.type === 'EngagementContracted'))
    throw new IngestSetupError(
      404,
      'ENGAGEMENT_UNKNOWN',
      `engagement ${engagementId} is not in the ledger`,
    );
  const tables = SeverityTables.fromEngagement(events);
  if (!tables.ok)
    throw new IngestSetupError(
      409,
      'SEVERITY_MAP_INVALID',
      `engagement ${engagementId}: its severity map is invalid: ${tables.problems.map((p) => `${p.path} ${p.reason}`).join('; ')}`,
      tables.problems,
    );
  return tables.tables;
}

export interface IngestOptions {
  readonly source: IngestSource;
  readonly engagementId: string;
  readonly severities: SeverityTables;
  readonly batchSize?: number;
  readonly onResult?: (result: IngestResult) => void;
  readonly onProgress?: (summary: Readonly<IngestSummary>) => void;
}

/**
 * Records a source's records as the MSSP's `AlertRaised` events: each mapped, validated like any
 * incoming envelope and recorded through the Recorder (rules, hash chain) in batches. A record
 * is all or nothing; the rest go in.
 */
export async function ingestRecords(
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  recorder: Recorder,
  options: IngestOptions,
): Promise<IngestSummary> {
  const { source, engagementId, severities, onResult } = options;
  const summary: IngestSummary = {
    records: 0,
    appended: 0,
    alreadyPresent: 0,
    failed: 0,
    skipped: 0,
    skippedByType: {},
  };
  async function* events(): AsyncIterable<NumberedItem> {
    for await (const record of records) {
      summary.records++;
      const { line } = record;
      if ('error' in record) {
        yield {
          line,
          error: { line, status: 400, rule: 'INVALID_JSON', message: record.error, details: [] },
        };
        continue;
      }
      const parsed = 'value' in record ? record : parseJsonLine(record.text, line);
      if ('error' in parsed) {
        yield { line, error: { ...parsed.error, rule: 'INVALID_JSON' } };
        continue;
      }
      const mapped = toAlertRaised(source, parsed.value, engagementId, severities);
      if (mapped.kind === 'skipped') {
        summary.skipped++;
        summary.skippedByType[mapped.type] = (summary.skippedByType[mapped.type] ?? 0) + 1;
        onResult?.({ line, outcome: 'skipped', type: mapped.type });
        continue;
      }
      if (mapped.kind === 'rejected') {
        const where = mapped.field === '' ? 'the record' : mapped.field;
        yield {
          line,
          error: {
            line,
            status: 400,
            rule: mapped.rule,
            message: `${where}: ${mapped.reason}`,
            details: [{ path: mapped.field, reason: mapped.reason }],
          },
        };
        continue;
      }
      const checked = validateIncoming(mapped.envelope);
      yield checked.ok
        ? { line, event: checked.event }
        : { line, error: invalidEvent(line, checked.errors) };
    }
  }
  await recordInBatches(events(), recorder, summary, {
    caller: MSSP_RECORDER,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    onError: (error) => onResult?.({ outcome: 'rejected', ...error }),
    onRecorded: (line, event, appended) =>
      onResult?.({
        line,
        outcome: appended ? 'appended' : 'duplicate',
        alertId: (event.data as { alertId: string }).alertId,
        eventId: event.id,
        position: event.position,
      }),
    onBatch: () => options.onProgress?.(summary),
  });
  return summary;
}
