import { createReadStream, type ReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import {
  INGEST_SOURCES,
  IngestSetupError,
  type IngestSource,
  ingestRecords,
  isIngestSource,
  jsonRecords,
  ndjsonRecords,
  reportOf,
  type SourceRecord,
  severityTablesOf,
} from '@onus/ingest';
import { type LineError, Recorder } from '@onus/ledger';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';
import { LineReport } from './line-report';

/**
 * `onus ingest SOURCE FILE|- --engagement E`: a source's native records recorded as the MSSP's
 * `AlertRaised` events.
 */
export async function ingestCommand(
  sourceName: string,
  file: string,
  config: OnusConfig,
  options: { engagement?: string; json?: boolean },
): Promise<number> {
  if (!isIngestSource(sourceName))
    throw new UsageError(
      `ingest: unknown source "${sourceName}"; one of ${INGEST_SOURCES.join(', ')}`,
    );
  const source: IngestSource = sourceName;
  const engagementId = options.engagement;
  if (!engagementId) throw new UsageError('--engagement is required');
  let size: number | undefined;
  if (file !== '-') {
    try {
      size = statSync(file).size;
    } catch {
      throw new UsageError(`ingest: cannot read ${file}`);
    }
  }

  const store = openEventStore(config.store);
  try {
    let severities;
    try {
      severities = await severityTablesOf(store, engagementId);
    } catch (error) {
      if (error instanceof IngestSetupError) throw new UsageError(`ingest: ${error.message}`);
      throw error;
    }
    const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
    const report = new LineReport(options.json === true, size);
    const summary = await ingestRecords(
      recordsOf(source, input),
      new Recorder(store, () => Date.now()),
      {
        source,
        engagementId,
        severities,
        onResult: (result) => {
          if (result.outcome === 'rejected') report.error(result as LineError);
        },
        onProgress: (soFar) =>
          report.progress(
            (input as Partial<ReadStream>).bytesRead,
            soFar.records,
            `${soFar.records} records, ${soFar.appended} appended, ${soFar.skipped} skipped, ${soFar.failed} rejected`,
          ),
      },
    );
    report.done();
    const skipped = Object.entries(summary.skippedByType)
      .map(([type, count]) => `${type} ${count}`)
      .join(', ');
    report.summary(
      { source, engagementId, ...reportOf(summary) },
      `ingested ${summary.records} ${source} records into ${engagementId}: ${summary.appended} alerts appended, ${summary.alreadyPresent} duplicates (already in the ledger), ${summary.skipped} skipped by type${skipped ? ` (${skipped})` : ''}, ${summary.failed} rejected`,
    );
    return summary.failed > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    await store.close();
  }
}

/** Suricata and Wazuh write one record per line; OCSF comes as NDJSON, an array or an object. */
function recordsOf(
  source: IngestSource,
  input: NodeJS.ReadableStream,
): AsyncIterable<SourceRecord> {
  if (source === 'ocsf') {
    input.setEncoding('utf8');
    return jsonRecords(input as AsyncIterable<string>);
  }
  return ndjsonRecords(createInterface({ input, crlfDelay: Infinity }));
}
