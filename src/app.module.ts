import { type DynamicModule } from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { AuditApiModule } from '../apps/audit-api/src/audit.module';
import { LedgerApiModule } from '../apps/ledger-api/src/ledger-api.module';
import { NotaryModule } from '../apps/notary/src/notary.module';
import { ServiceRootModule } from './service-root.module';

/** The all-in-one process: every service over one store. */
export const AllInOneModule = {
  forRoot: (config: OnusConfig): DynamicModule =>
    ServiceRootModule.forRoot(config, [LedgerApiModule, AuditApiModule, NotaryModule]),
};
