import { type FieldProblem, RecordingError } from './recording.errors';
import { type IncomingEvent, type Recorder } from './recorder';

export interface LineError {
  readonly line: number;
  readonly status: number;
  readonly rule: string;
  readonly message: string;
  readonly details: readonly FieldProblem[];
}

export interface ImportSummary {
  lines: number;
  appended: number;
  alreadyPresent: number;
  failed: number;
}

/** Turns one NDJSON line's parsed JSON into a validated event, or says why it cannot be one. */
export type LineValidator = (
  value: unknown,
) => { ok: true; event: IncomingEvent } | { ok: false; errors: readonly FieldProblem[] };

export interface ImportOptions {
  readonly validate: LineValidator;
  /** Lines recorded per call; a call that fails is retried line by line. */
  readonly batchSize?: number;
  readonly onError?: (error: LineError) => void;
  readonly onProgress?: (summary: Readonly<ImportSummary>, bytesRead: number) => void;
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
  const batchSize = options.batchSize ?? 1000;
  const summary: ImportSummary = { lines: 0, appended: 0, alreadyPresent: 0, failed: 0 };
  let bytesRead = 0;
  let batch: { line: number; event: IncomingEvent }[] = [];

  const fail = (error: LineError): void => {
    summary.failed++;
    options.onError?.(error);
  };

  const flush = async (): Promise<void> => {
    let rest = batch;
    batch = [];
    while (rest.length > 0) {
      try {
        const result = await recorder.record(
          rest.map((p) => p.event),
          { kind: 'operator-import' },
        );
        count(result.appended);
        return;
      } catch (error) {
        if (!(error instanceof RecordingError)) throw error;
        const index = rest.length === 1 ? 0 : failingIndex(error);
        if (index === undefined) {
          // The refusal does not say which line: find it line by line, keeping the good ones.
          for (const item of rest) {
            try {
              count((await recorder.record([item.event], { kind: 'operator-import' })).appended);
            } catch (lineError) {
              recordAlone(item, lineError);
            }
          }
          return;
        }
        // Report that line and record the others again, in order, without it.
        recordAlone(rest[index]!, error);
        rest = [...rest.slice(0, index), ...rest.slice(index + 1)];
      }
    }
  };

  const count = (appended: readonly boolean[]): void => {
    for (const fresh of appended) {
      if (fresh) summary.appended++;
      else summary.alreadyPresent++;
    }
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

  let line = 0;
  for await (const text of lines) {
    line++;
    bytesRead += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    summary.lines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      fail({
        line,
        status: 400,
        rule: 'INVALID_EVENT',
        message: `not valid JSON: ${(error as Error).message}`,
        details: [],
      });
      continue;
    }
    const checked = options.validate(value);
    if (!checked.ok) {
      fail({
        line,
        status: 400,
        rule: 'INVALID_EVENT',
        message: checked.errors.map((e) => `${e.path}: ${e.reason}`).join('; '),
        details: checked.errors,
      });
      continue;
    }
    batch.push({ line, event: checked.event });
    if (batch.length >= batchSize) {
      await flush();
      options.onProgress?.(summary, bytesRead);
    }
  }
  await flush();
  options.onProgress?.(summary, bytesRead);
  return summary;
}

/** Which event of a batch a refusal is about, from its field paths (`events[3].data.alertId`). */
function failingIndex(error: RecordingError): number | undefined {
  const match = /^events\[(\d+)\]/.exec(error.details[0]?.path ?? '');
  return match ? Number(match[1]) : undefined;
}
