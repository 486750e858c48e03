import { type EventStore } from '@onus/event-store';
import { toLedgerEvent } from '@onus/ledger';
import { type LedgerEvent } from '@onus/domain';
import { type Projection } from './projection';
import { type Generation, type ReadModelStore } from './read-model-store';

export interface ProjectionRunnerOptions {
  /** Events per transaction while following, at most. Default 1000. */
  readonly batchSize?: number;
  /** Events per transaction in {@link ProjectionRunner.rebuild}. Default 10,000. */
  readonly rebuildBatchSize?: number;
  /** How often to look for generations another process created (a rebuild). Default 1000 ms. */
  readonly discoverMs?: number;
  readonly onError?: (error: Error) => void;
}

/** What a generation follower reports: where it is, and whether it is the one queries read. */
interface Follower {
  readonly projection: Projection;
  readonly generation: number;
  readonly controller: AbortController;
  done: Promise<void>;
}

/**
 * Keeps every projection's read model up to date: one follower per generation being built or
 * served, each a catch-up subscription from its own checkpoint, committing a batch per
 * transaction. A generation whose version is not the code's is frozen (still served) while a new
 * one is built beside it; the new one takes over once it has caught up with the log.
 */
export class ProjectionRunner {
  private readonly followers = new Map<string, Follower>();
  private readonly batchSize: number;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly models: ReadModelStore,
    readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
  }

  projection(name: string): Projection | undefined {
    return this.projections.find((p) => p.name === name);
  }

  /** Sets up the generations the code needs, and follows them. */
  start(): void {
    for (const projection of this.projections) this.prepare(projection);
    this.discover();
    const every = this.options.discoverMs ?? 1000;
    this.timer = setInterval(() => this.discover(), every);
    this.timer.unref();
  }

  /** The checkpoint of the generation queries read: every event before it is in. */
  position(name: string): number {
    return this.models.active(name)?.position ?? 0;
  }

  /** True when the generation queries read is the one the code builds (not a frozen old one). */
  isCurrent(name: string): boolean {
    const active = this.models.active(name);
    return active !== undefined && active.version === this.projection(name)?.version;
  }

  /** Resolves true once the active read model holds `position` (false after `timeoutMs`). */
  async reached(name: string, position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.position(name) > position) return true;
      const left = deadline - Date.now();
      if (left <= 0 || this.stopped) return false;
      // Woken by a commit here, or by polling for one made by another process.
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.listeners.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 50));
        this.listeners.add(wake);
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const running = [...this.followers.values()];
    for (const follower of running) follower.controller.abort();
    await Promise.all(running.map((f) => f.done));
    this.followers.clear();
  }

  /**
   * Builds a new generation of each of `projections` from position 0 to the head of the log, in
   * one read of the log, then makes each the one queries read. For `onus projections rebuild`:
   * the old read models serve until the switch.
   */
  async rebuild(
    projections: readonly Projection[],
    onProgress?: (position: number, head: number) => void,
  ): Promise<Generation[]> {
    const building = projections.map((projection) => ({
      projection,
      generation: this.models.create(projection).generation,
    }));
    const at = ({ projection, generation }: (typeof building)[number]): number => {
      const row = this.models.generation(projection.name, generation);
      if (!row) {
        throw new Error(
          `${projection.name} generation ${generation} was removed during the rebuild`,
        );
      }
      return row.position;
    };
    let head = await this.store.headPosition();
    let batch: LedgerEvent[] = [];
    const commit = (): void => {
      if (batch.length === 0) return;
      for (const { projection, generation } of building) {
        this.models.apply(projection, generation, batch);
      }
      batch = [];
      onProgress?.(Math.min(...building.map(at)), head);
    };
    for (;;) {
      const from = Math.min(...building.map(at));
      for await (const stored of this.store.readAll(from)) {
        batch.push(toLedgerEvent(stored));
        if (batch.length >= (this.options.rebuildBatchSize ?? 10_000)) commit();
      }
      commit();
      head = await this.store.headPosition();
      if (Math.min(...building.map(at)) >= head) break;
    }
    for (const { projection, generation } of building) this.models.promote(projection, generation);
    this.notify();
    return building.map(
      ({ projection, generation }) => this.models.generation(projection.name, generation)!,
    );
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Makes sure a generation of the code's version exists; drops stale unfinished builds. */
  private prepare(projection: Projection): void {
    const generations = this.models.generations(projection.name);
    const current = generations.filter((g) => g.version === projection.version);
    for (const stale of generations.filter((g) => !g.active && g.version !== projection.version)) {
      this.models.drop(projection, stale.generation);
    }
    if (current.length === 0) this.models.create(projection);
  }

  /** Starts a follower for every generation of the code's version that has none. */
  private discover(): void {
    if (this.stopped) return;
    for (const projection of this.projections) {
      for (const generation of this.models.generations(projection.name)) {
        if (generation.version !== projection.version) continue;
        const key = `${projection.name}#${generation.generation}`;
        if (this.followers.has(key)) continue;
        const follower: Follower = {
          projection,
          generation: generation.generation,
          controller: new AbortController(),
          done: Promise.resolve(),
        };
        this.followers.set(key, follower);
        follower.done = this.follow(follower, generation.position).finally(() => {
          this.followers.delete(key);
        });
      }
    }
  }

  private async follow(follower: Follower, from: number): Promise<void> {
    const { projection, generation, controller } = follower;
    const { signal } = controller;
    let pending: LedgerEvent[] = [];
    let scheduled = false;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const position = this.models.apply(projection, generation, batch);
      if (position === undefined) {
        controller.abort(); // Replaced by a rebuild: its successor has its own follower.
        return;
      }
      const row = this.models.generation(projection.name, generation);
      if (row && (!row.active || !row.indexed)) {
        if (position >= (await this.store.headPosition())) {
          // Caught up: a new generation takes over; a first one gets its indexes.
          if (row.active) this.models.index(projection, generation);
          else this.models.promote(projection, generation);
        }
      }
      this.notify();
    };
    try {
      for await (const stored of this.store.subscribe({ fromPosition: from, signal })) {
        pending.push(toLedgerEvent(stored));
        if (pending.length >= this.batchSize) {
          await flush();
        } else if (!scheduled) {
          // Commit what the subscription delivered in one go as one transaction.
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            flush().catch((error: unknown) => this.report(error));
          });
        }
      }
      await flush();
    } catch (error) {
      if (!signal.aborted) this.report(error);
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}
