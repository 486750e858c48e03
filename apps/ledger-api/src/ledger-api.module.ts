import { Module } from '@nestjs/common';
import { LedgerModule } from '@onus/ledger/ledger.module';
import { ImportHttpController } from './import/import.http.controller';
import { IngestAlertsHttpController } from './ingest-alerts/ingest-alerts.http.controller';
import { RecordEventsHttpController } from './record-events/record-events.http.controller';

/** The write side: recording events into the ledger. */
@Module({
  imports: [LedgerModule],
  controllers: [RecordEventsHttpController, ImportHttpController, IngestAlertsHttpController],
})
export class LedgerApiModule {}
