import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import { verifyLog } from '@onus/ledger';
import { EXIT } from './exit-codes';
import { Progress } from './progress';

/** `onus verify`: every stream's hash chain over the whole store; names the first bad position. */
export async function verifyCommand(
  config: OnusConfig,
  options: { json?: boolean },
): Promise<number> {
  const store = openEventStore(config.store);
  const progress = new Progress();
  try {
    const report = await verifyLog(store, (checked) =>
      progress.update(() => `${checked} events checked`),
    );
    progress.done();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ valid: !report.problem, ...report })}\n`);
    } else if (report.problem) {
      const { position, stream, reason } = report.problem;
      process.stdout.write(
        `INVALID at position ${position} (stream ${stream}): ${reason}\n${report.events} events before it verified.\n`,
      );
    } else {
      process.stdout.write(
        `valid: ${report.events} events in ${report.streams} streams; every hash chain verifies\n`,
      );
    }
    return report.problem ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}
