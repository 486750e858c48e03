import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import { PROJECTIONS, ProjectionRunner, readModelStoreFor } from '@onus/projections';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';
import { bar, Progress } from './progress';

/**
 * `onus projections rebuild [NAME]`: builds the read models (or the one named) again from
 * position 0, in one read of the log, beside the ones in use, and switches to it once it has caught up with the log.
 * Safe while `onus serve` runs on the same store: queries read the old one until the switch.
 */
export async function rebuildProjectionsCommand(
  config: OnusConfig,
  name: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  const chosen = name === undefined ? PROJECTIONS : PROJECTIONS.filter((p) => p.name === name);
  if (chosen.length === 0) {
    throw new UsageError(
      `no projection named ${name}; there are: ${PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  }
  const store = openEventStore(config.store);
  const models = readModelStoreFor(store, config.dataDir);
  const runner = new ProjectionRunner(store, models, PROJECTIONS);
  const names = chosen.map((p) => p.name).join(', ');
  const progress = new Progress();
  const started = Date.now();
  let generations;
  try {
    generations = await runner.rebuild(chosen, (position, head) =>
      progress.update(
        (elapsed) =>
          `${names} ${bar(head === 0 ? 1 : position / head)} ${position}/${head} events, ${elapsed.toFixed(0)} s`,
      ),
    );
  } finally {
    progress.done();
    models.close();
    await store.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const results = generations.map((g) => ({
    name: g.name,
    generation: g.generation,
    position: g.position,
    seconds,
  }));
  if (!options.json) {
    for (const g of results) {
      process.stdout.write(
        `${g.name}: rebuilt from ${g.position} events in ${seconds.toFixed(1)} s (generation ${g.generation})\n`,
      );
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ rebuilt: results })}\n`);
  return EXIT.ok;
}
