import { type OnusConfig } from '@onus/config';
import { openEventStore, SqliteEventStore } from '@onus/event-store';
import { verifyLog } from '@onus/ledger';
import { type NoteVerifier, parseVerifierKey } from '@onus/integrity';
import { createNotary, notaryKeyFor, notaryStorageFor } from '../../apps/notary/src/notary.factory';
import { type StoredCheckpoint } from '../../apps/notary/src/sqlite-node-store';
import { type CheckpointReport, verifyCheckpoints } from '../../apps/notary/src/verify-checkpoints';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';
import { Progress } from './progress';

/** The notary's checkpoints, when the store's file holds them (SQLite). */
function storedCheckpoints(store: unknown): StoredCheckpoint[] | undefined {
  if (!(store instanceof SqliteEventStore)) return undefined;
  const db = store.database;
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'")
    .get();
  if (!table) return undefined;
  return db
    .prepare<
      [],
      { size: number; root: Buffer; timeMs: number; note: string }
    >('SELECT size, root, time_ms AS timeMs, note FROM checkpoints ORDER BY size')
    .all();
}

/**
 * Brings the notary's tree and checkpoints up to date on this store (a checkpoint of the head),
 * as the CLI must without a running server. Only after the chains verified, so that a tampered
 * log is never signed. Returns the key, to verify the checkpoints with.
 */
async function notarise(store: SqliteEventStore, config: OnusConfig): Promise<NoteVerifier> {
  const key = notaryKeyFor(config);
  const notary = createNotary(store, notaryStorageFor(store, config), config, key);
  try {
    await notary.publishNow();
  } finally {
    await notary.stop();
  }
  return key;
}

/** The key given with `--key`, parsed; a malformed one is bad usage. */
export function pinnedVerifier(key: string | undefined): NoteVerifier | undefined {
  if (key === undefined) return undefined;
  try {
    return parseVerifierKey(key);
  } catch (error) {
    throw new UsageError(`--key: not a verifier key (name+keyid+key): ${(error as Error).message}`);
  }
}

/**
 * `onus verify`: every stream's hash chain over the whole store, then every signed checkpoint
 * against the tree recomputed from the log; names the first bad position or checkpoint.
 */
export async function verifyCommand(
  config: OnusConfig,
  options: { json?: boolean; key?: string },
): Promise<number> {
  const pinned = pinnedVerifier(options.key);
  const store = openEventStore(config.store);
  const progress = new Progress();
  try {
    const report = await verifyLog(store, (checked) =>
      progress.update(() => `${checked} events checked`),
    );
    let checkpoints: CheckpointReport | undefined;
    if (!report.problem && store instanceof SqliteEventStore) {
      const stored = storedCheckpoints(store) ?? [];
      try {
        const own = await notarise(store, config);
        checkpoints = await verifyCheckpoints(store, storedCheckpoints(store) ?? [], pinned ?? own);
      } catch (error) {
        // The notary refuses to go on from a state that contradicts its own checkpoints.
        const size = stored.at(-1)?.size ?? 0;
        checkpoints = {
          checkpoints: stored.length,
          signaturesChecked: false,
          problem: { size, reason: (error as Error).message },
        };
      }
    }
    progress.done();
    const valid = !report.problem && !checkpoints?.problem;
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ valid, ...report, ...(checkpoints ? { checkpoints } : {}) })}\n`,
      );
    } else if (report.problem) {
      const { position, stream, reason } = report.problem;
      process.stdout.write(
        `INVALID at position ${position} (stream ${stream}): ${reason}\n${report.events} events before it verified.\n`,
      );
    } else {
      process.stdout.write(
        `valid: ${report.events} events in ${report.streams} streams; every hash chain verifies\n`,
      );
      if (checkpoints?.problem) {
        process.stdout.write(
          `INVALID checkpoint at size ${checkpoints.problem.size}: ${checkpoints.problem.reason}\n`,
        );
      } else if (checkpoints) {
        process.stdout.write(
          `${checkpoints.checkpoints} signed checkpoints verify and match the log and each other\n`,
        );
      }
    }
    return valid ? EXIT.ok : EXIT.failed;
  } finally {
    await store.close();
  }
}
