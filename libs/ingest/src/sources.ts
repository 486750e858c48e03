import { INGEST_SOURCES, type IngestSource } from '@onus/domain';

export { INGEST_SOURCES, type IngestSource };

export function isIngestSource(value: unknown): value is IngestSource {
  return (INGEST_SOURCES as readonly unknown[]).includes(value);
}
