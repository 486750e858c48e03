import { type DynamicModule, Module } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { OnusConfigModule } from '@onus/config/config.module';
import { AuditApiModule } from '../apps/audit-api/src/audit.module';
import { LedgerApiModule } from '../apps/ledger-api/src/ledger-api.module';
import { NotaryModule } from '../apps/notary/src/notary.module';
import { MetricsModule } from './http/metrics.module';

/** The all-in-one process: every service over one store. */
@Module({})
export class AllInOneModule {
  static forRoot(config: OnusConfig): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [
        OnusConfigModule.forRoot(config),
        MetricsModule,
        LedgerApiModule,
        AuditApiModule,
        NotaryModule,
      ],
    };
  }
}
