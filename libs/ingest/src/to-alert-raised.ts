import { mapOcsf } from './mappers/ocsf';
import { mapSuricata } from './mappers/suricata';
import { mapWazuh } from './mappers/wazuh';
import { type MapOutcome, reject, type Rejection, type Skip } from './mapped-record';
import { alertIdOf, eventIdOf, recordDigest } from './record-ids';
import { type SeverityTables } from './severity';
import { type IngestSource } from './sources';

const MAPPERS: Readonly<Record<IngestSource, (record: unknown) => MapOutcome>> = {
  suricata: mapSuricata,
  ocsf: mapOcsf,
  wazuh: mapWazuh,
};

/** An `AlertRaised` envelope as it would come in over HTTP (validated by the same code). */
export interface AlertRaisedEnvelope {
  readonly id: string;
  readonly type: 'AlertRaised';
  readonly engagementId: string;
  readonly actor: string;
  readonly occurredAt: string;
  readonly data: {
    readonly alertId: string;
    readonly severity: string;
    readonly title: string;
    readonly source: IngestSource;
    readonly assets?: readonly string[];
    readonly indicators: { readonly [key: string]: unknown };
    readonly raw: unknown;
  };
}

/**
 * One source record to the MSSP's `AlertRaised` envelope for an engagement, or why not. Pure:
 * the same record, engagement and tables give the same envelope, id included.
 */
export function toAlertRaised(
  source: IngestSource,
  record: unknown,
  engagementId: string,
  severities: SeverityTables,
): { kind: 'alert'; envelope: AlertRaisedEnvelope } | Skip | Rejection {
  const mapped = MAPPERS[source](record);
  if (mapped.kind !== 'alert') return mapped;
  const table = severities.tableFor(source, mapped.occurredAt);
  const severity = table[mapped.severityKey];
  if (severity === undefined) {
    return reject(
      'UNKNOWN_SEVERITY',
      mapped.severityField,
      `${mapped.severityKey} is not on the ${source} severity table (${Object.keys(table).join(', ')}); the engagement can map it in sla.severityMap.${source}`,
    );
  }
  const digest = recordDigest(record);
  return {
    kind: 'alert',
    envelope: {
      id: eventIdOf(source, engagementId, digest),
      type: 'AlertRaised',
      engagementId,
      actor: mapped.actor,
      occurredAt: mapped.occurredAt,
      data: {
        alertId: alertIdOf(source, digest),
        severity,
        title: mapped.title,
        source,
        ...(mapped.assets.length > 0 ? { assets: mapped.assets } : {}),
        indicators: mapped.indicators,
        raw: record,
      },
    },
  };
}
