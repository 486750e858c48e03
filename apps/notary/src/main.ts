import { runService } from '../../../src/http/start-http';
import { ServiceRootModule } from '../../../src/service-root.module';
import { NotaryModule } from './notary.module';

runService((config) => ServiceRootModule.forRoot(config, [NotaryModule]));
