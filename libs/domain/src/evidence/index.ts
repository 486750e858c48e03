export * from './verdict-replay';
export * from './evidence-selection';
