import { join } from 'node:path';
import { type OnusConfig } from '@onus/config';
import { type EventStore, SqliteEventStore } from '@onus/event-store';
import { Notary, type NotaryOptions } from './notary';
import { loadOrCreateSigningKey, type NotarySigningKey } from './signing-key';
import { SqliteNotaryStore } from './sqlite-node-store';

/**
 * Where the notary keeps its tree: in the ledger's own SQLite file, or in `notary.db` in the
 * data directory for any other store (each process following a cluster keeps its own).
 */
export function notaryStorageFor(store: EventStore, config: OnusConfig): SqliteNotaryStore {
  return store instanceof SqliteEventStore
    ? new SqliteNotaryStore(store.database)
    : SqliteNotaryStore.open(join(config.dataDir, 'notary.db'));
}

/** The configured signing key: ONUS_SIGNING_KEY, or the one generated into the data directory. */
export function notaryKeyFor(config: OnusConfig): NotarySigningKey {
  return loadOrCreateSigningKey({
    name: config.notary.origin,
    ...(config.notary.signingKeyPath ? { path: config.notary.signingKeyPath } : {}),
    directory: config.dataDir,
  });
}

/** The notary as the configuration describes it; the same for `onus serve` and the CLI. */
export function createNotary(
  store: EventStore,
  storage: SqliteNotaryStore,
  config: OnusConfig,
  key: NotarySigningKey = notaryKeyFor(config),
  onError?: NotaryOptions['onError'],
): Notary {
  return new Notary({
    events: store,
    storage,
    key,
    everyEvents: config.notary.everyEvents,
    everyMs: config.notary.everyMs,
    ...(onError ? { onError } : {}),
  });
}
