import { type DynamicModule, Module } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { OnusConfigModule } from '@onus/config/config.module';
import { MetricsModule } from '../../../src/http/metrics.module';
import { runService } from '../../../src/http/start-http';
import { AuditApiModule } from './audit.module';

@Module({})
class AuditApiMain {
  static forRoot(config: OnusConfig): DynamicModule {
    return {
      module: AuditApiMain,
      imports: [OnusConfigModule.forRoot(config), MetricsModule, AuditApiModule],
    };
  }
}

runService((config) => AuditApiMain.forRoot(config));
