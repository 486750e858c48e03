import type Database from 'better-sqlite3';

const SCHEMA_VERSION = 1;

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
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
}
