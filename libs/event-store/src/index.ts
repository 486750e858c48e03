export * from './event-store.port';
export * from './event-store.errors';
export { jsonEqual } from './append-rules';
export * from './open-event-store';
export { MemoryEventStore } from './memory/memory.event-store';
export { SqliteEventStore } from './sqlite/sqlite.event-store';
export { EsdbEventStore } from './esdb/esdb.event-store';
