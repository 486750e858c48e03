import { type StoreConfig } from '@onus/config';
import { type EventStore } from './event-store.port';
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
      throw new Error('esdb: wired in with the adapter');
  }
}
