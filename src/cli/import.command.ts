import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import { importNdjson, Recorder, validateIncoming } from '@onus/ledger';
import { EXIT } from './exit-codes';
import { LineReport } from './line-report';

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
  const report = new LineReport(options.json === true, size);
  try {
    const recorder = new Recorder(store, () => Date.now());
    const summary = await importNdjson(lines, recorder, {
      validate: validateIncoming,
      onError: (error) => report.error(error),
      onProgress: (soFar, bytes) =>
        report.progress(
          bytes,
          soFar.lines,
          `${soFar.lines} lines, ${soFar.appended} appended, ${soFar.failed} failed`,
        ),
    });
    report.done();
    report.summary(
      summary,
      `imported ${summary.lines} lines: ${summary.appended} appended, ${summary.alreadyPresent} already in the ledger, ${summary.failed} failed`,
    );
    return summary.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}
