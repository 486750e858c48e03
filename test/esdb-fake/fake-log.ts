/**
 * The storage half of the fake EventStoreDB: an in-memory transaction log with EventStoreDB's
 * append semantics (expected revision, idempotent re-appends) and read semantics ($all by
 * commit/prepare position, streams by revision, filters). No gRPC here; see fake-esdb.ts.
 */

export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface FakeRecord {
  readonly stream: string;
  readonly revision: bigint;
  /** Lowercase canonical UUID, as EventStoreDB reports it. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  readonly position: LogPosition;
  /** .NET ticks (100 ns) since the Unix epoch, what the server puts in the `created` metadata. */
  readonly createdTicks: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly kind: 'success';
      readonly currentRevision: bigint;
      /** Absent for an idempotent re-append: EventStoreDB then answers "no position". */
      readonly position?: LogPosition;
    }
  | {
      readonly kind: 'wrong_expected_version';
      /** Undefined when the stream does not exist. */
      readonly currentRevision: bigint | undefined;
    }
  | { readonly kind: 'invalid'; readonly message: string };

export type Expression = { readonly prefixes: readonly string[] } | { readonly regex: RegExp };
export interface RecordFilter {
  readonly on: 'stream' | 'type';
  readonly expression: Expression;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TICKS_PER_MS = 10_000n;

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function matches(record: FakeRecord, filter: RecordFilter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? record.stream : record.type;
  const { expression } = filter;
  return 'prefixes' in expression
    ? expression.prefixes.some((prefix) => subject.startsWith(prefix))
    : expression.regex.test(subject);
}

export class FakeLog {
  private readonly all: FakeRecord[] = [];
  private readonly streams = new Map<string, FakeRecord[]>();
  private readonly listeners = new Set<(record: FakeRecord) => void>();
  /**
   * The next free byte of the fake transaction file. It starts well above zero and every record
   * takes a size-like number of bytes, so positions are sparse, as in a real log.
   */
  private nextLogPosition = 1_536n;

  constructor(private readonly now: () => number = Date.now) {}

  get records(): readonly FakeRecord[] {
    return this.all;
  }

  /** The position just past the last record: where a subscription "from the end" starts. */
  get end(): LogPosition {
    const last = this.all.at(-1);
    return last ? last.position : { commit: 0n, prepare: 0n };
  }

  stream(name: string): readonly FakeRecord[] | undefined {
    return this.streams.get(name);
  }

  /** Called synchronously for every record appended, in log order. */
  onAppend(listener: (record: FakeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(
    streamName: string,
    expected: ExpectedState,
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    for (const event of events) {
      if (!UUID.test(event.id))
        return { kind: 'invalid', message: `event id ${event.id} is not a UUID` };
      if (!event.type)
        return { kind: 'invalid', message: 'required metadata property "type" is missing' };
    }
    const existing = this.streams.get(streamName) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const ids = events.map((event) => event.id.toLowerCase());

    const idempotent = this.idempotentAt(existing, expected, ids);
    if (idempotent !== undefined) return { kind: 'success', currentRevision: idempotent };

    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!ok) return { kind: 'wrong_expected_version', currentRevision: current };
    if (events.length === 0) {
      return { kind: 'success', currentRevision: current ?? -1n, position: this.end };
    }

    // One append is one implicit transaction: its events share the commit position (that of the
    // first prepare) and each has its own prepare position, as EventStoreDB reports them.
    const commit = this.nextLogPosition;
    const created = BigInt(this.now()) * TICKS_PER_MS;
    const stored = events.map((event, index): FakeRecord => {
      const prepare = this.nextLogPosition;
      this.nextLogPosition +=
        83n + BigInt(event.data.length + event.customMetadata.length + event.type.length);
      return {
        stream: streamName,
        revision: BigInt(existing.length + index),
        id: ids[index]!,
        type: event.type,
        contentType: event.contentType,
        data: event.data,
        customMetadata: event.customMetadata,
        position: { commit, prepare },
        createdTicks: created,
      };
    });
    this.nextLogPosition += 41n; // the commit record
    this.streams.set(streamName, [...existing, ...stored]);
    this.all.push(...stored);
    for (const record of stored) for (const listener of [...this.listeners]) listener(record);
    const last = stored.at(-1)!;
    return {
      kind: 'success',
      currentRevision: last.revision,
      position: { commit, prepare: last.position.prepare },
    };
  }

  /**
   * EventStoreDB's idempotency check: with a specific expected revision, the events right after it
   * must carry exactly these ids; with any / stream_exists, the first id must be in the stream and
   * the following ones must follow it. Returns the stream's revision to report, or undefined.
   */
  private idempotentAt(
    existing: readonly FakeRecord[],
    expected: ExpectedState,
    ids: readonly string[],
  ): bigint | undefined {
    if (ids.length === 0) return undefined;
    let start: number;
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      start = expected.kind === 'no_stream' ? 0 : Number(expected.revision) + 1;
    } else {
      start = existing.findIndex((record) => record.id === ids[0]);
      if (start < 0) return undefined;
    }
    if (start + ids.length > existing.length) return undefined;
    const same = ids.every((id, i) => existing[start + i]!.id === id);
    return same ? BigInt(start + ids.length - 1) : undefined;
  }

  /** Forwards from `from` inclusive (or from the start), at most `count` matching records. */
  readAllForwards(
    from: LogPosition | 'start' | 'end',
    count: number,
    filter?: RecordFilter,
  ): FakeRecord[] {
    if (from === 'end') return [];
    const out: FakeRecord[] = [];
    for (
      let i = from === 'start' ? 0 : this.firstAtOrAfter(from);
      i < this.all.length && out.length < count;
      i++
    ) {
      const record = this.all[i]!;
      if (matches(record, filter)) out.push(record);
    }
    return out;
  }

  /** Backwards from `from` exclusive (or from the end), at most `count` matching records. */
  readAllBackwards(
    from: LogPosition | 'start' | 'end',
    count: number,
    filter?: RecordFilter,
  ): FakeRecord[] {
    if (from === 'start') return [];
    const out: FakeRecord[] = [];
    for (
      let i = (from === 'end' ? this.all.length : this.firstAtOrAfter(from)) - 1;
      i >= 0 && out.length < count;
      i--
    ) {
      const record = this.all[i]!;
      if (matches(record, filter)) out.push(record);
    }
    return out;
  }

  /** Index of the first record at or after `position` (binary search: the log is sorted). */
  firstAtOrAfter(position: LogPosition): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (comparePositions(this.all[mid]!.position, position) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Index of the first record strictly after `position`. */
  firstAfter(position: LogPosition): number {
    let index = this.firstAtOrAfter(position);
    while (index < this.all.length && comparePositions(this.all[index]!.position, position) === 0)
      index++;
    return index;
  }
}
