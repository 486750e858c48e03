import {
  defined,
  distinctStrings,
  isObject,
  type MapOutcome,
  nonEmptyString,
  pick,
  reject,
  scaleKey,
} from '../mapped-record';

/** OCSF 1.3.0 Detection Finding: class_uid 2004 in category 2, Findings. */
export const OCSF_DETECTION_FINDING = 2004;
const MS_YEAR_10000 = 253_402_300_800_000;

/** Finding activities that are not a new alert: an update or closure of one already raised. */
const NOT_NEW: Readonly<Record<number, string>> = { 2: 'update', 3: 'close' };

/**
 * An OCSF Detection Finding. A Create (or an unspecified activity) is an alert; an Update or a
 * Close of a finding is skipped, since the finding's alert was raised by its Create.
 */
export function mapOcsf(record: unknown): MapOutcome {
  if (!isObject(record)) return reject('NOT_A_RECORD', '', 'must be a JSON object (an OCSF event)');
  if (record.class_uid === undefined) return reject('MISSING_FIELD', 'class_uid', 'is required');
  if (record.class_uid !== OCSF_DETECTION_FINDING)
    return reject(
      'WRONG_CLASS',
      'class_uid',
      `is ${JSON.stringify(record.class_uid)}, not ${OCSF_DETECTION_FINDING} (Detection Finding)`,
    );
  const activity = record.activity_id;
  if (typeof activity === 'number' && NOT_NEW[activity])
    return { kind: 'skipped', type: `detection_finding/${NOT_NEW[activity]}` };

  const occurredAt = ocsfTime(record);
  if (typeof occurredAt !== 'string') return occurredAt;

  const info = record.finding_info;
  if (!isObject(info)) return reject('MISSING_FIELD', 'finding_info', 'is required');
  const title = [info.title, record.message, pick(info, 'analytic.name')].find(nonEmptyString);
  if (title === undefined)
    return reject('MISSING_FIELD', 'finding_info.title', 'is required (or message)');
  const severityKey = scaleKey(record.severity_id);
  if (severityKey === undefined)
    return reject('UNKNOWN_SEVERITY', 'severity_id', "is required: a number on the source's scale");

  const product = pick(record, 'metadata.product');
  const productName = [pick(product, 'name'), pick(product, 'vendor_name')].find(nonEmptyString);
  const resources = Array.isArray(record.resources) ? record.resources : [];
  const evidences = Array.isArray(record.evidences) ? record.evidences : [];
  const endpoint = (side: 'src_endpoint' | 'dst_endpoint', field: 'ip' | 'port') =>
    evidences.map((e) => pick(pick(e, side), field)).filter((v) => v !== undefined);
  return {
    kind: 'alert',
    occurredAt,
    actor: productName ? `ocsf/${productName}` : 'ocsf',
    severityKey,
    severityField: 'severity_id',
    title,
    assets: distinctStrings([
      ...resources.flatMap((r) => [pick(r, 'name') ?? pick(r, 'uid')]),
      pick(record, 'device.hostname'),
      pick(record, 'device.ip'),
    ]),
    indicators: defined({
      findingUid: info.uid,
      analyticUid: pick(info, 'analytic.uid'),
      analyticName: pick(info, 'analytic.name'),
      types: info.types,
      attackTechniques: Array.isArray(info.attacks)
        ? distinctStrings(info.attacks.map((a) => pick(a, 'technique.uid')))
        : undefined,
      severityId: record.severity_id,
      severity: record.severity,
      srcIps: nonEmpty(endpoint('src_endpoint', 'ip')),
      srcPorts: nonEmpty(endpoint('src_endpoint', 'port')),
      dstIps: nonEmpty(endpoint('dst_endpoint', 'ip')),
      dstPorts: nonEmpty(endpoint('dst_endpoint', 'port')),
      schemaVersion: pick(record, 'metadata.version'),
      product: productName,
    }),
  };
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? [...new Set(values)] : undefined;
}

/** `time` (milliseconds since the epoch, the base event's required timestamp_t). */
function ocsfTime(record: { [key: string]: unknown }): string | MapOutcome {
  const time = record.time;
  if (time === undefined) return reject('MISSING_TIME', 'time', 'is required (epoch milliseconds)');
  if (typeof time !== 'number' || !Number.isInteger(time) || time < 0 || time >= MS_YEAR_10000)
    return reject('INVALID_TIME', 'time', 'must be an integer count of milliseconds since 1970');
  return new Date(time).toISOString();
}
