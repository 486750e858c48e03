import { join } from 'node:path';
import { appendLoad, startServer, stop } from './lib/http-load';
import { median, scratchDir } from './lib/measure';
import { type BenchResults, result } from './lib/report';
import { benchKeys, contractBenchEngagement } from './recording.bench';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const UNGUARDED = join(ROOT, 'dist', 'bench', 'servers', 'unguarded.server.js');
const ROUNDS = 5;

/**
 * What API keys and rate limits cost an append: `onus serve` (key looked up and checked on
 * every request, per-key rate limit) against the same application built without them.
 */
export async function securityBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const { dir, remove } = scratchDir('security');
  const seconds = Number(process.env.ONUS_BENCH_SECURITY_SECONDS ?? 6);
  try {
    const keys = benchKeys(dir);
    const guarded = await startServer(
      [CLI, 'serve', '--store', `sqlite:${join(dir, 'guarded.db')}`, '--port', '3811'],
      3811,
    );
    const unguarded = await startServer([UNGUARDED, '3812', join(dir, 'unguarded.db')], 3812);
    try {
      await contractBenchEngagement(3811, keys.operator);
      await contractBenchEngagement(3812, { 'x-bench-operator': '1' });
      const on: number[] = [];
      const off: number[] = [];
      let errors = 0;
      // Alternating which goes first, so that neither always meets the longer log or a busier
      // machine; the median of five each, as the machine is shared.
      for (let round = 0; round < ROUNDS; round++) {
        for (const auth of round % 2 === 0 ? [false, true] : [true, false]) {
          const load = auth
            ? await appendLoad(3811, keys.mssp, seconds)
            : await appendLoad(3812, {}, seconds);
          (auth ? on : off).push(load.rps);
          errors += load.errors;
          log(`HTTP append, auth ${auth ? 'on ' : 'off'}: ${load.rps.toFixed(0)} req/s`);
        }
      }
      const figure = result(
        median(on),
        'requests/s',
        median(off),
        'ratio >= 0.9',
        `single AlertRaised events as the MSSP recorder, 64 connections, ${seconds} s, median of ${ROUNDS} each (autocannon); baseline: the same application without API keys and rate limits; non-2xx or errors: ${errors}`,
      );
      return { 'security.http_append_auth': errors === 0 ? figure : { ...figure, met: false } };
    } finally {
      await Promise.all([stop(guarded), stop(unguarded)]);
    }
  } finally {
    remove();
  }
}
