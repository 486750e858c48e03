import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { eventHash } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import { verifyBundle } from '@onus/evidence';
import { parseVerifierKey } from '@onus/integrity';
import { type IncomingEvent, LogScanSource, Recorder } from '@onus/ledger';
import { EvidenceBundler } from '../apps/notary/src/bundle/evidence-bundler';
import { Notary } from '../apps/notary/src/notary';
import { signingKeyFromSeed } from '../apps/notary/src/signing-key';
import { SqliteNotaryStore } from '../apps/notary/src/sqlite-node-store';
import { alertLedger } from './lib/alert-ledger';
import { median, scratchDir, timed } from './lib/measure';
import { type BenchResults, result } from './lib/report';

const ENGAGEMENT = 'eng-bench';

/**
 * `verify-bundle` on a bundle of about 10,000 events (2,500 late acknowledgements, each alert's
 * stream whole), beside the plain SHA-256 of the same events' canonical envelopes: the part of
 * verifying no verifier can skip.
 */
export async function bundleBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const alerts = Number(process.env.ONUS_BENCH_BUNDLE_ALERTS ?? 2_500);
  const scratch = scratchDir('bundle');
  const store = new SqliteEventStore({ path: join(scratch.dir, 'ledger.db') });
  const storage = new SqliteNotaryStore(store.database);
  const key = signingKeyFromSeed(
    createHash('sha256').update('bench').digest(),
    'onus.local/ledger',
  );
  const notary = new Notary({
    events: store,
    storage,
    key,
    everyEvents: 100_000,
    everyMs: Infinity,
  });
  try {
    const recorder = new Recorder(store, () => Date.parse('2030-01-01T00:00:00.000Z'));
    let batch: IncomingEvent[] = [];
    for (const event of alertLedger(ENGAGEMENT, alerts)) {
      batch.push(event);
      if (batch.length === 1000) {
        await recorder.record(batch, { kind: 'operator-import' });
        batch = [];
      }
    }
    if (batch.length > 0) await recorder.record(batch, { kind: 'operator-import' });

    const bundler = new EvidenceBundler(notary, new LogScanSource(store));
    let text = '';
    const build = await timed(async () => {
      text = JSON.stringify(await bundler.bundle(ENGAGEMENT));
    });
    const parsed = JSON.parse(text) as { events: { event: Parameters<typeof eventHash>[0] }[] };
    const events = parsed.events.map((b) => b.event);
    log(
      `bundle of ${events.length} events (${(text.length / 1e6).toFixed(1)} MB) built in ${build.toFixed(2)} s`,
    );

    const pinned = parseVerifierKey(key.verifierKey);
    const verifyTimes: number[] = [];
    const hashTimes: number[] = [];
    for (let run = 0; run < 3; run++) {
      verifyTimes.push(
        await timed(() => {
          const report = verifyBundle(JSON.parse(text), { key: pinned });
          if (!report.valid) throw new Error('bench: the bundle does not verify');
        }),
      );
      hashTimes.push(
        await timed(() => {
          for (const event of events) eventHash(event);
        }),
      );
    }
    const verifyMs = median(verifyTimes) * 1000;
    const hashMs = median(hashTimes) * 1000;
    log(
      `verify-bundle ${verifyMs.toFixed(0)} ms; SHA-256 of the canonical envelopes ${hashMs.toFixed(0)} ms`,
    );
    return {
      // Lower is better: the ratio is how many times the bare hashing the whole check costs.
      'bundle.verify_10k': result(
        verifyMs,
        'ms',
        hashMs,
        'value <= 5000',
        `${events.length} events, JSON parse included`,
      ),
    };
  } finally {
    await notary.stop();
    await store.close();
    scratch.remove();
  }
}
