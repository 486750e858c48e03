import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type StoredEvent } from '@onus/event-store';
import {
  fromHex,
  leafHash,
  MerkleTree,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from '@onus/integrity';
import { type IncomingEvent, Recorder } from '@onus/ledger';
import { openCheckpoint, parseVerifierKey } from '@onus/integrity';
import { ledgerLeaf, Notary, type NotaryClock, type NotaryOptions } from './notary';
import { signingKeyFromSeed } from './signing-key';
import { SqliteNotaryStore } from './sqlite-node-store';
import { scenarioEvents } from '@onus/ledger/testing/scenarios';

const ORIGIN = 'onus.local/ledger';
const START = Date.UTC(2024, 5, 1, 12, 0, 0);

const SMB = scenarioEvents('smb-declined-mfa'); // 14 events
const BANK = scenarioEvents('bank-unannounced-test'); // 12
const FINSERV = scenarioEvents('finserv-misplaced-sensor'); // 50

/** A clock whose timers run only when the test advances it. */
class FakeClock implements NotaryClock {
  time = START;
  private timers: Array<{ at: number; callback: () => void }> = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = until;
  }

  get pending(): number {
    return this.timers.length;
  }
}

const key = signingKeyFromSeed(createHash('sha256').update('notary spec').digest(), ORIGIN);
const otherKey = signingKeyFromSeed(createHash('sha256').update('other').digest(), ORIGIN);

