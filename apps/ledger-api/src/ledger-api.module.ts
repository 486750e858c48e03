import { Module } from '@nestjs/common';
import { EventStoreModule } from '@onus/event-store';
import { HealthHttpController } from './health/health.http.controller';

/** The write side: recording events into the ledger. */
@Module({
  imports: [EventStoreModule],
  controllers: [HealthHttpController],
})
export class LedgerApiModule {}
