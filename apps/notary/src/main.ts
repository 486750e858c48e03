import { type DynamicModule, Module } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { OnusConfigModule } from '@onus/config/config.module';
import { MetricsModule } from '../../../src/http/metrics.module';
import { runService } from '../../../src/http/start-http';
import { NotaryModule } from './notary.module';

@Module({})
class NotaryMain {
  static forRoot(config: OnusConfig): DynamicModule {
    return {
      module: NotaryMain,
      imports: [OnusConfigModule.forRoot(config), MetricsModule, NotaryModule],
    };
  }
}

runService((config) => NotaryMain.forRoot(config));
