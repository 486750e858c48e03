import { canonicalBytes } from '@onus/domain';
import { type EventStore, type StoredEvent } from '@onus/event-store';
import { hashEquals, leafHash, MerkleTree, toHex } from '@onus/integrity';
import { toLedgerEvent } from '@onus/ledger';
import { formatCheckpoint, type NoteSigner, signNote } from '@onus/integrity';
import { type NotaryStorage, type StoredCheckpoint } from './sqlite-node-store';

/** Time and timers, injected so that tests decide when checkpoints fall due. */
export interface NotaryClock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The wall clock. Its timers are unref'd: a pending checkpoint never keeps a process alive. */
export const systemClock: NotaryClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The signing key and how verifiers name it. */
export interface NotaryKey extends NoteSigner {
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  /** `<name>+<hex key ID>+<base64(0x01 || public key)>`. */
  readonly verifierKey: string;
  readonly publicKeyPem?: string;
}

export interface NotaryOptions {
  readonly events: EventStore;
  readonly storage: NotaryStorage;
  readonly key: NotaryKey;
  /** The checkpoint origin line. Default: the key name (tlog-checkpoint: they SHOULD match). */
  readonly origin?: string;
  /** Publish a checkpoint once this many leaves were added since the last one (N ≥ 1). */
  readonly everyEvents: number;
  /**
   * Publish a checkpoint once this many milliseconds passed since the last one (or since the
   * notary started, before the first), if at least one leaf was added (T > 0; Infinity: never).
   */
  readonly everyMs: number;
  readonly clock?: NotaryClock;
  /** Leaves per transaction, at most. Default 1000. */
  readonly batchSize?: number;
  /** After a failed subscription, wait this long before following again. Default 1000 ms. */
  readonly retryMs?: number;
  /** The leaf bytes of an event. Default {@link ledgerLeaf}. */
  readonly leafOf?: (stored: StoredEvent) => Uint8Array;
  readonly onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
  /** Failures while following live (the notary then follows again from its committed size). */
  readonly onError?: (error: Error) => void;
}

export interface InclusionProof {
  /** The event's global position, which is its leaf index. */
  readonly position: number;
  readonly size: number;
  /** `leafHash(leaf bytes)`, hex. */
  readonly leafHash: string;
  /** Audit path, hex, bottom up (RFC 9162 §2.1.3.1). */
  readonly proof: string[];
  /** The root at `size`, hex. */
  readonly root: string;
}

export interface NotaryPublicKey {
  readonly name: string;
  /** The 4-byte key ID, hex. */
  readonly keyId: string;
  /** Raw Ed25519 public key, base64. */
  readonly publicKey: string;
  readonly verifierKey: string;
  readonly pem?: string;
  readonly algorithm: 'Ed25519';
}

export class NotaryError extends Error {
  override readonly name = 'NotaryError';
}

/** The leaf of a ledger event: the UTF-8 of its canonical bytes, what its `hash` covers. */
export function ledgerLeaf(stored: StoredEvent): Buffer {
  return Buffer.from(canonicalBytes(toLedgerEvent(stored)), 'utf8');
}

type FlushMode = 'leaves' | 'due' | 'force';

/**
 * Follows the global log, appends one leaf per event (in position order) to an RFC 6962 tree
 * kept in {@link NotaryStorage}, and publishes signed checkpoints (C2SP tlog-checkpoint notes):
 * every `everyEvents` leaves, or `everyMs` after the last checkpoint when leaves were added since,
 * whichever comes first. Leaves are committed in batches, each with the tree size (and the
 * checkpoint it completes, if any) in one transaction.
 *
 * `start()` catches up with `readAll` and then follows with `subscribe`. Without `start`,
 * `publishNow()` catches up and publishes once (a one-shot command).
 */
export class Notary {
  private readonly events: EventStore;
  private readonly storage: NotaryStorage;
  private readonly key: NotaryKey;
  private readonly origin: string;
  private readonly everyEvents: number;
  private readonly everyMs: number;
  private readonly clock: NotaryClock;
  private readonly batchSize: number;
  private readonly retryMs: number;
  private readonly leafOf: (stored: StoredEvent) => Uint8Array;

  private tree: MerkleTree;
  /** Leaf hashes taken in but not committed yet: positions tree.size, tree.size + 1, … */
  private pending: Buffer[] = [];
  private last: StoredCheckpoint | undefined;
  /** The last checkpoint's time, or the notary's start: `everyMs` counts from it. */
  private lastTimeMs: number;
  private timer: { handle: unknown } | undefined;
  private flushScheduled = false;
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastError: Error | undefined;
  private readonly waiters: Array<{ size: number; resolve: () => void }> = [];

