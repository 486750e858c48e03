import type Database from 'better-sqlite3';
import { type LedgerEvent } from '@onus/domain';

/** The real names of a generation's tables, from the names the projection gives them. */
export type TableNames = (base: string) => string;

/**
 * A read model kept in SQLite, built from the global log in position order. `apply` runs inside
 * the transaction that also moves the projection's checkpoint, so a batch is applied exactly once
 * however the process stops.
 */
export interface Projection {
  /** Lower-case letters and dashes: `event-search`. */
  readonly name: string;
  /**
   * The version of the code that builds the read model. Changing it makes the projection rebuild
   * itself beside the old read model and switch to the new one once it has caught up.
   */
  readonly version: number;
  /** The tables' base names (so that an old generation's tables can be dropped). */
  readonly tables: readonly string[];
  create(db: Database.Database, table: TableNames): void;
  /**
   * Creates the secondary indexes, once the generation has caught up with the log (a rebuild's
   * when it takes over): one CREATE INDEX over the whole table is faster than keeping them up to
   * date row by row while it is built from position 0.
   */
  index?(db: Database.Database, table: TableNames): void;
  /** `events` are consecutive, in position order. */
  apply(db: Database.Database, table: TableNames, events: readonly LedgerEvent[]): void;
}
