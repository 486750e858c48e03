import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyStore } from '@onus/access';
import { type OnusConfig } from '@onus/config';
import { ONUS_CONFIG } from '@onus/config/config.module';
import type { FastifyRequest } from 'fastify';
import { AccessGuard } from './access.guard';
import { FixedWindowStorage } from './fixed-window-storage';
import { ApiKeysHttpController } from './api-keys.http.controller';

/** Rate limits per API key (per client address on public routes), across every route. */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const fastify = request as unknown as FastifyRequest;
    return Promise.resolve(fastify.onusKey ? `key:${fastify.onusKey.id}` : `ip:${fastify.ip}`);
  }

  // One budget per key over all routes, not one per route; and no hashing per request.
  protected override generateKey(_context: unknown, tracker: string): string {
    return tracker;
  }
}

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ONUS_CONFIG],
      useFactory: (config: OnusConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
        storage: new FixedWindowStorage(),
        errorMessage: `rate limit: more than ${config.rateLimitPerMinute} requests a minute with this key; retry after the Retry-After seconds`,
      }),
    }),
  ],
  providers: [
    {
      provide: ApiKeyStore,
      inject: [ONUS_CONFIG],
      useFactory: (config: OnusConfig) => ApiKeyStore.inDataDir(config.dataDir),
    },
    AccessGuard,
    KeyThrottlerGuard,
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
