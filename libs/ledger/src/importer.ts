import { describeFieldError, type LedgerEvent } from '@onus/domain';
import { type FieldProblem, RecordingError } from './recording.errors';
import { type Caller, type EachOutcome, type IncomingEvent, type Recorder } from './recorder';

export interface LineError {
  readonly line: number;
  readonly status: number;
  readonly rule: string;
  readonly message: string;
  readonly details: readonly FieldProblem[];
}

/** What became of the records handed to `recordInBatches`. */
export interface BatchCounts {
  appended: number;
  alreadyPresent: number;
  failed: number;
}

export interface ImportSummary extends BatchCounts {
  lines: number;
}

/** One input record, numbered by its line: an event to record, or why it cannot be one. */
export type NumberedItem =
  | { readonly line: number; readonly event: IncomingEvent }
  | { readonly line: number; readonly error: LineError };

export interface RecordInBatchesOptions {
  readonly caller: Caller;
  /** Events recorded per call, one commit each; a refused event is left out, the others kept. */
  readonly batchSize?: number;
  readonly onError?: (error: LineError) => void;
  /** Each event recorded, in input order: `appended` is false when it was already stored. */
  readonly onRecorded?: (line: number, event: LedgerEvent, appended: boolean) => void;
  /** After each batch is recorded. */
  readonly onBatch?: () => void;
}

/**
 * Records a stream of numbered events in batches: each event is all or nothing, good ones are
 * kept, one already in the ledger is a no-op, a refused one is reported by its line. Memory
 * stays flat for any length of stream. `counts` is updated as it goes (callers pass their own
 * summary, which may carry more).
 */
export async function recordInBatches(
  items: AsyncIterable<NumberedItem>,
  recorder: Recorder,
  counts: BatchCounts,
  options: RecordInBatchesOptions,
): Promise<void> {
  // Each batch is one durable commit (an fsync of the log, about 5 ms here); 5,000 lines make
  // that a small share, and the batch in flight stays a few megabytes whatever the file's size.
  const batchSize = options.batchSize ?? 5000;
  const caller = options.caller;
  let batch: { line: number; event: IncomingEvent }[] = [];
  // Ids in the batch: a second event with one of them waits for the next batch, so that it is
  // found stored (an idempotent repeat) instead of contradicting its twin in the same call.
  let ids = new Set<string>();

  // The refusals of the lines since the last flush, reported with it in line order: a line the
  // validator refused would otherwise be told before an earlier line the ledger refuses.
  let refused: LineError[] = [];
  const fail = (error: LineError): void => {
    refused.push(error);
  };
  const tell = (): void => {
    const errors = refused.sort((a, b) => a.line - b.line);
    refused = [];
    for (const error of errors) {
      counts.failed++;
      options.onError?.(error);
    }
  };

  const flush = async (): Promise<void> => {
    try {
      await recordBatch();
    } finally {
      tell();
    }
  };

  const recordBatch = async (): Promise<void> => {
    let rest = batch;
    batch = [];
    ids = new Set();
    while (rest.length > 0) {
      try {
        // The recorder leaves out each event it refuses, in one pass over the batch.
        report(
          rest,
          await recorder.recordEach(
            rest.map((p) => p.event),
            caller,
          ),
        );
        return;
      } catch (error) {
        // What the decisions could not see (another writer broke an expectedRevision between the
        // read and the append) refuses the whole call.
        if (!(error instanceof RecordingError)) throw error;
        const index = rest.length === 1 ? 0 : failingIndex(error);
        if (index === undefined) {
          // The refusal does not say which event: find it one by one, keeping the good ones.
          for (const item of rest) {
            try {
              report([item], await recorder.recordEach([item.event], caller));
            } catch (itemError) {
              recordAlone(item, itemError);
            }
          }
          return;
        }
        // Report that event and record the others again, in order, without it.
        recordAlone(rest[index]!, error);
        rest = [...rest.slice(0, index), ...rest.slice(index + 1)];
      }
    }
  };

  const report = (items: readonly { line: number }[], outcomes: readonly EachOutcome[]): void => {
    outcomes.forEach((outcome, i) => {
      const line = items[i]!.line;
      if ('refused' in outcome) return recordAlone({ line }, outcome.refused);
      if (outcome.appended) counts.appended++;
      else counts.alreadyPresent++;
      options.onRecorded?.(line, outcome.event, outcome.appended);
    });
  };

  const recordAlone = (item: { line: number }, error: unknown): void => {
    if (!(error instanceof RecordingError)) throw error;
    fail({
      line: item.line,
      status: error.status,
      rule: error.rule,
      message: error.message,
      // A refusal of a batch names the event as events[k]; the report names the line instead.
      details: error.details.map((d) => ({ ...d, path: d.path.replace(/^events\[\d+\]\./, '') })),
    });
  };

  for await (const item of items) {
    if ('error' in item) {
      fail(item.error);
      // Nothing earlier waits to be recorded; else bounded with the batch.
      if (batch.length === 0) tell();
      else if (batch.length + refused.length >= batchSize) await flush();
      continue;
    }
    const id = item.event.id;
    if (id !== undefined && ids.has(id)) await flush();
    if (id !== undefined) ids.add(id);
    batch.push(item);
    if (batch.length >= batchSize) {
      await flush();
      options.onBatch?.();
    }
  }
  await flush();
  options.onBatch?.();
}

