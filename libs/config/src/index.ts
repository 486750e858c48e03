export * from './onus.config';
export * from './config.module';
