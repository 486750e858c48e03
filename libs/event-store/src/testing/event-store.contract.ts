import { randomUUID } from 'node:crypto';
import {
  EventIdConflictError,
  InvalidAppendError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import { type EventStore, type EventToAppend, type StoredEvent } from '../event-store.port';

export interface EventStoreFixture {
  readonly store: EventStore;
  /** Closes the store and opens the same storage again, when the adapter is durable. */
  readonly reopen?: () => Promise<EventStore>;
}

/** Each call gives a new, empty store. */
export type EventStoreFactory = () => Promise<EventStoreFixture>;

export function newEvent(type = 'Thing', data: EventToAppend['data'] = {}): EventToAppend {
  return { id: randomUUID(), type, data };
}

export async function collect<T>(
  source: AsyncIterable<T>,
  limit = Number.MAX_SAFE_INTEGER,
): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const item of source) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * The behaviour every EventStore adapter owes the ledger. Run it once per adapter:
 * `testEventStore('sqlite', async () => ({ store: … }))`.
 */
export function testEventStore(
  name: string,
  factory: EventStoreFactory,
  options: { durable?: boolean } = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });
    afterEach(async () => {
      await store.close();
    });

    describe('append', () => {
      it('gives dense revisions per stream and dense positions over the log', async () => {
        const a = await store.append(
          'a',
          [newEvent('X', { n: 1 }), newEvent('X', { n: 2 })],
          'no_stream',
        );
        const b = await store.append('b', [newEvent('Y')], 'no_stream');
        const a2 = await store.append('a', [newEvent('X', { n: 3 })], 1);

        expect(a.events.map((e) => [e.stream, e.revision, e.position])).toEqual([
          ['a', 0, 0],
          ['a', 1, 1],
        ]);
        expect(b.events.map((e) => [e.stream, e.revision, e.position])).toEqual([['b', 0, 2]]);
        expect(a2.events.map((e) => [e.stream, e.revision, e.position])).toEqual([['a', 2, 3]]);
        expect(a2.nextExpectedRevision).toBe(2);
        expect(a.appended && b.appended && a2.appended).toBe(true);
        expect(await store.headPosition()).toBe(4);
        expect(await store.streamRevision('a')).toBe(2);
        expect(await store.streamRevision('nowhere')).toBe(-1);
      });

      it('keeps data exactly, including nesting, unicode and large safe integers', async () => {
        const data = {
          text: 'Zürich ✓ 東京 "quoted" \\ back\nline',
          nested: { list: [1, 'two', null, true, { deep: [] }], empty: {} },
          big: 9007199254740991,
          negative: -42.5,
        };
        const [written] = (await store.append('s', [newEvent('T', data)], 'any')).events;
        const [read] = await collect(store.readStream('s'));
        expect(read!.data).toEqual(data);
        expect(written!.data).toEqual(data);
        expect((await store.getById(written!.id))?.data).toEqual(data);
      });

      it('stamps recordedAt, never earlier than the previous event, and keeps a given one', async () => {
        const first = await store.append('s', [newEvent()], 'no_stream');
        const second = await store.append('t', [newEvent()], 'no_stream');
        const given = { ...newEvent(), recordedAt: Date.UTC(2020, 0, 1, 12, 0, 0, 123) };
        const third = await store.append('s', [given], 0);

        expect(Number.isSafeInteger(first.events[0]!.recordedAt)).toBe(true);
        expect(Math.abs(first.events[0]!.recordedAt - Date.now())).toBeLessThan(60_000);
        expect(second.events[0]!.recordedAt).toBeGreaterThanOrEqual(first.events[0]!.recordedAt);
        expect(third.events[0]!.recordedAt).toBe(given.recordedAt);
        expect((await store.getById(given.id))?.recordedAt).toBe(given.recordedAt);
      });

      it.each([
        ['no_stream', -1, true],
        ['no_stream', 0, false],
        ['exists', -1, false],
        ['exists', 0, true],
        ['any', -1, true],
        ['any', 1, true],
        [0, 0, true],
        [0, 1, false],
        [1, 0, false],
        [-1, -1, true],
      ] as const)(
        'expected revision %p on a stream at %p: accepted = %p',
        async (expected, at, ok) => {
          const count = at + 1;
          if (count > 0) {
            await store.append(
              's',
              Array.from({ length: count }, () => newEvent()),
              'no_stream',
            );
          }
          const attempt = store.append('s', [newEvent()], expected);
          if (ok) {
            expect((await attempt).events[0]!.revision).toBe(count);
          } else {
            const error = await rejection(attempt);
            expect(error).toBeInstanceOf(WrongExpectedRevisionError);
            expect(error).toMatchObject({ stream: 's', expected, actual: at });
            expect(await store.headPosition()).toBe(count);
          }
        },
      );

      it('appends all events of one call or none', async () => {
        await store.append('s', [newEvent()], 'no_stream');
        const error = await rejection(store.append('s', [newEvent(), newEvent(), newEvent()], 5));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.headPosition()).toBe(1);
        expect(await collect(store.readStream('s'))).toHaveLength(1);
      });

      it('refuses malformed appends before storing anything', async () => {
        const twice = newEvent();
        await expect(store.append('s', [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append('', [newEvent()], 'any')).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(store.append('s', [twice, twice], 'any')).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        await expect(store.append('s', [newEvent()], 1.5)).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe('appendMany', () => {
      it('writes to several streams in the order given, as one unit', async () => {
        const results = await store.appendMany([
          { stream: 'a', events: [newEvent('X', { n: 0 })], expectedRevision: 'no_stream' },
          {
            stream: 'b',
            events: [newEvent('X', { n: 1 }), newEvent('X', { n: 2 })],
            expectedRevision: 'no_stream',
          },
          { stream: 'a', events: [newEvent('X', { n: 3 })], expectedRevision: 0 },
        ]);
        expect(results.map((r) => r.events.map((e) => [e.stream, e.revision, e.position]))).toEqual(
          [
            [['a', 0, 0]],
            [
              ['b', 0, 1],
              ['b', 1, 2],
            ],
            [['a', 1, 3]],
          ],
        );
        expect((await collect(store.readAll())).map((e) => e.data.n)).toEqual([0, 1, 2, 3]);
      });

      it('a write that fails leaves nothing of the call behind', async () => {
        await store.append('b', [newEvent()], 'no_stream');
        const error = await rejection(
          store.appendMany([
            { stream: 'a', events: [newEvent()], expectedRevision: 'no_stream' },
            { stream: 'b', events: [newEvent()], expectedRevision: 'no_stream' },
          ]),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream: 'b', actual: 0 });
        expect(await store.headPosition()).toBe(1);
        expect(await store.streamRevision('a')).toBe(-1);
        const next = await store.append('a', [newEvent()], 'no_stream');
        expect(next.events[0]).toMatchObject({ revision: 0, position: 1 });
      });
    });

    describe('idempotency by event id', () => {
      it('a retry of the same events appends nothing and returns the stored ones', async () => {
        const events = [newEvent('X', { a: 1, b: [1, 2] }), newEvent('X', { c: 'd' })];
        const first = await store.append('s', events, 'no_stream');
        await store.append('s', [newEvent()], 1);
        // The retry still says no_stream: a retry must succeed whatever the stream did since.
        const reordered = events.map((e) => ({
          ...e,
          data: Object.fromEntries(Object.entries(e.data).reverse()),
        }));
        const retry = await store.append('s', reordered, 'no_stream');

        expect(retry.appended).toBe(false);
        expect(retry.events.map((e) => [e.id, e.revision, e.position])).toEqual(
          first.events.map((e) => [e.id, e.revision, e.position]),
        );
        expect(await store.headPosition()).toBe(3);
      });

      it('the same id with other data, type or stream is a conflict and appends nothing', async () => {
        const original = newEvent('X', { a: 1 });
        await store.append('s', [original], 'no_stream');
        const attempts = [
          store.append('s', [{ ...original, data: { a: 2 } }], 'any'),
          store.append('s', [{ ...original, type: 'Y' }], 'any'),
          store.append('other', [original], 'any'),
          store.append('s', [original, newEvent()], 'any'),
        ];
        for (const attempt of attempts) {
          const error = await rejection(attempt);
          expect(error).toBeInstanceOf(EventIdConflictError);
          expect(error).toMatchObject({ eventId: original.id });
        }
        expect(await store.headPosition()).toBe(1);
      });

      it('within one appendMany, an id already stored or written earlier in the call counts', async () => {
        const stored = newEvent('X', { a: 1 });
        await store.append('s', [stored], 'no_stream');
        const twice = newEvent('X', { b: 1 });
        const results = await store.appendMany([
          { stream: 't', events: [twice], expectedRevision: 'no_stream' },
          // A retry of an event stored before the call, and one of an event written just above.
          { stream: 's', events: [stored], expectedRevision: 'no_stream' },
          { stream: 't', events: [twice], expectedRevision: 'no_stream' },
          { stream: 't', events: [newEvent('X', { c: 1 })], expectedRevision: 0 },
        ]);
        expect(results.map((r) => [r.appended, r.events[0]!.position])).toEqual([
          [true, 1],
          [false, 0],
          [false, 1],
          [true, 2],
        ]);
        const conflict = await rejection(
          store.appendMany([
            { stream: 'u', events: [newEvent()], expectedRevision: 'no_stream' },
            { stream: 'u', events: [{ ...twice, data: { b: 2 } }], expectedRevision: 'any' },
          ]),
        );
        expect(conflict).toBeInstanceOf(EventIdConflictError);
        expect(await store.headPosition()).toBe(3);
        expect(await store.streamRevision('u')).toBe(-1);
      });

      it('a retry far into a call of many writes (more rows than one insert takes) appends the rest in order', async () => {
        const stored = newEvent('X', { k: 0 });
        await store.append('s-0', [stored], 'no_stream');
        const writes = Array.from({ length: 150 }, (_, i) => ({
          stream: `s-${i + 1}`,
          events: [newEvent('X', { k: i + 1 })],
          expectedRevision: 'no_stream' as const,
        }));
        writes.splice(100, 0, { stream: 's-0', events: [stored], expectedRevision: 'no_stream' });
        const results = await store.appendMany(writes);
        expect(results.map((r) => r.appended)).toEqual(writes.map((_, i) => i !== 100));
        expect(results[100]!.events[0]!.position).toBe(0);
        const all = await collect(store.readAll());
        expect(all.map((e) => [e.position, e.data.k])).toEqual(
          Array.from({ length: 151 }, (_, i) => [i, i]),
        );
      });
    });

    describe('reads', () => {
      it('reads a stream forwards from a revision', async () => {
        await store.append(
          's',
          [1, 2, 3, 4, 5].map((n) => newEvent('X', { n })),
          'no_stream',
        );
        await store.append('t', [newEvent()], 'no_stream');
        const tail = await collect(store.readStream('s', 3));
        expect(tail.map((e) => [e.revision, e.data.n])).toEqual([
          [3, 4],
          [4, 5],
        ]);
        expect(await collect(store.readStream('missing'))).toEqual([]);
        expect(await collect(store.readStream('s', 99))).toEqual([]);
      });

      it('reads the global log from a position, in order, across many pages', async () => {
        const total = 2503;
        for (let start = 0; start < total; start += 250) {
          const batch = Array.from({ length: Math.min(250, total - start) }, (_, i) =>
            newEvent('N', { n: start + i }),
          );
          await store.append(`s-${start % 3}`, batch, 'any');
        }
        const all = await collect(store.readAll());
        expect(all).toHaveLength(total);
        expect(all.every((e, i) => e.position === i && e.data.n === i)).toBe(true);
        const from = await collect(store.readAll(2400));
        expect(from.map((e) => e.position)).toEqual(
          Array.from({ length: 103 }, (_, i) => 2400 + i),
        );
        expect(await collect(store.readAll(total))).toEqual([]);
      });

      it('reads the streams starting with a prefix, in log order, across pages', async () => {
        const total = 2503;
        for (let start = 0; start < total; start += 500) {
          const batch = Array.from({ length: Math.min(500, total - start) }, (_, i) =>
            newEvent('E', { n: start + i }),
          );
          // eng-1/… and eng-10/… share "eng-1" but not "eng-1/".
          await store.append(['eng-1/a', 'eng-10/a', 'eng-1/b'][(start / 500) % 3]!, batch, 'any');
        }
        const all = await collect(store.readAll());
        const expected = all.filter((e) => e.stream.startsWith('eng-1/'));
        const pages = await collect(store.readStreamsStartingWith('eng-1/'));
        expect(pages.every((page) => page.length > 0)).toBe(true);
        const read = pages.flat();
        expect(read.map((e) => e.position)).toEqual(expected.map((e) => e.position));
        expect(read).toEqual(expected);
        expect(new Set(read.map((e) => e.stream))).toEqual(new Set(['eng-1/a', 'eng-1/b']));
        expect(await collect(store.readStreamsStartingWith('eng-2/'))).toEqual([]);
      });

      it('reads by prefix exactly at the edges of the names: just below, just above, non-ASCII', async () => {
        const streams = [
          'eng-1.',
          'eng-1/',
          'eng-1/é',
          'eng-1/😀',
          'eng-10/x',
          'eng-1',
          'eng-1/alert/x',
          '/x',
          'üa',
          'ü/a',
          'ý/a',
          'ü',
        ];
        for (const stream of streams) await store.append(stream, [newEvent()], 'no_stream');
        const startingWith = async (prefix: string) =>
          (await collect(store.readStreamsStartingWith(prefix))).flat().map((e) => e.stream);
        for (const prefix of ['eng-1/', 'eng-1', 'eng-1/alert/', 'ü', 'ü/', 'eng-1/😀', '/', ''])
          expect(await startingWith(prefix)).toEqual(streams.filter((s) => s.startsWith(prefix)));
      });

      it('finds an event by id', async () => {
        const event = newEvent('X', { k: 'v' });
        await store.append('s', [newEvent()], 'no_stream');
        await store.append('s', [event], 0);
        expect(await store.getById(event.id)).toMatchObject<Partial<StoredEvent>>({
          id: event.id,
          stream: 's',
          revision: 1,
          position: 1,
          type: 'X',
          data: { k: 'v' },
        });
        expect(await store.getById(randomUUID())).toBeUndefined();
      });

      it('reads several streams at once: each whole, in revision order, across pages', async () => {
        // More events than one page (97 in the SQLite suite), interleaved over three streams.
        for (let round = 0; round < 80; round++)
          await store.appendMany(
            ['a', 'b', 'c'].map((stream) => ({
              stream,
              events: [newEvent('N', { stream, n: round })],
              expectedRevision: round === 0 ? 'no_stream' : round - 1,
            })),
          );
        const read = await collect(store.readStreams(['c', 'a', 'missing', 'a']));
        const byStream = (name: string) => read.filter((e) => e.stream === name);
        expect(read).toHaveLength(160);
        for (const name of ['a', 'c']) {
          expect(byStream(name).map((e) => e.revision)).toEqual([...Array(80).keys()]);
          expect(byStream(name)).toEqual(await collect(store.readStream(name)));
        }
        // One stream after another, never interleaved.
        const firstOfC = read.findIndex((e) => e.stream === 'c');
        const lastOfC = read.map((e) => e.stream).lastIndexOf('c');
        expect(lastOfC - firstOfC).toBe(79);
        expect(await collect(store.readStreams([]))).toEqual([]);
        // More streams than an adapter may read at once.
        const many = Array.from({ length: 70 }, (_, n) => `m-${n}`);
        await store.appendMany(
          many.map((stream) => ({ stream, events: [newEvent()], expectedRevision: 'no_stream' })),
        );
        const readMany = await collect(store.readStreams([...many].reverse()));
        expect(readMany.map((e) => e.stream).sort()).toEqual([...many].sort());
      });

      it('finds events by id, several at once, in the order asked', async () => {
        const [x, y] = [newEvent('X', { k: 1 }), newEvent('Y', { k: 2 })];
        await store.append('s', [x], 'no_stream');
        await store.append('t', [y], 'no_stream');
        const missing = randomUUID();
        const found = await store.getByIds([y.id, missing, x.id, y.id]);
        expect(found.map((e) => e && [e.id, e.stream, e.revision, e.data])).toEqual([
          [y.id, 't', 0, { k: 2 }],
          undefined,
          [x.id, 's', 0, { k: 1 }],
          [y.id, 't', 0, { k: 2 }],
        ]);
        expect(found[0]).toEqual(await store.getById(y.id));
        expect(await store.getByIds([])).toEqual([]);
      });
    });

    describe('concurrency', () => {
      it('many callers racing on one expected revision: exactly one winner each round', async () => {
        const rounds = 5;
        const callers = 16;
        for (let round = 0; round < rounds; round++) {
          const expected = round === 0 ? 'no_stream' : round - 1;
          const outcomes = await Promise.allSettled(
            Array.from({ length: callers }, (_, c) =>
              store.append('race', [newEvent('R', { round, c })], expected),
            ),
          );
          const winners = outcomes.filter((o) => o.status === 'fulfilled');
          const losers = outcomes.filter(
            (o): o is PromiseRejectedResult => o.status === 'rejected',
          );
          expect(winners).toHaveLength(1);
          expect(losers.every((o) => o.reason instanceof WrongExpectedRevisionError)).toBe(true);
        }
        const events = await collect(store.readStream('race'));
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      });

      it('many concurrent appends lose nothing and duplicate nothing', async () => {
        const callers = 64;
        const perCaller = 5;
        const ids = new Set<string>();
        await Promise.all(
          Array.from({ length: callers }, async (_, c) => {
            for (let i = 0; i < perCaller; i++) {
              const event = newEvent('C', { c, i });
              ids.add(event.id);
              await store.append(`stream-${c % 8}`, [event], 'any');
            }
          }),
        );
        const all = await collect(store.readAll());
        expect(all).toHaveLength(callers * perCaller);
        expect(new Set(all.map((e) => e.id))).toEqual(ids);
        expect(all.every((e, i) => e.position === i)).toBe(true);
        for (let s = 0; s < 8; s++) {
          const revisions = (await collect(store.readStream(`stream-${s}`))).map((e) => e.revision);
          expect(revisions).toEqual(revisions.map((_, i) => i));
        }
      });
    });

    describe('subscribe', () => {
      it('from position p: exactly the events from p in order, then live ones, until aborted', async () => {
        for (let n = 0; n < 10; n++) await store.append('s', [newEvent('N', { n })], 'any');
        const controller = new AbortController();
        const seen: StoredEvent[] = [];
        const done = (async () => {
          for await (const event of store.subscribe({
            fromPosition: 4,
            signal: controller.signal,
          })) {
            seen.push(event);
            if (seen.length === 9) controller.abort();
          }
        })();
        await waitFor(() => seen.length === 6);
        for (let n = 10; n < 13; n++) await store.append('t', [newEvent('N', { n })], 'any');
        await done;
        expect(seen.map((e) => e.position)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(seen.map((e) => e.data.n)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
      });

      it('a subscriber resumed from its checkpoint misses nothing written while it was away', async () => {
        for (let n = 0; n < 3; n++) await store.append('s', [newEvent('N', { n })], 'any');
        const first = new AbortController();
        let checkpoint = -1;
        for await (const event of store.subscribe({ fromPosition: 0, signal: first.signal })) {
          checkpoint = event.position;
          if (checkpoint === 2) first.abort();
        }
        for (let n = 3; n < 6; n++) await store.append('s', [newEvent('N', { n })], 'any');
        const second = new AbortController();
        const resumed: number[] = [];
        for await (const event of store.subscribe({
          fromPosition: checkpoint + 1,
          signal: second.signal,
        })) {
          resumed.push(event.position);
          if (resumed.length === 3) second.abort();
        }
        expect(resumed).toEqual([3, 4, 5]);
      });

      it('an idle live subscription ends promptly when aborted', async () => {
        const controller = new AbortController();
        const done = (async () => {
          const got: StoredEvent[] = [];
          for await (const event of store.subscribe({ fromPosition: 0, signal: controller.signal }))
            got.push(event);
          return got;
        })();
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.abort();
        expect(await done).toEqual([]);
      });
    });

    // Only durable adapters can be reopened; their factories give `reopen`.
    if (options.durable) {
      describe('durability', () => {
        it('what was acknowledged is there after reopening', async () => {
          expect(fixture.reopen).toBeDefined();
          const written = await store.append(
            's',
            [newEvent('X', { n: 1 }), newEvent('X', { n: 2 })],
            'no_stream',
          );
          store = await fixture.reopen!();
          const read = await collect(store.readAll());
          expect(read).toEqual(written.events);
          const next = await store.append('s', [newEvent()], 1);
          expect(next.events[0]).toMatchObject({ revision: 2, position: 2 });
        });
      });
    }
  });
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
