import { ensureDirectory } from '@onus/config';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type LedgerEvent } from '@onus/domain';
import { type Projection, type TableNames } from './projection';

/** One build of a projection's read model, with its own tables and checkpoint. */
export interface Generation {
  readonly name: string;
  readonly generation: number;
  readonly version: number;
  /** The next log position to apply: every event before it is in the read model. */
  readonly position: number;
  /** The generation queries read. At most one per projection. */
  readonly active: boolean;
  /** Whether its secondary indexes exist (they are made once it has caught up). */
  readonly indexed: boolean;
}

interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  position: number;
  active: number;
  indexed: number;
}

export class ProjectionGapError extends Error {
  override readonly name = 'ProjectionGapError';
}

/**
 * The read models and their checkpoints, in one SQLite database: the embedded store's own file,
 * or a file of their own next to an EventStoreDB cluster (each process that follows the cluster
 * keeps its own). Several processes may build the same generation: each batch re-reads the
 * checkpoint inside its transaction and applies only what is beyond it.
 */
export class ReadModelStore {
  private readonly statements;

  static open(path: string): ReadModelStore {
    if (path !== ':memory:') ensureDirectory(dirname(path));
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    return new ReadModelStore(db, true);
  }

  constructor(
    readonly database: Database.Database,
    private readonly ownsDatabase = false,
  ) {
    // Rebuilds insert a million rows into a few B-trees: a larger page cache than SQLite's 2 MB
    // default keeps their hot pages in memory (64 MB, per connection).
    database.pragma('cache_size = -65536');
    database.exec(`CREATE TABLE IF NOT EXISTS projection_generations (
      name TEXT NOT NULL,
      generation INTEGER NOT NULL,
      version INTEGER NOT NULL,
      position INTEGER NOT NULL,
      active INTEGER NOT NULL,
      indexed INTEGER NOT NULL,
      PRIMARY KEY (name, generation)
    ) STRICT`);
    // Files made before generations were indexed once caught up: theirs were indexed at birth.
    const columns = database.pragma('table_info(projection_generations)') as { name: string }[];
    if (!columns.some((column) => column.name === 'indexed')) {
      database.exec(
        'ALTER TABLE projection_generations ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1',
      );
    }
    this.statements = {
      all: database.prepare<[string], GenerationRow>(
        'SELECT name, generation, version, position, active, indexed FROM projection_generations WHERE name = ? ORDER BY generation',
      ),
      one: database.prepare<[string, number], GenerationRow>(
        'SELECT name, generation, version, position, active, indexed FROM projection_generations WHERE name = ? AND generation = ?',
      ),
      active: database.prepare<[string], GenerationRow>(
        'SELECT name, generation, version, position, active, indexed FROM projection_generations WHERE name = ? AND active = 1',
      ),
      insert: database.prepare<[string, number, number, number, number]>(
        'INSERT INTO projection_generations (name, generation, version, position, active, indexed) VALUES (?, ?, ?, 0, ?, ?)',
      ),
      indexed: database.prepare<[string, number], { indexed: number }>(
        'SELECT indexed FROM projection_generations WHERE name = ? AND generation = ?',
      ),
      markIndexed: database.prepare<[string, number]>(
        'UPDATE projection_generations SET indexed = 1 WHERE name = ? AND generation = ?',
      ),
      move: database.prepare<[number, string, number]>(
        'UPDATE projection_generations SET position = ? WHERE name = ? AND generation = ?',
      ),
      remove: database.prepare<[string, number]>(
        'DELETE FROM projection_generations WHERE name = ? AND generation = ?',
      ),
      activate: database.prepare<[string, number]>(
        'UPDATE projection_generations SET active = 1 WHERE name = ? AND generation = ?',
      ),
    };
  }

  generations(name: string): Generation[] {
    return this.statements.all.all(name).map(toGeneration);
  }

  generation(name: string, generation: number): Generation | undefined {
    const row = this.statements.one.get(name, generation);
    return row && toGeneration(row);
  }

  active(name: string): Generation | undefined {
    const row = this.statements.active.get(name);
    return row && toGeneration(row);
  }

  /** The real table names of one generation: `rm_event_search_g2_events`. */
  tables(name: string, generation: number): TableNames {
    const prefix = `rm_${name.replace(/-/g, '_')}_g${generation}_`;
    return (base) => `${prefix}${base}`;
  }

  /** A new, empty generation at position 0 (active only if the projection has none). */
  create(projection: Projection): Generation {
    return this.database
      .transaction(() => {
        const existing = this.generations(projection.name);
        const generation = Math.max(0, ...existing.map((g) => g.generation)) + 1;
        const active = !existing.some((g) => g.active);
        projection.create(this.database, this.tables(projection.name, generation));
        // Indexed once caught up (see `index`): built from position 0, a generation is a bulk load.
        this.statements.insert.run(
          projection.name,
          generation,
          projection.version,
          active ? 1 : 0,
          0,
        );
        return this.generation(projection.name, generation)!;
      })
      .immediate();
  }

  /**
   * Applies the events beyond the generation's checkpoint and moves it, in one transaction.
   * Returns the new checkpoint, or undefined if the generation is gone (replaced meanwhile).
   */
  apply(
    projection: Projection,
    generation: number,
    events: readonly LedgerEvent[],
  ): number | undefined {
    return this.database
      .transaction(() => {
        const row = this.statements.one.get(projection.name, generation);
        if (!row) return undefined;
        const fresh = events.filter((event) => event.position >= row.position);
        if (fresh.length === 0) return row.position;
        if (fresh[0]!.position !== row.position) {
          throw new ProjectionGapError(
            `${projection.name} generation ${generation} is at ${row.position}; got events from ${fresh[0]!.position}`,
          );
        }
        projection.apply(this.database, this.tables(projection.name, generation), fresh);
        const position = fresh.at(-1)!.position + 1;
        this.statements.move.run(position, projection.name, generation);
        return position;
      })
      .immediate();
  }

  /** Makes `generation` the one queries read, and drops every other generation's tables. */
  promote(projection: Projection, generation: number): void {
    this.database
      .transaction(() => {
        if (!this.statements.one.get(projection.name, generation)) return;
        for (const other of this.generations(projection.name)) {
          if (other.generation !== generation) this.drop(projection, other.generation);
        }
        this.index(projection, generation);
        this.statements.activate.run(projection.name, generation);
      })
      .immediate();
  }

  /**
   * Creates the generation's secondary indexes if it has none yet: once it has caught up, since
   * one CREATE INDEX over a whole table is faster than keeping the index up to date row by row
   * during a bulk load.
   */
  index(projection: Projection, generation: number): void {
    this.database
      .transaction(() => {
        if (this.statements.indexed.get(projection.name, generation)?.indexed !== 0) return;
        projection.index?.(this.database, this.tables(projection.name, generation));
        this.statements.markIndexed.run(projection.name, generation);
      })
      .immediate();
  }

  /** Removes a generation and its tables. */
  drop(projection: Projection, generation: number): void {
    this.database
      .transaction(() => {
        const table = this.tables(projection.name, generation);
        for (const base of projection.tables)
          this.database.exec(`DROP TABLE IF EXISTS ${table(base)}`);
        this.statements.remove.run(projection.name, generation);
      })
      .immediate();
  }

  close(): void {
    if (this.ownsDatabase && this.database.open) this.database.close();
  }
}

function toGeneration(row: GenerationRow): Generation {
  return {
    name: row.name,
    generation: row.generation,
    version: row.version,
    position: row.position,
    active: row.active === 1,
    indexed: row.indexed === 1,
  };
}
