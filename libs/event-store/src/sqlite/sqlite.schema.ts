import type Database from 'better-sqlite3';

const SCHEMA_VERSION = 2;

/**
 * A stream name up to and including its first `/`: the engagement's part (`eng-1/alert/a-1` →
 * `eng-1/`). Indexed with the position, so that one engagement's events are read in log order
 * without scanning the others'. The reads must spell it exactly so for SQLite to use the index.
 */
export const STREAM_ROOT = "substr(stream, 1, instr(stream, '/'))";

/**
 * The ledger table. Append-only is enforced by the database itself, so that nothing that
 * opens the file (the sqlite3 shell included) can change or remove an event without first
 * dropping the triggers, which `onus verify` and the hash chain then expose.
 */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `the store's schema is version ${version}; this Onus knows up to ${SCHEMA_VERSION}`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      id          TEXT    NOT NULL UNIQUE,
      stream      TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      recorded_at INTEGER NOT NULL,
      UNIQUE (stream, revision)
    ) STRICT;
    CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
    CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
    -- Version 2. Built once when an older file is opened, which takes a while on a large one.
    CREATE INDEX IF NOT EXISTS events_by_root ON events (${STREAM_ROOT}, position);
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
}
