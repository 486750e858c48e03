export * from './recorder';
export * from './recording.errors';
export * from './ledger-event.mapper';
