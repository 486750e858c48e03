import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function timed(run: () => Promise<void> | void): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest rank: the value at rank ⌈0.99 · N⌉ of the sorted values. */
export function percentile99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

/** A fresh directory on the machine's disk, removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `onus-bench-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A ledger-sized event body (about 450 bytes of JSON), different for every i. */
export function sampleData(i: number): {
  [key: string]: string | number | { [key: string]: string };
} {
  return {
    engagementId: `eng-${i % 7}`,
    party: 'mssp',
    actor: 'suricata/sensor-1',
    occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    recordedAt: new Date(Date.UTC(2024, 0, 1) + i * 1000 + 250).toISOString(),
    data: {
      alertId: `a-${i}`,
      severity: ['critical', 'high', 'medium', 'low'][i % 4]!,
      title: 'ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG download command',
      source: 'suricata',
    },
    prevHash: 'a3f1c2'.repeat(10) + 'abcd',
    hash: '9b8e7d'.repeat(10) + 'ef01',
  };
}
