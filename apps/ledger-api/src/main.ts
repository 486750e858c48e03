import { runService } from '../../../src/http/start-http';
import { ServiceRootModule } from '../../../src/service-root.module';
import { LedgerApiModule } from './ledger-api.module';

runService((config) => ServiceRootModule.forRoot(config, [LedgerApiModule]));
