export * from './api-key';
export * from './api-key-store';
