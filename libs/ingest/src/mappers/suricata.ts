import { parseTimestamp } from '@onus/domain';
import {
  defined,
  distinctStrings,
  isObject,
  type MapOutcome,
  nonEmptyString,
  reject,
  scaleKey,
} from '../mapped-record';

/**
 * A Suricata EVE JSON record (one line of eve.json). Only `event_type: alert` records are alerts;
 * the others (dns, flow, stats, …) are skipped by their type.
 */
export function mapSuricata(record: unknown): MapOutcome {
  if (!isObject(record)) return reject('NOT_A_RECORD', '', 'must be a JSON object (an EVE record)');
  const type = record.event_type;
  if (!nonEmptyString(type)) return reject('MISSING_FIELD', 'event_type', 'is required');
  if (type !== 'alert') return { kind: 'skipped', type };

  if (record.timestamp === undefined) return reject('MISSING_TIME', 'timestamp', 'is required');
  // Suricata writes `2011-08-12T14:52:57.716360+0200`: microseconds, no colon in the offset.
  const time = parseTimestamp(record.timestamp);
  if (!time.ok) return reject('INVALID_TIME', 'timestamp', time.reason);

  const alert = record.alert;
  if (!isObject(alert))
    return reject('MISSING_FIELD', 'alert', 'an alert record needs its alert object');
  if (!nonEmptyString(alert.signature))
    return reject('MISSING_FIELD', 'alert.signature', 'is required (the title of the alert)');
  const severityKey = scaleKey(alert.severity);
  if (severityKey === undefined)
    return reject(
      'UNKNOWN_SEVERITY',
      'alert.severity',
      "is required: a number on the source's scale",
    );

  return {
    kind: 'alert',
    occurredAt: time.iso,
    actor: nonEmptyString(record.host) ? `suricata/${record.host}` : 'suricata',
    severityKey,
    severityField: 'alert.severity',
    title: alert.signature,
    assets: distinctStrings([record.src_ip, record.dest_ip]),
    indicators: defined({
      srcIp: record.src_ip,
      srcPort: record.src_port,
      destIp: record.dest_ip,
      destPort: record.dest_port,
      proto: record.proto,
      appProto: record.app_proto,
      signatureId: alert.signature_id,
      signatureRev: alert.rev,
      gid: alert.gid,
      category: alert.category,
      action: alert.action,
      flowId: record.flow_id,
      communityId: record.community_id,
    }),
  };
}
