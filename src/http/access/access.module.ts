import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyStore } from '@onus/access';
import { type OnusConfig } from '@onus/config';
import { ONUS_CONFIG } from '@onus/config/config.module';
import { AccessGuard } from './access.guard';
import { ApiKeysHttpController } from './api-keys.http.controller';
import { RateLimit } from './rate-limit';

@Global()
@Module({
  providers: [
    {
      provide: ApiKeyStore,
      inject: [ONUS_CONFIG],
      useFactory: (config: OnusConfig) => ApiKeyStore.inDataDir(config.dataDir),
    },
    {
      // Per key over all routes together, per process.
      provide: RateLimit,
      inject: [ONUS_CONFIG],
      useFactory: (config: OnusConfig) => new RateLimit(config.rateLimitPerMinute),
    },
    AccessGuard,
  ],
  controllers: [ApiKeysHttpController],
  exports: [ApiKeyStore],
})
export class AccessModule implements OnApplicationShutdown {
  constructor(@Inject(ApiKeyStore) private readonly keys: ApiKeyStore) {}

  onApplicationShutdown(): void {
    this.keys.close();
  }
}
