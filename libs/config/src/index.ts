export * from './onus.config';
export * from './ensure-directory';
