import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { type FakeEsdb, startFakeEsdb } from '../../../../test/esdb-fake/fake-esdb';
import { EventIdConflictError } from '../event-store.errors';
import { type StoredEvent } from '../event-store.port';
import {
  collect,
  type EventStoreFactory,
  newEvent,
  testEventStore,
  waitFor,
} from '../testing/event-store.contract';
import { esdbEventId } from './esdb-codec';
import { EsdbEventStore, type EsdbEventStoreOptions } from './esdb.event-store';

const READ = '/event_store.client.streams.Streams/Read';
const APPEND = '/event_store.client.streams.Streams/Append';
const BATCH_APPEND = '/event_store.client.streams.Streams/BatchAppend';
const GOSSIP = '/event_store.client.gossip.Gossip/Read';

const uniquePrefix = (): string => `test-${randomUUID()}:`;

/** Each store gets its own stream prefix: stores sharing a server never see each other's events. */
function factoryFor(url: () => string): EventStoreFactory {
  return async () => {
    const settings: EsdbEventStoreOptions = {
      connectionString: url(),
      streamPrefix: uniquePrefix(),
    };
    let store = await EsdbEventStore.connect(settings);
    return {
      store,
      // Reopening rebuilds the dense index from $all: what a restarted process does.
      reopen: async () => {
        await store.close();
        store = await EsdbEventStore.connect(settings);
        return store;
      },
    };
  };
}

describe('EsdbEventStore on the fake EventStoreDB', () => {
  let fake: FakeEsdb;
  beforeAll(async () => {
    fake = await startFakeEsdb();
  });
  afterAll(async () => {
    await fake.stop();
  });

  testEventStore(
    'esdb (fake gRPC server)',
    factoryFor(() => fake.url),
    { durable: true },
  );

  it('appends through Streams/BatchAppend, which the server advertises', () => {
    expect(fake.calls.get(BATCH_APPEND)).toBeGreaterThan(0);
    expect(fake.calls.get(APPEND)).toBeUndefined();
  });
});