  constructor(private readonly options: NotaryOptions) {
    if (!Number.isSafeInteger(options.everyEvents) || options.everyEvents < 1) {
      throw new NotaryError('everyEvents must be a whole number ≥ 1');
    }
    if (!(options.everyMs > 0)) throw new NotaryError('everyMs must be > 0 (or Infinity)');
    this.events = options.events;
    this.storage = options.storage;
    this.key = options.key;
    this.origin = options.origin ?? options.key.name;
    this.everyEvents = options.everyEvents;
    this.everyMs = options.everyMs;
    this.clock = options.clock ?? systemClock;
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    this.retryMs = options.retryMs ?? 1000;
    this.leafOf = options.leafOf ?? ledgerLeaf;

    this.tree = new MerkleTree({ store: this.storage, size: this.storage.treeSize() });
    this.last = this.storage.latestCheckpoint();
    if (this.last !== undefined) {
      if (this.last.size > this.tree.size) {
        throw new NotaryError(
          `checkpoint of size ${this.last.size} beyond the stored tree (${this.tree.size})`,
        );
      }
      if (!hashEquals(this.tree.root(this.last.size), this.last.root)) {
        throw new NotaryError(`the stored tree disagrees with checkpoint ${this.last.size}`);
      }
    }
    this.lastTimeMs = this.last?.timeMs ?? this.clock.now();
  }

  /** Leaves committed (the tree size). */
  get size(): number {
    return this.tree.size;
  }

  /** The last failure while following live, if any. */
  get error(): Error | undefined {
    return this.lastError;
  }

  /**
   * Checks the log against the stored tree, catches up, then follows the log live. Resolves
   * once caught up.
   */
  async start(): Promise<void> {
    if (this.stopped) throw new NotaryError('the notary is stopped');
    if (this.running !== undefined) return;
    await this.checkLog();
    await this.catchUp();
    this.running ??= this.follow();
    this.armTimer();
  }

  /** Reads the log from the committed size to its end and commits it (checkpoints as due). */
  async catchUp(): Promise<number> {
    for await (const stored of this.events.readAll(this.nextPosition)) {
      if (this.stopped) break;
      this.ingest(stored, false);
    }
    this.flush('due');
    return this.tree.size;
  }

  /**
   * Catches up with the log and publishes a checkpoint of the whole tree now, unless the last
   * checkpoint already has this size (then that one is returned).
   */
  async publishNow(): Promise<StoredCheckpoint> {
    await this.catchUp();
    return this.flush('force') ?? this.last!;
  }

