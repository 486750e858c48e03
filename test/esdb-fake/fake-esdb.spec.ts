import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  type EventStoreDBClient as Client,
  EventStoreDBClient,
  eventTypeFilter,
  jsonEvent,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { type FakeEsdb, startFakeEsdb } from './fake-esdb';

/** The fake, driven by the real client: what EventStoreDB does, as far as Onus relies on it. */
describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('fake EventStoreDB, appending with %s', (_name, batchAppend) => {
  let fake: FakeEsdb;
  let client: Client;
  beforeAll(async () => {
    fake = await startFakeEsdb({ batchAppend });
    client = EventStoreDBClient.connectionString(fake.url);
  });
  afterAll(async () => {
    await client.dispose();
    await fake.stop();
  });

  const event = (n: number, id = randomUUID()) => jsonEvent({ id, type: 'N', data: { n } });
  async function read(source: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
    const out: ResolvedEvent[] = [];
    for await (const resolved of source) out.push(resolved);
    return out;
  }
  const numbers = (events: ResolvedEvent[]) =>
    events.map((e) => (e.event?.data as { n: number }).n);

  it('checks expected revisions and answers WrongExpectedVersion with the current revision', async () => {
    const stream = `s-${randomUUID()}`;
    await expect(
      client.appendToStream(stream, event(0), { expectedRevision: STREAM_EXISTS }),
    ).rejects.toMatchObject({ actualVersion: 'no_stream' });
    const first = await client.appendToStream(stream, [event(0), event(1)], {
      expectedRevision: NO_STREAM,
    });
    expect(first.nextExpectedRevision).toBe(1n);
    const error: unknown = await client
      .appendToStream(stream, event(2), { expectedRevision: 0n })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ actualVersion: 1n, expectedVersion: 0n });
    await client.appendToStream(stream, event(2), { expectedRevision: 1n });
    await client.appendToStream(stream, event(3), { expectedRevision: STREAM_EXISTS });
    await client.appendToStream(stream, event(4), { expectedRevision: ANY });
    expect(numbers(await read(client.readStream(stream)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('is idempotent for the same ids at the same expected revision, without a position', async () => {
    const stream = `s-${randomUUID()}`;
    const events = [event(0), event(1)];
    const first = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
    expect(first.position).toBeDefined();
    await client.appendToStream(stream, event(2), { expectedRevision: 1n });
    const again = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
    expect(again).toMatchObject({ success: true, nextExpectedRevision: 1n, position: undefined });
    const anyAgain = await client.appendToStream(stream, events, { expectedRevision: ANY });
    expect(anyAgain.position).toBeUndefined();
    // Only part of them: not idempotent, a conflict.
    await expect(
      client.appendToStream(stream, [events[0]!, event(9)], { expectedRevision: NO_STREAM }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(numbers(await read(client.readStream(stream)))).toEqual([0, 1, 2]);
  });

  it('gives sparse, increasing $all positions; an append shares one commit position', async () => {
    const stream = `s-${randomUUID()}`;
    const result = await client.appendToStream(stream, [event(0), event(1), event(2)]);
    const events = (await read(client.readAll({ fromPosition: START }))).filter(
      (e) => e.event?.streamId === stream,
    );
    const positions = events.map((e) => e.event!.position!);
    expect(new Set(positions.map((p) => p.commit)).size).toBe(1);
    expect(positions[1]!.prepare - positions[0]!.prepare).toBeGreaterThan(1n);
    expect(result.position).toEqual({
      commit: positions[0]!.commit,
      prepare: positions[2]!.prepare,
    });
    // Reading $all from a position includes the event at that position.
    const from = await read(client.readAll({ fromPosition: positions[1]!, maxCount: 2 }));
    expect(numbers(from)).toEqual([1, 2]);
  });

  it('reads streams forwards and backwards, and reports a missing stream', async () => {
    const stream = `s-${randomUUID()}`;
    await client.appendToStream(
      stream,
      [0, 1, 2, 3].map((n) => event(n)),
    );
    expect(numbers(await read(client.readStream(stream, { fromRevision: 2n })))).toEqual([2, 3]);
    expect(numbers(await read(client.readStream(stream, { fromRevision: 9n })))).toEqual([]);
    const last = client.readStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 2,
    });
    expect(numbers(await read(last))).toEqual([3, 2]);
    await expect(read(client.readStream(`missing-${randomUUID()}`))).rejects.toBeInstanceOf(
      StreamNotFoundError,
    );
  });

  it('subscribes to $all with a filter and to a stream: catch-up, caught up, then live', async () => {
    const prefix = `p-${randomUUID()}:`;
    await client.appendToStream(`${prefix}a`, event(0));
    fake.appendForeign('elsewhere');
    await client.appendToStream(`${prefix}b`, event(1));

    const all = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    const stream = client.subscribeToStream(`${prefix}a`, { fromRevision: START });
    const byType = client.subscribeToAll({ filter: eventTypeFilter({ prefixes: ['Foreign'] }) });
    const caughtUp = new Promise((resolve) => all.once('caughtUp', resolve));
    const seen: number[] = [];
    const seenOnStream: number[] = [];
    let foreign = 0;
    all.on('data', (e: ResolvedEvent) => seen.push((e.event?.data as { n: number }).n));
    stream.on('data', (e: ResolvedEvent) => seenOnStream.push((e.event?.data as { n: number }).n));
    byType.on('data', () => foreign++);
    await caughtUp;
    expect(seen).toEqual([0, 1]);

    await client.appendToStream(`${prefix}a`, event(2));
    fake.appendForeign('elsewhere');
    await client.appendToStream(`${prefix}c`, event(3));
    await until(() => seen.length === 4 && seenOnStream.length === 2);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(seenOnStream).toEqual([0, 2]);
    expect(foreign).toBeGreaterThanOrEqual(2);
    await Promise.all([all.unsubscribe(), stream.unsubscribe(), byType.unsubscribe()]);
  });

  it('subscribes to $all from a position, exclusively, and drops subscriptions on demand', async () => {
    const stream = `s-${randomUUID()}`;
    await client.appendToStream(stream, [event(0), event(1), event(2)]);
    const [, second] = await read(client.readStream(stream));
    const subscription = client.subscribeToAll({
      fromPosition: second!.event!.position!,
      filter: streamNameFilter({ prefixes: [stream] }),
    });
    const seen: number[] = [];
    const failed = new Promise<unknown>((resolve) => subscription.once('error', resolve));
    subscription.on('data', (e: ResolvedEvent) => seen.push((e.event?.data as { n: number }).n));
    await until(() => seen.length === 1);
    expect(seen).toEqual([2]);
    expect(fake.dropSubscriptions()).toBeGreaterThanOrEqual(1);
    expect(await failed).toMatchObject({ type: 'unavailable' });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