describe('Notary', () => {
  let dir: string;
  let events: SqliteEventStore;
  let storage: SqliteNotaryStore;
  let recorder: Recorder;
  let clock: FakeClock;
  const notaries: Notary[] = [];

  function open(): void {
    events = new SqliteEventStore({ path: join(dir, 'ledger.db'), pollIntervalMs: 20 });
    storage = new SqliteNotaryStore(events.database);
    recorder = new Recorder(events, () => clock.now());
  }

  async function close(): Promise<void> {
    for (const notary of notaries.splice(0)) await notary.stop();
    storage.close();
    await events.close();
  }

  function notary(options: Partial<NotaryOptions> = {}): Notary {
    const created = new Notary({
      events,
      storage,
      key,
      everyEvents: 5,
      everyMs: 60_000,
      clock,
      ...options,
    });
    notaries.push(created);
    return created;
  }

  async function record(lines: readonly IncomingEvent[]): Promise<void> {
    for (const line of lines) await recorder.record([line], { kind: 'operator-import' });
  }

  async function allEvents(): Promise<StoredEvent[]> {
    const all: StoredEvent[] = [];
    for await (const stored of events.readAll()) all.push(stored);
    return all;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-notary-'));
    clock = new FakeClock();
    open();
  });

  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up to the root of a tree built directly from the same leaves', async () => {
    await record([...SMB, ...BANK, ...FINSERV]);
    const n = notary({ everyEvents: 1000, everyMs: Infinity, batchSize: 7 });
    expect(await n.catchUp()).toBe(76);

    const reference = new MerkleTree();
    for (const stored of await allEvents()) {
      const leaf = ledgerLeaf(stored);
      // The leaf is exactly the bytes the event's own hash covers.
      expect(createHash('sha256').update(leaf).digest('hex')).toBe(
        (stored.data as { hash: string }).hash,
      );
      reference.append(leafHash(leaf));
    }
    expect(n.root()).toBe(toHex(reference.root()));
    expect(storage.treeSize()).toBe(76);
    expect(n.checkpoints()).toEqual([]);
    // Forced: one checkpoint of the whole log; forcing again adds nothing.
    const forced = await n.publishNow();
    expect(forced.size).toBe(76);
    expect(toHex(forced.root)).toBe(toHex(reference.root()));
    expect(await n.publishNow()).toEqual(forced);
    expect(n.checkpoints()).toHaveLength(1);
  });

  it('publishes every N events, and T ms after the last checkpoint when leaves are waiting', async () => {
    await record([...SMB, ...BANK]); // 26 events
    const n = notary({ everyEvents: 5, everyMs: 60_000 });
    await n.start();
    expect(n.size).toBe(26);
    expect(n.checkpoints().map((c) => c.size)).toEqual([5, 10, 15, 20, 25]);

    clock.advance(59_999);
    expect(n.latest()!.size).toBe(25);
    clock.advance(1);
    expect(n.latest()).toMatchObject({ size: 26, timeMs: START + 60_000 });

    // Live: 4 more events are not enough for N, and T has not passed.
    await record(FINSERV.slice(0, 4));
    await n.reached(30);
    expect(n.latest()!.size).toBe(26);
    // The 5th since the last checkpoint publishes at once.
    await record(FINSERV.slice(4, 5));
    await n.reached(31);
    expect(n.latest()).toMatchObject({ size: 31, timeMs: START + 60_000 });

    // One more, then time: due 60 s after the last checkpoint.
    await record(FINSERV.slice(5, 6));
    await n.reached(32);
    clock.advance(59_999);
    expect(n.latest()!.size).toBe(31);
    clock.advance(1);
    expect(n.latest()).toMatchObject({ size: 32, timeMs: START + 120_000 });

    // No new leaf: time alone publishes nothing, and no timer is left armed.
    clock.advance(10 * 60_000);
    expect(n.latest()!.size).toBe(32);
    expect(clock.pending).toBe(0);

    // An event after a long quiet period: T has long passed, so it is published at once.
    await record(FINSERV.slice(6, 7));
    await n.reached(33);
    await new Promise((resolve) => setImmediate(resolve));
    expect(n.latest()).toMatchObject({ size: 33, timeMs: START + 720_000 });

    expect(n.checkpoints().map((c) => c.size)).toEqual([5, 10, 15, 20, 25, 26, 31, 32, 33]);
  });

  it('resumes after a restart at the persisted size, without recomputing or duplicating', async () => {
    await record(SMB);
    const first = notary({ everyEvents: 4 });
    await first.start();
    expect(first.checkpoints().map((c) => c.size)).toEqual([4, 8, 12]);
    const root = first.root();
    await close();

    open();
    await record(BANK.slice(0, 3)); // 17 events in the log, 14 in the tree
    let leaves = 0;
    let puts = 0;
    const put = storage.put.bind(storage);
    storage.put = (level, index, hash) => {
      puts++;
      put(level, index, hash);
    };
    const second = notary({
      everyEvents: 4,
      leafOf: (stored) => {
        leaves++;
        return ledgerLeaf(stored);
      },
    });
    expect(second.size).toBe(14);
    expect(second.root()).toBe(root);
    await second.start();
    // One leaf re-read to check the log still matches the tree, then the 3 new events.
    expect(leaves).toBe(1 + 3);
    // Only the nodes the three new leaves complete are written: 2n − popcount(n) in all.
    const reference = new MerkleTree();
    for (const stored of await allEvents()) reference.append(leafHash(ledgerLeaf(stored)));
    expect(second.root()).toBe(toHex(reference.root()));
    expect(puts).toBe(2 * 17 - popcount(17) - (2 * 14 - popcount(14)));
    expect(second.checkpoints().map((c) => c.size)).toEqual([4, 8, 12, 16]);
    const rows = storage.database
      .prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM merkle_nodes')
      .get()!;
    expect(rows.n).toBe(2 * 17 - popcount(17));
  });

  it('refuses a log that does not match its tree', async () => {
    const notaryFile = join(dir, 'notary.db');
    await record(BANK);
    const own = SqliteNotaryStore.open(notaryFile);
    const first = new Notary({ events, storage: own, key, everyEvents: 5, everyMs: 1000, clock });
    await first.catchUp();
    await first.stop();
    own.close();

    // The same notary file next to another log, with other events at the same positions.
    await events.close();
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(dir, `ledger.db${suffix}`), { force: true });
    open();
    await record(SMB);
    const reopened = SqliteNotaryStore.open(notaryFile);
    const second = new Notary({
      events,
      storage: reopened,
      key,
      everyEvents: 5,
      everyMs: 1000,
      clock,
    });
    await expect(second.start()).rejects.toThrow('is not the one in the tree');
    reopened.close();
  });

  it('serves inclusion and consistency proofs that verify against its checkpoints', async () => {
    await record([...SMB, ...BANK, ...FINSERV.slice(0, 11)]); // 37 events
    const n = notary({ everyEvents: 6 });
    await n.start();
    await n.publishNow();
    const checkpoints = n.checkpoints();
    expect(checkpoints.map((c) => c.size)).toEqual([6, 12, 18, 24, 30, 36, 37]);

    const all = await allEvents();
    for (const cp of checkpoints) {
      for (const stored of all.filter((e) => e.position < cp.size)) {
        const proof = n.inclusion(stored.position, cp.size);
        const leaf = leafHash(ledgerLeaf(stored));
        expect(proof.leafHash).toBe(toHex(leaf));
        expect(proof.root).toBe(toHex(cp.root));
        const path = proof.proof.map((h) => fromHex(h, 32));
        expect(verifyInclusion(leaf, stored.position, cp.size, path, cp.root)).toBe(true);
        expect(verifyInclusion(leaf, stored.position, cp.size, path, checkpoints[0]!.root)).toBe(
          cp.size === 6,
        );
      }
    }
    for (const a of checkpoints) {
      for (const b of checkpoints.filter((c) => c.size >= a.size)) {
        const proof = n.consistency(a.size, b.size).map((h) => fromHex(h, 32));
        expect(verifyConsistency(a.size, b.size, proof, a.root, b.root)).toBe(true);
        if (a.size < b.size) {
          expect(verifyConsistency(a.size, b.size, proof, b.root, b.root)).toBe(false);
        }
      }
    }
    expect(() => n.inclusion(37, 37)).toThrow();
    expect(() => n.consistency(10, 38)).toThrow();
  });

  it('signs notes that verify with its public key and fail with another', async () => {
    await record([...SMB, ...BANK]);
    const n = notary({ everyEvents: 5 });
    await n.start();
    await n.publishNow();
    const published = n.publicKey();
    expect(published).toMatchObject({
      name: ORIGIN,
      keyId: key.keyId.toString('hex'),
      verifierKey: key.verifierKey,
      algorithm: 'Ed25519',
    });
    const verifier = parseVerifierKey(published.verifierKey);
    const other = parseVerifierKey(otherKey.verifierKey);
    const checkpoints = n.checkpoints();
    expect(checkpoints).toHaveLength(6);
    for (const cp of checkpoints) {
      expect(openCheckpoint(cp.note, verifier, ORIGIN)).toEqual({
        origin: ORIGIN,
        size: cp.size,
        root: cp.root,
        timeMs: cp.timeMs,
      });
      expect(() => openCheckpoint(cp.note, other)).toThrow();
      expect(n.checkpointAt(cp.size)).toEqual(cp);
    }
  });

  it('keeps its own SQLite file next to a store it does not share', async () => {
    await record(SMB);
    const own = SqliteNotaryStore.open(join(dir, 'notary', 'notary.db'));
    const n = new Notary({ events, storage: own, key, everyEvents: 5, everyMs: 1000, clock });
    await n.catchUp();
    expect(own.treeSize()).toBe(14);
    expect(own.checkpoints().map((c) => c.size)).toEqual([5, 10]);
    await n.stop();
    own.close();
    const reopened = SqliteNotaryStore.open(join(dir, 'notary', 'notary.db'));
    expect(reopened.treeSize()).toBe(14);
    reopened.close();
  });

  it('commits a batch of nodes with its size, or nothing', () => {
    const h = createHash('sha256').update('x').digest();
    expect(() =>
      storage.commit(0, () => {
        storage.put(0, 0, h);
        throw new Error('crash in the middle');
      }),
    ).toThrow('crash in the middle');
    expect(storage.treeSize()).toBe(0);
    expect(storage.get(0, 0)).toBeUndefined();
    storage.commit(0, () => {
      storage.put(0, 0, h);
      return { size: 1 };
    });
    expect(storage.treeSize()).toBe(1);
    expect(() => storage.commit(0, () => ({ size: 2 }))).toThrow('another notary');
    storage.put(0, 0, h); // An identical re-put is a no-op…
    expect(() => storage.put(0, 0, createHash('sha256').update('y').digest())).toThrow(); // …not a different one.
  });
});

function popcount(n: number): number {
  let count = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) count += x % 2;
  return count;
}
