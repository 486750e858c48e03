import { type LineError } from '@onus/ledger';
import { bar, Progress } from './progress';

/**
 * What `onus import` and `onus ingest` tell the user: each refused line on stderr as it comes
 * (or, with --json, the first thousand in the summary), a progress bar on a terminal, and one
 * summary at the end.
 */
export class LineReport {
  private readonly errors: LineError[] = [];
  private readonly progressBar = new Progress();
  private static readonly KEEP = 1000;

  constructor(
    private readonly json: boolean,
    /** The input's size in bytes, when known (a file, not stdin). */
    private readonly size: number | undefined,
  ) {}

  error(error: LineError): void {
    this.progressBar.done();
    if (this.errors.length < LineReport.KEEP) this.errors.push(error);
    if (!this.json)
      process.stderr.write(`line ${error.line}: ${error.status} ${error.rule}: ${error.message}\n`);
  }

  progress(bytesRead: number | undefined, items: number, counts: string): void {
    this.progressBar.update(
      (seconds) =>
        `${this.size && bytesRead !== undefined ? `${bar(bytesRead / this.size)} ` : ''}${counts}, ${Math.round(
          items / Math.max(seconds, 0.001),
        )}/s`,
    );
  }

  done(): void {
    this.progressBar.done();
  }

  /** The summary: `fields` (and the errors) as JSON with --json, else the sentence. */
  summary(fields: object, sentence: string): void {
    process.stdout.write(
      this.json
        ? `${JSON.stringify({ ...fields, errors: this.errors, errorsShown: this.errors.length })}\n`
        : `${sentence}\n`,
    );
  }
}
