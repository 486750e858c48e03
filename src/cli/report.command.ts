import { writeFile } from 'node:fs/promises';
import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import { AuditQueries, LogScanSource, NotFoundError } from '@onus/ledger';
import { loadReview, ReadOnce } from '../../apps/audit-api/src/review/review-data';
import { reviewDocument } from '../../apps/audit-api/src/review/review-page';
import { sealWith } from '../../apps/audit-api/src/review/review-seal';
import { createNotary, notaryStorageFor } from '../../apps/notary/src/notary.factory';
import { type AuditOptions, parseOptions } from './audit.commands';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';

/**
 * `onus report`: the review page as one self-contained HTML file (styles and charts inline, no
 * script, nothing fetched), to hand to both parties. Brings the notary up to date on the store,
 * as `onus bundle` does, so that the page can name the checkpoint its evidence is proven against.
 */
export async function reportCommand(
  config: OnusConfig,
  options: AuditOptions & { out?: string },
): Promise<number> {
  const { engagementId, ...query } = parseOptions(options);
  if (!options.out) throw new UsageError('--out is required (the HTML file to write)');
  const store = openEventStore(config.store);
  const storage = notaryStorageFor(store, config);
  const notary = createNotary(store, storage, config);
  let page: string;
  try {
    const source = new ReadOnce(new LogScanSource(store));
    const model = await loadReview(
      { queries: new AuditQueries(source, () => Date.now()), source },
      engagementId,
      query,
      sealWith(notary),
    );
    page = reviewDocument(model);
  } catch (error) {
    if (error instanceof NotFoundError) throw new UsageError(error.message);
    throw error;
  } finally {
    await notary.stop();
    storage.close();
    await store.close();
  }
  await writeFile(options.out, page);
  process.stderr.write(
    `report: wrote ${options.out} (${page.length} bytes); open it in any browser\n`,
  );
  return EXIT.ok;
}
