import { ConfigError, type StoreConfig } from '@onus/config';
import { type EventStore } from './event-store.port';
import { EsdbEventStore } from './esdb/esdb.event-store';
import { MemoryEventStore } from './memory/memory.event-store';
import { SqliteEventStore } from './sqlite/sqlite.event-store';

/** The one place where a store URL becomes an adapter. */
export function openEventStore(config: StoreConfig): EventStore {
  switch (config.kind) {
    case 'sqlite':
      try {
        return new SqliteEventStore({ path: config.path });
      } catch (error) {
        throw unopenable(config.path, error);
      }
    case 'memory':
      return new MemoryEventStore();
    case 'esdb':
      return new EsdbEventStore({ connectionString: config.connectionString });
  }
}

/** A file the system will not let us open or create is a bad store URL, not a crash. */
function unopenable(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  const fromFileSystem =
    typeof code === 'string' && (/^E[A-Z]+$/.test(code) || code === 'SQLITE_CANTOPEN');
  if (!fromFileSystem) return error;
  return new ConfigError(
    'ONUS_STORE/--store',
    `cannot open or create the SQLite file ${path}: ${(error as Error).message}`,
  );
}
