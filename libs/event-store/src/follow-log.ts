import { type AppendSignal } from './append-signal';
import { type StoredEvent, type SubscribeOptions } from './event-store.port';

/**
 * Catch-up then live, for stores that can be read by position: read everything from the
 * checkpoint, then sleep until an append (or the poll interval) and read again.
 */
export async function* followLog(
  readAll: (fromPosition: number) => AsyncIterable<StoredEvent>,
  appended: AppendSignal,
  options: SubscribeOptions,
  pollIntervalMs: number,
): AsyncGenerator<StoredEvent> {
  let next = options.fromPosition;
  const { signal } = options;
  while (!signal?.aborted) {
    const seen = appended.current;
    for await (const event of readAll(next)) {
      if (signal?.aborted) return;
      yield event;
      next = event.position + 1;
    }
    await appended.wait(seen, pollIntervalMs, signal);
  }
}
