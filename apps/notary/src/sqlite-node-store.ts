import { ensureDirectory } from '@onus/config';
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { type Hash, hashEquals, isHash, type NodeStore } from '@onus/integrity';

/** A signed checkpoint as kept by the notary. */
export interface StoredCheckpoint {
  readonly size: number;
  /** The RFC 6962 root at `size` (32 bytes). */
  readonly root: Buffer;
  /** When it was signed, milliseconds since the epoch. */
  readonly timeMs: number;
  /** The whole signed note (C2SP signed-note / tlog-checkpoint text). */
  readonly note: string;
}

/** What one commit writes besides the nodes: the new tree size, and maybe a checkpoint. */
export interface NotaryCommit {
  readonly size: number;
  readonly checkpoint?: StoredCheckpoint;
}

/**
 * Everything the notary persists: the tree's nodes (a {@link NodeStore}), the tree size, and
 * the checkpoints. The nodes of a batch of leaves, the size after it and the checkpoint signed
 * over it (if any) are written together by {@link commit}, or not at all.
 */
export interface NotaryStorage extends NodeStore {
  /** The number of leaves committed. */
  treeSize(): number;
  /**
   * Runs `work` (which appends leaves to a tree over this store, and so puts nodes) and writes
   * what it returns, in one transaction. Throws, leaving nothing written, if `work` throws or the
   * stored size is not `expectedSize` (another notary wrote the same storage).
   */
  commit(expectedSize: number, work: () => NotaryCommit): NotaryCommit;
  latestCheckpoint(): StoredCheckpoint | undefined;
  checkpointAt(size: number): StoredCheckpoint | undefined;
  /** Checkpoints by increasing size, from `fromSize` on. */
  checkpoints(fromSize?: number, limit?: number): StoredCheckpoint[];
}

export class NotaryStorageError extends Error {
  override readonly name = 'NotaryStorageError';
}

type CheckpointRow = [size: number, root: Buffer, timeMs: number, note: string];

/**
 * {@link NotaryStorage} in SQLite (better-sqlite3, synchronous like the `NodeStore` port):
 *
 *     merkle_nodes(level INTEGER, idx INTEGER, hash BLOB, PRIMARY KEY(level, idx)) WITHOUT ROWID
 *     notary_state(id INTEGER PRIMARY KEY CHECK (id = 1), tree_size INTEGER)
 *     checkpoints(size INTEGER PRIMARY KEY, root BLOB, time_ms INTEGER, note TEXT)
 *
 * Either in the event store's own SQLite file (pass `SqliteEventStore.database`: the tables sit
 * next to `events` and leave its schema version alone), or in a file of its own
 * ({@link SqliteNotaryStore.open}, e.g. next to an EventStoreDB store).
 */
export class SqliteNotaryStore implements NotaryStorage {
  private readonly statements: {
    readonly getNode: Database.Statement<[number, number], { hash: Buffer }>;
    readonly putNode: Database.Statement<[number, number, Buffer]>;
    readonly size: Database.Statement<[], { size: number }>;
    readonly setSize: Database.Statement<[number]>;
    readonly insertCheckpoint: Database.Statement<[number, Buffer, number, string]>;
    readonly latest: Database.Statement<[], CheckpointRow>;
    readonly at: Database.Statement<[number], CheckpointRow>;
    readonly list: Database.Statement<[number, number], CheckpointRow>;
  };
  private readonly transaction: (expectedSize: number, work: () => NotaryCommit) => NotaryCommit;

  /** Opens (or creates) a SQLite file of the notary's own; {@link close} closes it. */
  static open(path: string): SqliteNotaryStore {
    if (path !== ':memory:') ensureDirectory(dirname(path));
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    return new SqliteNotaryStore(db, true);
  }

