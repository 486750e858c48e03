export * from './projection';
export * from './read-model-store';
export * from './projection-runner';
export * from './event-search.projection';
export * from './engagements.projection';
export * from './read-models';
