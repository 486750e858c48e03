import { runService } from '../../../src/http/start-http';
import { ServiceRootModule } from '../../../src/service-root.module';
import { AuditApiModule } from './audit.module';

runService((config) => ServiceRootModule.forRoot(config, [AuditApiModule]));
