export const INGEST_SOURCES = ['suricata', 'ocsf', 'wazuh'] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

export function isIngestSource(value: unknown): value is IngestSource {
  return (INGEST_SOURCES as readonly unknown[]).includes(value);
}
