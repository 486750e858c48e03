export * from './events/event-catalogue';
export * from './recording/streams';
export * from './recording/consistency';
export * from './recording/hash-chain';
export * from './recording/effective-time';
export * from './events/validation';
export * from './responsibility';
export * from './evidence';
