import { type OnusConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import { PROJECTIONS, ProjectionRunner, readModelStoreFor } from '@onus/projections';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';
import { bar, Progress } from './progress';

/**
 * `onus projections rebuild [NAME]`: builds each read model (or the one named) again from
 * position 0, beside the one in use, and switches to it once it has caught up with the log.
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
  const results: { name: string; generation: number; position: number; seconds: number }[] = [];
  try {
    for (const projection of chosen) {
      const progress = new Progress();
      const started = Date.now();
      const generation = await runner.rebuild(projection, (position, head) =>
        progress.update(
          (elapsed) =>
            `${projection.name} ${bar(head === 0 ? 1 : position / head)} ${position}/${head} events, ${elapsed.toFixed(0)} s`,
        ),
      );
      progress.done();
      const seconds = (Date.now() - started) / 1000;
      results.push({
        name: projection.name,
        generation: generation.generation,
        position: generation.position,
        seconds,
      });
      if (!options.json) {
        process.stdout.write(
          `${projection.name}: rebuilt from ${generation.position} events in ${seconds.toFixed(1)} s (generation ${generation.generation})\n`,
        );
      }
    }
  } finally {
    models.close();
    await store.close();
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ rebuilt: results })}\n`);
  return EXIT.ok;
}
