import { readFile, writeFile } from 'node:fs/promises';
import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import {
  type BundleReport,
  type EvidenceBundle,
  MalformedBundleError,
  verifyBundle,
} from '@onus/evidence';
import { LogScanSource, NotFoundError } from '@onus/ledger';
import { BundleRangeError, EvidenceBundler } from '../../apps/notary/src/bundle/evidence-bundler';
import { createNotary, notaryStorageFor } from '../../apps/notary/src/notary.factory';
import { type AuditOptions, parseOptions } from './audit.commands';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';
import { pinnedVerifier } from './verify.command';

/**
 * `onus bundle`: brings the notary's tree and checkpoints up to date on the store (no server
 * needed), then writes the evidence bundle of the verdict as JSON, to stdout or `--out`.
 */
export async function bundleCommand(
  config: OnusConfig,
  options: AuditOptions & { out?: string },
): Promise<number> {
  const { engagementId, ...query } = parseOptions(options);
  const store = openEventStore(config.store);
  const storage = notaryStorageFor(store, config);
  const notary = createNotary(store, storage, config);
  let bundle: EvidenceBundle;
  try {
    bundle = await new EvidenceBundler(notary, new LogScanSource(store)).bundle(
      engagementId,
      query,
    );
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof BundleRangeError) {
      throw new UsageError(error.message);
    }
    throw error;
  } finally {
    await notary.stop();
    storage.close();
    await store.close();
  }
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (options.out) await writeFile(options.out, text);
  else process.stdout.write(text);
  process.stderr.write(
    `bundle: ${bundle.verdict.findings.length} findings, ${bundle.events.length} events in ${bundle.streams.length} streams, proven against the checkpoint of ${bundle.checkpoint.size} events\n` +
      `verify offline with: onus verify-bundle ${options.out ?? 'FILE'} --key '${bundle.notaryKey.verifierKey}'\n`,
  );
  return EXIT.ok;
}

/**
 * `onus verify-bundle`: checks a bundle offline, with no store and no network. Exit 0 when
 * valid, 1 when a check fails, 2 when the file is not a bundle or the key is malformed.
 */
export async function verifyBundleCommand(
  file: string,
  options: { key?: string; json?: boolean },
): Promise<number> {
  const key = pinnedVerifier(options.key);
  const text = file === '-' ? await readStdin() : await readBundleFile(file);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${(error as Error).message}`);
  }
  let report: BundleReport;
  try {
    report = verifyBundle(input, key ? { key } : {});
  } catch (error) {
    if (error instanceof MalformedBundleError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  process.stdout.write(
    options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
  );
  return report.valid ? EXIT.ok : EXIT.failed;
}

async function readBundleFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${file}: cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const MARK = { confirmed: '✓', differs: '✗', 'not-reproduced': '✗', omitted: '✗' } as const;

function formatReport(report: BundleReport): string {
  const scope = report.incidentId
    ? `incident ${report.incidentId} of engagement ${report.engagementId}`
    : `engagement ${report.engagementId}`;
  const lines = [
    `Evidence bundle: ${scope}, as of ${report.asOf}`,
    `Checkpoint: ${report.checkpoint.size} events, root ${report.checkpoint.rootHash}${report.checkpoint.time ? `, signed ${report.checkpoint.time}` : ''}`,
    `Key: ${report.key.verifierKey} (${report.key.source === 'pinned' ? 'pinned on the command line' : 'taken from the bundle'})`,
  ];
  if (report.key.warning) lines.push(`WARNING: ${report.key.warning}`);
  lines.push('');
  for (const check of report.checks)
    lines.push(`${check.ok ? '✓' : '✗'} ${check.check}: ${check.detail}`);
  if (report.findings.length > 0) {
    lines.push('', 'Findings:');
    for (const finding of report.findings) {
      const status = finding.status === 'confirmed' ? '' : ` [${finding.status}]`;
      lines.push(
        `  ${MARK[finding.status]} ${finding.code} (${finding.party})${status}: ${finding.summary}`,
      );
    }
  }
  lines.push('', report.valid ? `VALID: primary ${report.primary}` : 'INVALID');
  return `${lines.join('\n')}\n`;
}
