import { join } from 'node:path';
import { bundleBenchmarks } from './bundle.bench';
import { ingestBenchmarks } from './ingest.bench';
import { type BenchResults, table, writeResults } from './lib/report';
import { projectionBenchmarks } from './projections.bench';
import { proofBenchmarks } from './proof.bench';
import { recordingBenchmarks } from './recording.bench';
import { securityBenchmarks } from './security.bench';
import { storeBenchmarks } from './store.bench';
import { verdictBenchmarks } from './verdict.bench';

/**
 * `npm run bench [-- NAME…]`: runs the benchmarks (all, or those whose group is named),
 * writes bench/results.json and prints the table. Exit 1 if a target is missed.
 */
const groups: Record<string, (log: (line: string) => void) => Promise<BenchResults>> = {
  store: storeBenchmarks,
  recording: recordingBenchmarks,
  verdict: verdictBenchmarks,
  proof: proofBenchmarks,
  bundle: bundleBenchmarks,
  projections: projectionBenchmarks,
  security: securityBenchmarks,
  ingest: ingestBenchmarks,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in groups));
  if (unknown.length > 0)
    throw new Error(
      `unknown benchmark group(s): ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}`,
    );
  const results: BenchResults = {};
  for (const [name, run] of Object.entries(groups)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    process.stderr.write(`bench ${name}…\n`);
    Object.assign(results, await run((line) => process.stderr.write(`  ${line}\n`)));
  }
  const path = join(__dirname, '..', '..', 'bench', 'results.json');
  writeResults(path, results);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n\n${table(results)}\n`);
  if (Object.values(results).some((r) => !r.met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
