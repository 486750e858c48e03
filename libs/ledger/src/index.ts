export * from './recorder';
export * from './recording.errors';
export * from './ledger-event.mapper';
export * from './importer';
export * from './validate-incoming';
export * from './engagement-events';
export * from './audit-queries';
export * from './verify-log';