  /**
   * On a database someone else opened (e.g. the event store's): `close` leaves it open unless
   * `ownsDatabase`.
   */
  constructor(
    readonly database: Database.Database,
    private readonly ownsDatabase = false,
  ) {
    database.exec(`
      CREATE TABLE IF NOT EXISTS merkle_nodes (
        level INTEGER NOT NULL,
        idx   INTEGER NOT NULL,
        hash  BLOB    NOT NULL,
        PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS notary_state (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        tree_size INTEGER NOT NULL
      );
      INSERT OR IGNORE INTO notary_state (id, tree_size) VALUES (1, 0);
      CREATE TABLE IF NOT EXISTS checkpoints (
        size    INTEGER PRIMARY KEY,
        root    BLOB    NOT NULL,
        time_ms INTEGER NOT NULL,
        note    TEXT    NOT NULL
      );
    `);
    const checkpointColumns = 'size, root, time_ms, note';
    this.statements = {
      getNode: database.prepare('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?'),
      putNode: database.prepare(
        'INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      size: database.prepare('SELECT tree_size AS size FROM notary_state WHERE id = 1'),
      setSize: database.prepare('UPDATE notary_state SET tree_size = ? WHERE id = 1'),
      insertCheckpoint: database.prepare(
        `INSERT INTO checkpoints (${checkpointColumns}) VALUES (?, ?, ?, ?)`,
      ),
      latest: database
        .prepare<
          [],
          CheckpointRow
        >(`SELECT ${checkpointColumns} FROM checkpoints ORDER BY size DESC LIMIT 1`)
        .raw(true),
      at: database
        .prepare<
          [number],
          CheckpointRow
        >(`SELECT ${checkpointColumns} FROM checkpoints WHERE size = ?`)
        .raw(true),
      list: database
        .prepare<
          [number, number],
          CheckpointRow
        >(`SELECT ${checkpointColumns} FROM checkpoints WHERE size >= ? ORDER BY size LIMIT ?`)
        .raw(true),
    };
    const run = database.transaction((expectedSize: number, work: () => NotaryCommit) => {
      const before = this.treeSize();
      if (before !== expectedSize) {
        throw new NotaryStorageError(
          `the stored tree has ${before} leaves where ${expectedSize} were expected: is another notary writing it?`,
        );
      }
      const result = work();
      if (!Number.isSafeInteger(result.size) || result.size < before) {
        throw new NotaryStorageError(`the tree size cannot go from ${before} to ${result.size}`);
      }
      this.statements.setSize.run(result.size);
      const cp = result.checkpoint;
      if (cp !== undefined) {
        if (cp.size > result.size) {
          throw new NotaryStorageError(`a checkpoint of size ${cp.size} is beyond the tree`);
        }
        this.statements.insertCheckpoint.run(cp.size, Buffer.from(cp.root), cp.timeMs, cp.note);
      }
      return result;
    });
    // IMMEDIATE: take the write lock before reading the size, so that the check holds.
    this.transaction = (expectedSize, work) => run.immediate(expectedSize, work);
  }

  get(level: number, index: number): Hash | undefined {
    return this.statements.getNode.get(level, index)?.hash;
  }

  /** Inserts a node; an identical re-put is a no-op, a different hash for the node throws. */
  put(level: number, index: number, hash: Hash): void {
    if (!isHash(hash)) throw new NotaryStorageError('a node hash is 32 bytes');
    const bytes = Buffer.from(hash);
    if (this.statements.putNode.run(level, index, bytes).changes === 0) {
      const stored = this.get(level, index);
      if (stored === undefined || !hashEquals(stored, bytes)) {
        throw new NotaryStorageError(
          `node (${level}, ${index}) is already stored, with another hash`,
        );
      }
    }
  }

  treeSize(): number {
    return this.statements.size.get()?.size ?? 0;
  }

  commit(expectedSize: number, work: () => NotaryCommit): NotaryCommit {
    return this.transaction(expectedSize, work);
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    const row = this.statements.latest.get();
    return row && toCheckpoint(row);
  }

  checkpointAt(size: number): StoredCheckpoint | undefined {
    const row = this.statements.at.get(size);
    return row && toCheckpoint(row);
  }

  checkpoints(fromSize = 0, limit = 1000): StoredCheckpoint[] {
    return this.statements.list.all(fromSize, limit).map(toCheckpoint);
  }

  /** Closes the database if this store opened it ({@link open}); otherwise does nothing. */
  close(): void {
    if (this.ownsDatabase && this.database.open) this.database.close();
  }
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return { size: row[0], root: row[1], timeMs: row[2], note: row[3] };
}
