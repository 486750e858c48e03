export * from './onus.config';
