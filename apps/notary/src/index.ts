export * from './signing-key';
export * from './sqlite-node-store';
export * from './notary';
