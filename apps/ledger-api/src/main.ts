import { type DynamicModule, Module } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { OnusConfigModule } from '@onus/config/config.module';
import { MetricsModule } from '../../../src/http/metrics.module';
import { runService } from '../../../src/http/start-http';
import { LedgerApiModule } from './ledger-api.module';

@Module({})
class LedgerApiMain {
  static forRoot(config: OnusConfig): DynamicModule {
    return {
      module: LedgerApiMain,
      imports: [OnusConfigModule.forRoot(config), MetricsModule, LedgerApiModule],
    };
  }
}

runService((config) => LedgerApiMain.forRoot(config));