/** Turns one NDJSON line's parsed JSON into a validated event, or says why it cannot be one. */
export type LineValidator = (
  value: unknown,
) => { ok: true; event: IncomingEvent } | { ok: false; errors: readonly FieldProblem[] };

export interface ImportOptions {
  readonly validate: LineValidator;
  /** Lines recorded per call, one commit each; a refused line is left out, the others kept. */
  readonly batchSize?: number;
  readonly onError?: (error: LineError) => void;
  readonly onProgress?: (summary: Readonly<ImportSummary>, bytesRead: number) => void;
}

/** The caller of every import line: the operator, who names each line's party and recordedAt. */
export const OPERATOR_IMPORT: Caller = { kind: 'operator-import' };

/** What reading an NDJSON input has seen so far. */
export interface LinesRead {
  /** Lines with something on them (blank lines are skipped, as if absent). */
  lines: number;
  bytes: number;
}

/**
 * Each non-blank line of an NDJSON input, numbered, parsed and validated: an event to record, or
 * the report of why it is not one. `read` is updated as lines are read.
 */
export async function* numberedLines(
  lines: AsyncIterable<string>,
  validate: LineValidator,
  read: LinesRead,
): AsyncIterable<NumberedItem> {
  let line = 0;
  for await (const text of lines) {
    line++;
    read.bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    read.lines++;
    const parsed = parseJsonLine(text, line);
    if ('error' in parsed) {
      yield parsed;
      continue;
    }
    const checked = validate(parsed.value);
    yield checked.ok
      ? { line, event: checked.event }
      : { line, error: invalidEvent(line, checked.errors) };
  }
}

/**
 * An operator import: each line is all or nothing, good lines are kept, a line already in the
 * ledger is a no-op. Lines stream through in batches, so memory stays flat for any file size.
 */
export async function importNdjson(
  lines: AsyncIterable<string>,
  recorder: Recorder,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, appended: 0, alreadyPresent: 0, failed: 0 };
  const read: LinesRead = { lines: 0, bytes: 0 };
  await recordInBatches(numberedLines(lines, options.validate, read), recorder, summary, {
    caller: OPERATOR_IMPORT,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    onBatch: () => {
      summary.lines = read.lines;
      options.onProgress?.(summary, read.bytes);
    },
  });
  summary.lines = read.lines;
  return summary;
}

/** One line's JSON, or the report of why it is not JSON. */
export function parseJsonLine(
  text: string,
  line: number,
): { readonly value: unknown } | { readonly line: number; readonly error: LineError } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      line,
      error: {
        line,
        status: 400,
        rule: 'INVALID_EVENT',
        message: `not valid JSON: ${(error as Error).message}`,
        details: [],
      },
    };
  }
}

/** The report of a line whose event fails validation, every bad field listed. */
export function invalidEvent(line: number, errors: readonly FieldProblem[]): LineError {
  return {
    line,
    status: 400,
    rule: 'INVALID_EVENT',
    message: errors.map(describeFieldError).join('; '),
    details: errors,
  };
}

/** Which event of a batch a refusal is about, from its field paths (`events[3].data.alertId`). */
function failingIndex(error: RecordingError): number | undefined {
  const match = /^events\[(\d+)\]/.exec(error.details[0]?.path ?? '');
  return match ? Number(match[1]) : undefined;
}
