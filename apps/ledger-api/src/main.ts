import { type DynamicModule, Module } from '@nestjs/common';
import { type OnusConfig, OnusConfigModule } from '@onus/config';
import { runService } from '../../../src/http/start-http';
import { LedgerApiModule } from './ledger-api.module';

@Module({})
class LedgerApiMain {
  static forRoot(config: OnusConfig): DynamicModule {
    return { module: LedgerApiMain, imports: [OnusConfigModule.forRoot(config), LedgerApiModule] };
  }
}

runService((config) => LedgerApiMain.forRoot(config));
