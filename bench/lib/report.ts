import { readFileSync, writeFileSync } from 'node:fs';

/** One figure beside a baseline measured in the same run. */
export interface BenchResult {
  readonly value: number;
  readonly unit: string;
  /** The baseline's figure in the same unit, or null where the target is absolute. */
  readonly baseline: number | null;
  /** value / baseline (or baseline / value for "lower is better" units), null without a baseline. */
  readonly ratio: number | null;
  /** What `met` compares, e.g. "ratio >= 0.5" or "value >= 200000". */
  readonly target: string;
  readonly met: boolean;
  /** Anything else worth printing (baseline's name, counts, peak memory). */
  readonly notes?: string;
}

export type BenchResults = Record<string, BenchResult>;

export function judge(target: string, value: number, ratio: number | null): boolean {
  const match = /^(value|ratio) (>=|<=) ([\d.e+]+)$/.exec(target);
  if (!match) throw new Error(`bench: cannot read target "${target}"`);
  const subject = match[1] === 'value' ? value : ratio;
  if (subject === null) return false;
  const bound = Number(match[3]);
  return match[2] === '>=' ? subject >= bound : subject <= bound;
}

export function result(
  value: number,
  unit: string,
  baseline: number | null,
  target: string,
  notes?: string,
): BenchResult {
  const ratio = baseline === null || baseline === 0 ? null : round(value / baseline, 3);
  return {
    value: round(value, 2),
    unit,
    baseline: baseline === null ? null : round(baseline, 2),
    ratio,
    target,
    met: judge(target, value, ratio),
    ...(notes ? { notes } : {}),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Merges this run's figures into the results file (other benches' figures are kept). */
export function writeResults(path: string, results: BenchResults): BenchResults {
  let previous: BenchResults = {};
  try {
    previous = JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
  } catch {
    previous = {};
  }
  const merged = { ...previous, ...results };
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

export function table(results: BenchResults): string {
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    `${r.value} ${r.unit}`,
    r.baseline === null ? '-' : `${r.baseline} ${r.unit}`,
    r.ratio === null ? '-' : r.ratio.toFixed(3),
    r.target,
    r.met ? 'yes' : 'NO',
  ]);
  const header = ['benchmark', 'value', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
