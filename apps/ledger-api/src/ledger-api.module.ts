import { Module } from '@nestjs/common';
import { LedgerModule } from '@onus/ledger/ledger.module';
import { HealthHttpController } from './health/health.http.controller';
import { IngestAlertsHttpController } from './ingest-alerts/ingest-alerts.http.controller';
import { RecordEventsHttpController } from './record-events/record-events.http.controller';

/** The write side: recording events into the ledger. */
@Module({
  imports: [LedgerModule],
  controllers: [HealthHttpController, RecordEventsHttpController, IngestAlertsHttpController],
})
export class LedgerApiModule {}
