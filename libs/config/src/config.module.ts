import { type DynamicModule, Module } from '@nestjs/common';
import { type OnusConfig } from './onus.config';

export const ONUS_CONFIG = Symbol('OnusConfig');

/**
 * Provides the typed configuration. It is validated before Nest starts (`loadConfig`), so
 * that a bad value stops the process with one line rather than a framework stack trace.
 */
@Module({})
export class OnusConfigModule {
  static forRoot(config: OnusConfig): DynamicModule {
    return {
      module: OnusConfigModule,
      global: true,
      providers: [{ provide: ONUS_CONFIG, useValue: config }],
      exports: [ONUS_CONFIG],
    };
  }
}
