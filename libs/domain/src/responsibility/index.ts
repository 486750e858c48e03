export * from './verdict.types';
export * from './verdict';
export * from './facts';
export * from './terms';
export { type Draft, type ScopeHint } from './draft';
export * from './timeline';
export * from './scorecard';
export * from './live-engagement';
