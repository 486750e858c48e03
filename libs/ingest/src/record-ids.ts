import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type IngestSource } from './sources';

/**
 * SHA-256 (hex) of the record's RFC 8785 canonical JSON: the same record gives the same digest
 * however its keys are ordered or spaced.
 */
export function recordDigest(record: unknown): string {
  return createHash('sha256')
    .update(canonicalize(record) ?? 'null', 'utf8')
    .digest('hex');
}

/** `suricata:` and 32 hex digits (128 bits) of the record's digest: one alert per record. */
export function alertIdOf(source: IngestSource, digest: string): string {
  return `${source}:${digest.slice(0, 32)}`;
}

/**
 * The event id: the same record into the same engagement is the same event (an idempotent
 * repeat), while event ids stay unique across engagements. Shaped as a version-8 UUID.
 */
export function eventIdOf(source: IngestSource, engagementId: string, digest: string): string {
  const hex = createHash('sha256')
    .update(`onus-ingest\n${source}\n${engagementId}\n${digest}`, 'utf8')
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