describe('EsdbEventStore: EventStoreDB specifics', () => {
  // A server of their own: its $all stays small, so stores with tiny pages build their index fast.
  let fake: FakeEsdb;
  beforeAll(async () => {
    fake = await startFakeEsdb();
  });
  afterAll(async () => {
    await fake.stop();
  });

  describe('on the fake EventStoreDB', () => {
    const opened: EsdbEventStore[] = [];
    async function open(options: Partial<EsdbEventStoreOptions> = {}): Promise<EsdbEventStore> {
      const store = await EsdbEventStore.connect({
        connectionString: fake.url,
        streamPrefix: uniquePrefix(),
        ...options,
      });
      opened.push(store);
      return store;
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('numbers ledger events densely over a sparse $all shared with other writers', async () => {
      const prefix = uniquePrefix();
      // Pages of 2 over runs of 3 foreign events: readAll must walk past pages with no ledger event.
      const store = await open({ streamPrefix: prefix, pageSize: 2 });
      const written: StoredEvent[] = [];
      for (let i = 0; i < 6; i++) {
        fake.appendForeign('another-app');
        fake.appendForeign('$stats-127.0.0.1:2113', '$statsCollected');
        fake.appendForeign(`${prefix.slice(0, -1)}-lookalike`); // shares all of the prefix but its ':'
        written.push(...(await store.append(`s-${i % 2}`, [newEvent('N', { i })], 'any')).events);
      }
      expect(written.map((e) => e.position)).toEqual([0, 1, 2, 3, 4, 5]);

      // Underneath: commit/prepare positions with gaps, foreign events in between.
      const records = fake.log.records;
      const ours = records.filter((r) => r.stream.startsWith(prefix));
      expect(ours).toHaveLength(6);
      for (let i = 1; i < ours.length; i++) {
        expect(records.indexOf(ours[i]!) - records.indexOf(ours[i - 1]!)).toBe(4);
        expect(ours[i]!.position.commit - ours[i - 1]!.position.commit).toBeGreaterThan(100n);
      }

      for (let from = 0; from <= 6; from++) {
        expect(await collect(store.readAll(from))).toEqual(written.slice(from));
      }
      expect(await store.headPosition()).toBe(6);
      for (const event of written) expect(await store.getById(event.id)).toEqual(event);
      expect(await collect(store.readStream('s-1'))).toEqual(
        written.filter((e) => e.stream === 's-1'),
      );

      // Another process on the same prefix builds the same numbering from $all.
      const other = await open({ streamPrefix: prefix });
      expect(await collect(other.readAll())).toEqual(written);
      expect(await collect(other.subscribe({ fromPosition: 2 }), 4)).toEqual(written.slice(2));
    });

    it('keeps the numbering when events of one append share a commit position', async () => {
      const store = await open();
      const first = await store.append('s', [newEvent(), newEvent(), newEvent()], 'no_stream');
      fake.appendForeign('another-app');
      const second = await store.append('t', [newEvent(), newEvent()], 'no_stream');
      const ours = fake.log.records.filter((r) =>
        first.events.some((e) => esdbEventId(e.id) === r.id),
      );
      expect(new Set(ours.map((r) => r.position.commit)).size).toBe(1);
      expect(new Set(ours.map((r) => r.position.prepare)).size).toBe(3);
      expect([...first.events, ...second.events].map((e) => e.position)).toEqual([0, 1, 2, 3, 4]);
      expect((await collect(store.readAll(1))).map((e) => e.position)).toEqual([1, 2, 3, 4]);
      expect(
        (await collect(store.subscribe({ fromPosition: 2 }), 3)).map((e) => e.position),
      ).toEqual([2, 3, 4]);
    });

    it('re-establishes a dropped subscription from its last event: no gap, no duplicate', async () => {
      const store = await open();
      const append = async (from: number, to: number): Promise<void> => {
        for (let n = from; n < to; n++)
          await store.append(`s-${n % 3}`, [newEvent('N', { n })], 'any');
      };
      await append(0, 5);
      const controller = new AbortController();
      const seen: StoredEvent[] = [];
      const done = (async () => {
        for await (const event of store.subscribe({ fromPosition: 1, signal: controller.signal })) {
          seen.push(event);
          if (seen.length === 19) controller.abort();
        }
      })();
      await waitFor(() => seen.length === 4);

      // A lost connection (UNAVAILABLE: the client also reconnects its channel) while events are
      // written; then a drop the client does not take for a lost connection; then another in a row.
      const reads = fake.calls.get(READ) ?? 0;
      expect(fake.dropSubscriptions()).toBeGreaterThanOrEqual(1);
      await append(5, 10);
      await waitFor(() => seen.length === 9);
      expect(fake.dropSubscriptions(status.ABORTED)).toBeGreaterThanOrEqual(1);
      await append(10, 15);
      await waitFor(() => seen.length === 14);
      expect(fake.dropSubscriptions(status.INTERNAL)).toBeGreaterThanOrEqual(1);
      expect(fake.dropSubscriptions(status.INTERNAL)).toBe(0);
      await append(15, 20);
      await done;

      expect(seen.map((e) => e.position)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
      expect(seen.map((e) => e.data.n)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
      expect(fake.calls.get(READ)! - reads).toBeGreaterThanOrEqual(3); // three new subscriptions at least
    });

    it('goes on across a restart of the server: no gap, no duplicate', async () => {
      let node = await startFakeEsdb();
      try {
        const store = await open({ connectionString: node.url });
        const controller = new AbortController();
        const seen: number[] = [];
        const done = (async () => {
          for await (const event of store.subscribe({
            fromPosition: 0,
            signal: controller.signal,
          })) {
            seen.push(event.position);
            if (seen.length === 6) controller.abort();
          }
        })();
        for (let n = 0; n < 3; n++) await store.append('s', [newEvent('N', { n })], 'any');
        await waitFor(() => seen.length === 3);

        // Down long enough for re-subscribing to fail a few times, then back with the same data.
        const { log, port } = node;
        await node.stop();
        await new Promise((resolve) => setTimeout(resolve, 300));
        node = await startFakeEsdb({ port, log });

        for (let n = 3; n < 6; n++) await store.append('s', [newEvent('N', { n })], 'any');
        await done;
        expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
      } finally {
        await node.stop();
      }
    });

    it('a subscription from beyond the head waits for that position', async () => {
      const store = await open();
      await store.append('s', [newEvent('N', { n: 0 })], 'no_stream');
      const got = collect(store.subscribe({ fromPosition: 3 }), 2);
      for (let n = 1; n < 5; n++) await store.append('s', [newEvent('N', { n })], 'any');
      expect((await got).map((e) => [e.position, e.data.n])).toEqual([
        [3, 3],
        [4, 4],
      ]);
    });

    it('close() ends live subscriptions', async () => {
      const store = await open();
      const done = collect(store.subscribe({ fromPosition: 0 }));
      await store.append('s', [newEvent()], 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.close();
      expect((await done).map((e) => e.position)).toEqual([0]);
    });

    it('round-trips ids that are not UUIDs, or not canonical ones', async () => {
      const prefix = uniquePrefix();
      const store = await open({ streamPrefix: prefix });
      const ids = [
        'invoice-2024-001',
        'Zürich/ticket 7 ✓',
        randomUUID().toUpperCase(),
        randomUUID(),
      ];
      const events = ids.map((id, i) => ({ id, type: 'T', data: { i } }));
      expect((await store.append('s', events, 'no_stream')).events.map((e) => e.id)).toEqual(ids);

      expect((await collect(store.readStream('s'))).map((e) => e.id)).toEqual(ids);
      expect((await collect(store.readAll())).map((e) => e.id)).toEqual(ids);
      expect((await collect(store.subscribe({ fromPosition: 0 }), 4)).map((e) => e.id)).toEqual(
        ids,
      );
      for (const [i, id] of ids.entries())
        expect(await store.getById(id)).toMatchObject({ id, position: i });

      // In ESDB: a canonical UUID is the ESDB id; anything else maps to a deterministic UUID v5,
      // the port id being kept in the metadata.
      const records = fake.log.records.filter((r) => r.stream === `${prefix}s`);
      expect(records.map((r) => r.id)).toEqual(ids.map(esdbEventId));
      expect(records[3]!.id).toBe(ids[3]);
      for (const record of records.slice(0, 3)) {
        expect(record.id).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
      expect(esdbEventId(ids[0]!)).toBe(esdbEventId('invoice-2024-001'));
      expect(esdbEventId('invoice-2024-002')).not.toBe(esdbEventId(ids[0]!));
      expect(JSON.parse(Buffer.from(records[1]!.customMetadata).toString('utf8'))).toMatchObject({
        id: ids[1],
        recordedAt: expect.any(Number),
      });

      expect((await store.append('s', events, 'no_stream')).appended).toBe(false);
      await expect(
        store.append('s', [{ ...events[0]!, data: { i: 99 } }], 'any'),
      ).rejects.toBeInstanceOf(EventIdConflictError);
    });

    it("falls back on ESDB's idempotency when another writer stores the same ids first", async () => {
      const store = await open();
      // Another process wins the race between this store's id check and its append, with the
      // very same events: ESDB answers success without a position, and nothing is appended twice.
      const event = newEvent('X', { a: 1 });
      fake.beforeNextAppend((stream, proposed) => {
        fake.log.append(stream, { kind: 'no_stream' }, proposed);
      });
      const result = await store.append('s', [event], 'no_stream');
      expect(result.appended).toBe(false);
      expect(result.events).toEqual([
        expect.objectContaining({ id: event.id, revision: 0, position: 0 }),
      ]);
      expect(await store.headPosition()).toBe(1);

      // The same, but the other writer stored other data under the same id: a conflict.
      fake.beforeNextAppend((stream, proposed) => {
        const other = proposed.map((p) => ({ ...p, data: Buffer.from('{"a":3}') }));
        fake.log.append(stream, { kind: 'revision', revision: 0n }, other);
      });
      await expect(store.append('s', [newEvent('X', { a: 2 })], 0)).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      expect(await store.headPosition()).toBe(2);
    });

    it('appendMany: a failure no check could foresee keeps the earlier writes; a retry completes the call', async () => {
      const store = await open();
      const writes = [
        { stream: 'a', events: [newEvent('X', { n: 0 })], expectedRevision: 'no_stream' as const },
        { stream: 'b', events: [newEvent('X', { n: 1 })], expectedRevision: 'no_stream' as const },
      ];
      // The connection is lost just as the second write reaches the server.
      fake.beforeNextAppend(() =>
        fake.beforeNextAppend(() => {
          throw Object.assign(new Error('connection lost'), { code: status.UNAVAILABLE });
        }),
      );
      await expect(store.appendMany(writes)).rejects.toThrow(/connection lost/);
      expect(await store.headPosition()).toBe(1);
      expect(await store.streamRevision('b')).toBe(-1);

      const retried = await store.appendMany(writes);
      expect(retried.map((r) => r.appended)).toEqual([false, true]);
      expect(retried.map((r) => r.events.map((e) => [e.stream, e.revision, e.position]))).toEqual([
        [['a', 0, 0]],
        [['b', 0, 1]],
      ]);
    });

    it('connects with esdb+discover:// through the gossip service', async () => {
      const gossip = fake.calls.get(GOSSIP) ?? 0;
      const store = await open({
        connectionString: `esdb+discover://127.0.0.1:${fake.port}?tls=false`,
      });
      await store.append('s', [newEvent()], 'no_stream');
      expect(await store.headPosition()).toBe(1);
      expect(fake.calls.get(GOSSIP)).toBeGreaterThan(gossip);
    });

    it('refuses a stream prefix that is empty or names system streams', () => {
      expect(() => new EsdbEventStore({ connectionString: fake.url, streamPrefix: '' })).toThrow(
        /streamPrefix/,
      );
      expect(
        () => new EsdbEventStore({ connectionString: fake.url, streamPrefix: '$onus:' }),
      ).toThrow(/streamPrefix/);
    });
  });
});

// A server from before BatchAppend (EventStoreDB < 21.10): the client appends with Streams/Append.
describe('EsdbEventStore on a fake EventStoreDB without BatchAppend', () => {
  let fake: FakeEsdb;
  beforeAll(async () => {
    fake = await startFakeEsdb({ batchAppend: false });
  });
  afterAll(async () => {
    expect(fake.calls.get(APPEND)).toBeGreaterThan(0);
    expect(fake.calls.get(BATCH_APPEND)).toBeUndefined();
    await fake.stop();
  });

  testEventStore(
    'esdb (fake gRPC server, Streams/Append)',
    factoryFor(() => fake.url),
  );
});

// Against a real EventStoreDB / KurrentDB when one is given, e.g.
// ONUS_TEST_ESDB_URL='esdb://localhost:2113?tls=false' npx jest libs/event-store/src/esdb
const realServer = process.env.ONUS_TEST_ESDB_URL;
if (realServer) {
  testEventStore(
    'esdb (real server)',
    factoryFor(() => realServer),
    { durable: true },
  );
}