  /** Resolves once at least `size` leaves are committed. */
  reached(size: number): Promise<void> {
    if (this.tree.size >= size) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ size, resolve }));
  }

  latest(): StoredCheckpoint | undefined {
    return this.last;
  }

  checkpointAt(size: number): StoredCheckpoint | undefined {
    return this.storage.checkpointAt(size);
  }

  checkpoints(fromSize = 0, limit = 1000): StoredCheckpoint[] {
    return this.storage.checkpoints(fromSize, limit);
  }

  /** The root at `size` (default: the committed size), hex. */
  root(size: number = this.tree.size): string {
    return toHex(this.tree.root(size));
  }

  /** The consistency proof from tree size `from` to `to` (hex), RFC 9162 §2.1.4. */
  consistency(from: number, to: number = this.tree.size): string[] {
    return this.tree.consistencyProof(from, to).map(toHex);
  }

  /** The inclusion proof of the event at `position` in the tree of `size` leaves. */
  inclusion(position: number, size: number = this.tree.size): InclusionProof {
    const proof = this.tree.inclusionProof(position, size).map(toHex);
    return {
      position,
      size,
      leafHash: toHex(this.tree.leafHashAt(position)),
      proof,
      root: toHex(this.tree.root(size)),
    };
  }

  publicKey(): NotaryPublicKey {
    return {
      name: this.key.name,
      keyId: this.key.keyId.toString('hex'),
      publicKey: this.key.publicKey.toString('base64'),
      verifierKey: this.key.verifierKey,
      ...(this.key.publicKeyPem === undefined ? {} : { pem: this.key.publicKeyPem }),
      algorithm: 'Ed25519',
    };
  }

  /** Stops following, commits the leaves taken in (publishing only what is due). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    this.clearTimer();
    await this.running;
    this.flush('leaves');
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  // ---- internals ----------------------------------------------------------------------------

  private get nextPosition(): number {
    return this.tree.size + this.pending.length;
  }

  /** The log must hold the tree's leaves: at least as long, and the same last leaf. */
  private async checkLog(): Promise<void> {
    const size = this.tree.size;
    if (size === 0) return;
    const head = await this.events.headPosition();
    if (head < size) {
      throw new NotaryError(`the log has ${head} events but the notary's tree has ${size} leaves`);
    }
    for await (const stored of this.events.readAll(size - 1)) {
      if (
        stored.position !== size - 1 ||
        !hashEquals(leafHash(this.leafOf(stored)), this.tree.leafHashAt(size - 1))
      ) {
        throw new NotaryError(`the event at position ${size - 1} is not the one in the tree`);
      }
      return;
    }
  }

  private async follow(): Promise<void> {
    const { signal } = this.controller;
    while (!signal.aborted) {
      try {
        for await (const stored of this.events.subscribe({
          fromPosition: this.nextPosition,
          signal,
        })) {
          this.ingest(stored, true);
        }
      } catch (error) {
        if (signal.aborted) return;
        this.report(error);
        await this.sleep(this.retryMs, signal);
      }
    }
  }

  private ingest(stored: StoredEvent, live: boolean): void {
    const expected = this.nextPosition;
    if (stored.position < expected) return; // Already in (catch-up and live overlapping).
    if (stored.position > expected) {
      throw new NotaryError(`event at position ${stored.position} where ${expected} was expected`);
    }
    this.pending.push(leafHash(this.leafOf(stored)));
    const sinceLast = this.nextPosition - (this.last?.size ?? 0);
    if (sinceLast >= this.everyEvents || this.pending.length >= this.batchSize) {
      this.flush('due');
    } else if (live) {
      this.scheduleFlush();
    }
  }

  /**
   * Live events arrive one by one. Commit them once the subscription has delivered what it
   * had (after the current round of I/O callbacks), so that a burst is one transaction.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        this.flush('due');
      } catch (error) {
        this.report(error);
      }
    });
  }

  /**
   * Commits the pending leaves, with a checkpoint if one is due ('due', 'leaves'), or in any
   * case unless the last checkpoint already has the tree's size ('force'). One transaction.
   */
  private flush(mode: FlushMode): StoredCheckpoint | undefined {
    const leaves = this.pending;
    const size = this.tree.size + leaves.length;
    const publish =
      mode === 'force' ? this.last?.size !== size || this.last === undefined : this.isDue(size);
    if (leaves.length === 0 && !publish) return undefined;
    this.pending = [];
    const base = this.tree.size;
    let checkpoint: StoredCheckpoint | undefined;
    try {
      this.storage.commit(base, () => {
        for (const leaf of leaves) this.tree.append(leaf);
        checkpoint = publish ? this.sign(this.tree.size) : undefined;
        return { size: this.tree.size, ...(checkpoint ? { checkpoint } : {}) };
      });
    } catch (error) {
      // Nothing was written: put the tree back as stored. The leaves are taken in again from
      // the log (the live loop resubscribes from the committed size).
      this.tree = new MerkleTree({ store: this.storage, size: this.storage.treeSize() });
      throw error;
    }
    if (checkpoint !== undefined) {
      this.last = checkpoint;
      this.lastTimeMs = checkpoint.timeMs;
      this.clearTimer();
      this.options.onCheckpoint?.(checkpoint);
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.size <= this.tree.size) this.waiters.splice(i, 1)[0]!.resolve();
    }
    this.armTimer();
    return checkpoint;
  }

  private isDue(size: number): boolean {
    const added = size - (this.last?.size ?? 0);
    if (added <= 0) return false;
    return added >= this.everyEvents || this.clock.now() - this.lastTimeMs >= this.everyMs;
  }

  private sign(size: number): StoredCheckpoint {
    const root = this.tree.root(size);
    // Never earlier than the checkpoint before, even if the clock steps back.
    const timeMs = Math.max(this.clock.now(), this.last?.timeMs ?? 0);
    const body = formatCheckpoint({ origin: this.origin, size, root, timeMs });
    return { size, root, timeMs, note: signNote(body, this.key) };
  }

  /** Arms the `everyMs` timer while leaves are waiting for a checkpoint. */
  private armTimer(): void {
    if (this.stopped || this.timer !== undefined || !Number.isFinite(this.everyMs)) return;
    if (this.nextPosition <= (this.last?.size ?? 0)) return;
    const delay = Math.max(0, this.lastTimeMs + this.everyMs - this.clock.now());
    const timer = {
      handle: this.clock.setTimeout(() => {
        if (this.timer !== timer) return;
        this.timer = undefined;
        try {
          this.flush('due');
        } catch (error) {
          this.report(error);
        }
        this.armTimer();
      }, delay),
    };
    this.timer = timer;
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  private report(error: unknown): void {
    const failure =
      error instanceof Error ? error : new Error('the notary failed', { cause: error });
    this.lastError = failure;
    this.options.onError?.(failure);
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        this.clock.clearTimeout(handle);
        resolve();
      };
      const handle = this.clock.setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
