import { createReadStream, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { type OnusConfig } from '@onus/config';
import {
  type BatchCounts,
  type ImportSummary,
  type LinesRead,
  type NumberedItem,
  numberedLines,
  validateIncoming,
} from '@onus/ledger';
import { EXIT } from './exit-codes';
import { packItems, type ToImporter, type ToReader } from './import.messages';
import { LineReport } from './line-report';

export class UsageError extends Error {}

/** Lines per message to the recording thread, and how many such messages may wait there. */
const CHUNK = 1000;
const AHEAD = 4;

/**
 * The recording thread's young generation: room for 64 MB semi-spaces, four times V8's default.
 * Recording a batch (5,000 lines, one commit) allocates some 60 MB that all lives until the
 * commit; with the default, scavenges copy it and promote it to the old generation, which then
 * has to be collected too (a fifth of the import's time went to collection). With this, most of
 * a batch dies young. It costs about 150 MB of peak RSS, the same for any size of file. A
 * thread's resource limits are the one way to size it from inside the command:
 * `--max-semi-space-size` works only as a flag at start-up.
 */
const YOUNG_GENERATION_MB = 256;

/**
 * `onus import FILE|-`: an operator import of NDJSON envelopes. This thread reads, parses and
 * validates the lines; a second thread (`import.worker.ts`) records them, as `importNdjson` does,
 * so that the two halves run on two cores. Each refused line is reported here, by its number.
 */
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
  const report = new LineReport(options.json === true, size);
  const recording = new RecordingThread(config, report);
  const read: LinesRead = { lines: 0, bytes: 0 };
  try {
    let chunk: NumberedItem[] = [];
    let bytes: number[] = [];
    for await (const item of numberedLines(lines, validateIncoming, read)) {
      chunk.push(item);
      bytes.push(read.bytes);
      if (chunk.length === CHUNK) {
        await recording.send(chunk, bytes);
        chunk = [];
        bytes = [];
      }
    }
    if (chunk.length > 0) await recording.send(chunk, bytes);
    const counts = await recording.end();
    const summary: ImportSummary = { lines: read.lines, ...counts };
    report.done();
    report.summary(
      summary,
      `imported ${summary.lines} lines: ${summary.appended} appended, ${summary.alreadyPresent} already in the ledger, ${summary.failed} failed`,
    );
    return summary.failed > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    await recording.stop();
    throw error;
  } finally {
    lines.close();
  }
}

/** The recording thread, fed chunks of numbered lines; never more than `AHEAD` of them queued. */
class RecordingThread {
  private readonly worker: Worker;
  private readonly finished: Promise<BatchCounts>;
  private queued = 0;
  private room: (() => void) | undefined;
  private failure: Error | undefined;
  /** Per chunk sent and not yet recorded: its first item's index, the bytes read after each item. */
  private readonly sent: { first: number; bytes: number[] }[] = [];
  private items = 0;

  constructor(config: OnusConfig, report: LineReport) {
    // The same extension as this file: .js when built, .ts when run from the sources.
    this.worker = new Worker(join(__dirname, `import.worker${extname(__filename)}`), {
      workerData: { store: config.store },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    let counts: BatchCounts | undefined;
    this.finished = new Promise<BatchCounts>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.failure ??= error;
        this.room?.();
        reject(this.failure);
      };
      this.worker.on('message', (message: ToReader) => {
        switch (message.kind) {
          case 'taken':
            this.queued--;
            // Chunks before the one just taken are recorded: only their bytes were kept.
            while (this.sent.length > this.queued + 1) this.sent.shift();
            this.room?.();
            this.room = undefined;
            return;
          case 'error':
            return report.error(message.error);
          case 'batch':
            return report.progress(
              this.bytesAfter(message.consumed),
              message.consumed,
              `${message.consumed} lines, ${message.counts.appended} appended, ${message.counts.failed} failed`,
            );
          case 'done':
            counts = message.counts;
            return;
          case 'failed':
            return fail(new Error(message.message));
        }
      });
      this.worker.on('error', fail);
      // Resolved once the thread is gone, so that the store it opened is closed.
      this.worker.on('exit', (code) =>
        counts
          ? resolve(counts)
          : fail(new Error(`import: the recording thread stopped (exit code ${code})`)),
      );
    });
    // Awaited by `end`; a failure before then is seen by `send`.
    this.finished.catch(() => undefined);
  }

  async send(items: NumberedItem[], bytes: number[]): Promise<void> {
    while (this.queued >= AHEAD && !this.failure)
      await new Promise<void>((resolve) => (this.room = resolve));
    if (this.failure) throw this.failure;
    this.queued++;
    this.sent.push({ first: this.items, bytes });
    this.items += items.length;
    this.worker.postMessage({ items: packItems(items) } satisfies ToImporter);
  }

  end(): Promise<BatchCounts> {
    this.worker.postMessage({ end: true } satisfies ToImporter);
    return this.finished;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  /** The bytes read up to the `consumed`-th item, for the progress bar. */
  private bytesAfter(consumed: number): number | undefined {
    const last = consumed - 1;
    while (this.sent.length > 1 && this.sent[1]!.first <= last) this.sent.shift();
    const chunk = this.sent[0];
    return chunk && last >= chunk.first ? chunk.bytes[last - chunk.first] : undefined;
  }
}
