import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import { importNdjson, type LineError, Recorder, validateIncoming } from '@onus/ledger';
import { EXIT } from './exit-codes';
import { bar, Progress } from './progress';

export class UsageError extends Error {}

/** `onus import FILE|-`: an operator import of NDJSON envelopes. */
export async function importCommand(
  source: string,
  config: OnusConfig,
  options: { json?: boolean },
): Promise<number> {
  let size: number | undefined;
  if (source !== '-') {
    try {
      size = statSync(source).size;
    } catch {
      throw new UsageError(`import: cannot read ${source}`);
    }
  }
  const input = source === '-' ? process.stdin : createReadStream(source);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const store = openEventStore(config.store);
  const progress = new Progress();
  const errors: LineError[] = [];
  const keep = 1000;
  try {
    const recorder = new Recorder(store, () => Date.now());
    const summary = await importNdjson(lines, recorder, {
      validate: validateIncoming,
      onError: (error) => {
        progress.done();
        if (errors.length < keep) errors.push(error);
        if (!options.json)
          process.stderr.write(
            `line ${error.line}: ${error.status} ${error.rule}: ${error.message}\n`,
          );
      },
      onProgress: (so_far, bytes) =>
        progress.update(
          (seconds) =>
            `${size ? `${bar(bytes / size)} ` : ''}${so_far.lines} lines, ${so_far.appended} appended, ${so_far.failed} failed, ${Math.round(
              so_far.lines / Math.max(seconds, 0.001),
            )} lines/s`,
        ),
    });
    progress.done();
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ ...summary, errors, errorsShown: errors.length })}\n`,
      );
    } else {
      process.stdout.write(
        `imported ${summary.lines} lines: ${summary.appended} appended, ${summary.alreadyPresent} already in the ledger, ${summary.failed} failed\n`,
      );
    }
    return summary.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}
