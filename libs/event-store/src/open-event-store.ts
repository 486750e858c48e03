import { type StoreConfig } from '@onus/config';
import { type EventStore } from './event-store.port';
import { EsdbEventStore } from './esdb/esdb.event-store';
import { MemoryEventStore } from './memory/memory.event-store';
import { SqliteEventStore } from './sqlite/sqlite.event-store';

/** The one place where a store URL becomes an adapter. */
export function openEventStore(config: StoreConfig): EventStore {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteEventStore({ path: config.path });
    case 'memory':
      return new MemoryEventStore();
    case 'esdb':
      return new EsdbEventStore({ connectionString: config.connectionString });
  }
}
