import {
  type AllStreamResolvedEvent,
  type Position,
  type ReadPosition,
  START,
} from '@eventstore/db-client';
import { decodeIdentity } from './esdb-codec';

/** Reads up to `maxCount` events of $all forwards from `from` (inclusive or not: both work). */
export type ReadAllPage = (
  from: ReadPosition,
  maxCount: number,
) => Promise<AllStreamResolvedEvent[]>;

/** The ledger is broken in a way the adapter must not paper over (see docs/EVENTSTOREDB.md). */
export class LedgerIntegrityError extends Error {
  override readonly name = 'LedgerIntegrityError';
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

const INITIAL_CAPACITY = 1024;

/**
 * EventStoreDB positions in $all are sparse (offsets in the transaction file) and shared with
 * every other stream of the cluster; the port wants dense 0-based positions over the ledger only.
 * This index numbers the ledger's events (those whose stream starts with the prefix) in $all
 * order: dense position n is the n-th ledger event met reading $all forwards from the start.
 *
 * It lives in memory and is only ever extended: built by one scan of $all (the first catchUp),
 * then brought up to date lazily by reading $all on from the last position scanned. That is only
 * sound because ledger events are never deleted, truncated or scavenged: any of those would shift
 * every later dense position. A hole in a stream's revisions is therefore refused.
 *
 * Kept compact (about 50 bytes per event): per dense position, the $all commit and prepare
 * positions, a stream number and a 32-bit hash of the event id, in typed arrays; per stream, its
 * events' dense positions by revision. Ids themselves are not kept: `idCandidates` gives the
 * positions whose id hashes alike, and the caller reads them back to compare.
 */
export class LedgerIndex {
  private count = 0;
  private commits = new BigUint64Array(INITIAL_CAPACITY);
  private prepares = new BigUint64Array(INITIAL_CAPACITY);
  private streamNumbers = new Uint32Array(INITIAL_CAPACITY);
  private idHashes = new Int32Array(INITIAL_CAPACITY);
  /** Open addressing, linear probing: dense position + 1, 0 for an empty slot. */
  private idTable = new Int32Array(INITIAL_CAPACITY * 2);
  private readonly streamNames: string[] = [];
  private readonly streamNumberOf = new Map<string, number>();
  /** By stream number: the dense positions of its events, by revision. */
  private readonly streamPositions: number[][] = [];
  /** The last $all position read, ledger event or not. */
  private scanned: Position | undefined;
  private lastStamp = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly readPage: ReadAllPage,
    private readonly streamPrefix: string,
    private readonly pageSize: number,
  ) {}

  /** The number of ledger events indexed: the next dense position. */
  get length(): number {
    return this.count;
  }

  /** recordedAt of the last ledger event indexed; 0 for an empty ledger. */
  get lastRecordedAt(): number {
    return this.lastStamp;
  }

  /** The $all position of dense position `position` (which must be indexed). */
  allPosition(position: number): Position {
    return { commit: this.commits[position]!, prepare: this.prepares[position]! };
  }

  /** The port stream and revision of dense position `position` (which must be indexed). */
  locate(position: number): { stream: string; revision: number } {
    const number = this.streamNumbers[position]!;
    const positions = this.streamPositions[number]!;
    // The stream's positions ascend with its revisions: binary search.
    let low = 0;
    let high = positions.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (positions[mid]! < position) low = mid + 1;
      else high = mid;
    }
    return { stream: this.streamNames[number]!, revision: low };
  }

  /** `stream` is the port stream name. */
  positionOf(stream: string, revision: number): number | undefined {
    const number = this.streamNumberOf.get(stream);
    return number === undefined ? undefined : this.streamPositions[number]![revision];
  }

  /** The stream's last revision as far as the index has read; -1 when it has no event. */
  streamRevision(stream: string): number {
    const number = this.streamNumberOf.get(stream);
    return number === undefined ? -1 : this.streamPositions[number]!.length - 1;
  }

  /** Dense positions, ascending, whose event id hashes like `id`: read them to know. */
  idCandidates(id: string): number[] {
    const hash = hashId(id);
    const mask = this.idTable.length - 1;
    const found: number[] = [];
    for (let slot = hash & mask; this.idTable[slot] !== 0; slot = (slot + 1) & mask) {
      const position = this.idTable[slot]! - 1;
      if (this.idHashes[position] === hash) found.push(position);
    }
    return found.sort((a, b) => a - b);
  }

  /**
   * Reads $all from where the index stopped until `enough()` holds or $all ends. Calls run one
   * after the other, so a call made after an append always reads past that append.
   */
  catchUp(enough?: () => boolean): Promise<void> {
    const run = this.tail.then(() => this.scan(enough));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async scan(enough?: () => boolean): Promise<void> {
    while (!enough?.()) {
      const page = await this.readPage(this.scanned ?? START, this.pageSize);
      let fresh = 0;
      for (const { event } of page) {
        if (!event) continue;
        if (this.scanned && comparePositions(event.position, this.scanned) <= 0) continue;
        fresh++;
        if (event.streamId.startsWith(this.streamPrefix)) this.add(event);
        // Only now: an event add() refused stays unscanned, and is refused again next time.
        this.scanned = event.position;
      }
      if (fresh === 0 || page.length < this.pageSize) return;
    }
  }

  private add(event: NonNullable<AllStreamResolvedEvent['event']>): void {
    const stream = event.streamId.slice(this.streamPrefix.length);
    let number = this.streamNumberOf.get(stream);
    if (number === undefined) {
      number = this.streamNames.length;
      this.streamNames.push(stream);
      this.streamPositions.push([]);
      this.streamNumberOf.set(stream, number);
    }
    const positions = this.streamPositions[number]!;
    if (Number(event.revision) !== positions.length) {
      throw new LedgerIntegrityError(
        `esdb: ledger stream ${event.streamId} goes from revision ${positions.length - 1} to ` +
          `${event.revision} in $all; Onus streams must never be deleted, truncated or scavenged`,
      );
    }
    const { id, recordedAt } = decodeIdentity(event);
    if (this.count === this.commits.length) this.growArrays();
    if ((this.count + 1) * 2 > this.idTable.length) this.growIdTable();
    const position = this.count++;
    this.commits[position] = event.position.commit;
    this.prepares[position] = event.position.prepare;
    this.streamNumbers[position] = number;
    this.idHashes[position] = hashId(id);
    this.insertId(position);
    positions.push(position);
    this.lastStamp = recordedAt;
  }

  private insertId(position: number): void {
    const mask = this.idTable.length - 1;
    let slot = this.idHashes[position]! & mask;
    while (this.idTable[slot] !== 0) slot = (slot + 1) & mask;
    this.idTable[slot] = position + 1;
  }

  private growArrays(): void {
    const capacity = this.commits.length * 2;
    const commits = new BigUint64Array(capacity);
    const prepares = new BigUint64Array(capacity);
    const streamNumbers = new Uint32Array(capacity);
    const idHashes = new Int32Array(capacity);
    commits.set(this.commits);
    prepares.set(this.prepares);
    streamNumbers.set(this.streamNumbers);
    idHashes.set(this.idHashes);
    this.commits = commits;
    this.prepares = prepares;
    this.streamNumbers = streamNumbers;
    this.idHashes = idHashes;
  }

  private growIdTable(): void {
    this.idTable = new Int32Array(this.idTable.length * 2);
    for (let position = 0; position < this.count; position++) this.insertId(position);
  }
}

/** FNV-1a over the UTF-16 code units, 31 bits so it stays a small integer. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1;
}
