export * from './evidence-bundle';
export * from './bundle-shape';
export * from './verify-bundle';
