export * from './errors';
export * from './hash';
export * from './tree-math';
export * from './node-store';
export * from './merkle-tree';
export * from './verify';
export * from './checkpoint-note';
