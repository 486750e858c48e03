import {
  type BeforeApplicationShutdown,
  Global,
  Inject,
  Logger,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import { type OnusConfig } from '@onus/config';
import { ONUS_CONFIG } from '@onus/config/config.module';
import { EVENT_STORE, type EventStore } from '@onus/event-store';
import { EventStoreModule } from '@onus/event-store/event-store.module';
import { LogScanSource } from '@onus/ledger';
import { BundleHttpController } from './bundle/bundle.http.controller';
import { EvidenceBundler } from './bundle/evidence-bundler';
import { CheckpointsHttpController } from './checkpoints.http.controller';
import { EventProofHttpController } from './event-proof.http.controller';
import { Notary } from './notary';
import { Gauge } from 'prom-client';
import { METRICS, type OnusMetrics } from '../../../src/http/metrics.module';
import { createNotary, notaryStorageFor } from './notary.factory';
import { SqliteNotaryStore } from './sqlite-node-store';

/**
 * The notary: follows the log into a Merkle tree and publishes signed checkpoints. On the
 * SQLite store its tables live in the same file; on any other store, in `notary.db` in the data
 * directory (so that each process following a cluster keeps its own). Global, so that the
 * audit API's review page can name the checkpoint when both run in one process.
 */
@Global()
@Module({
  imports: [EventStoreModule],
  providers: [
    {
      provide: SqliteNotaryStore,
      inject: [EVENT_STORE, ONUS_CONFIG],
      useFactory: notaryStorageFor,
    },
    {
      provide: Notary,
      inject: [EVENT_STORE, SqliteNotaryStore, ONUS_CONFIG],
      useFactory: (store: EventStore, storage: SqliteNotaryStore, config: OnusConfig) => {
        const logger = new Logger('Notary');
        return createNotary(store, storage, config, undefined, (error) =>
          logger.error(`following the log failed, following again: ${error.message}`),
        );
      },
    },
    {
      // The engagement's streams read from the store per bundle: a bundle is rare next to a
      // verdict, and this process may run without the audit API's in-memory view.
      provide: EvidenceBundler,
      inject: [Notary, EVENT_STORE],
      useFactory: (notary: Notary, store: EventStore) =>
        new EvidenceBundler(notary, new LogScanSource(store)),
    },
  ],
  controllers: [CheckpointsHttpController, EventProofHttpController, BundleHttpController],
  exports: [Notary],
})
export class NotaryModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(Notary) private readonly notary: Notary,
    @Inject(SqliteNotaryStore) private readonly storage: SqliteNotaryStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS) private readonly metrics: OnusMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.notary.start();
    const { notary, store } = this;
    new Gauge({
      name: 'onus_notary_tree_size',
      help: "Leaves in the notary's Merkle tree",
      registers: [this.metrics.registry],
      collect() {
        this.set(notary.size);
      },
    });
    this.metrics.followers.register('notary', {
      position: () => notary.size,
      head: () => store.headPosition(),
    });
  }

  /** Before the store closes (onApplicationShutdown): stop following, then let go of the file. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.notary.stop();
    this.storage.close();
  }
}
