import { parseTimestamp } from '@onus/domain';
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

/** A Wazuh alert (one line of the manager's alerts.json): every record is an alert. */
export function mapWazuh(record: unknown): MapOutcome {
  if (!isObject(record)) return reject('NOT_A_RECORD', '', 'must be a JSON object (a Wazuh alert)');
  if (record.timestamp === undefined) return reject('MISSING_TIME', 'timestamp', 'is required');
  // Wazuh writes `2024-03-05T10:15:02.123+0000`, the offset without a colon.
  const time = parseTimestamp(record.timestamp);
  if (!time.ok) return reject('INVALID_TIME', 'timestamp', time.reason);

  const rule = record.rule;
  if (!isObject(rule)) return reject('MISSING_FIELD', 'rule', 'is required (the rule that fired)');
  const severityKey = scaleKey(rule.level);
  if (severityKey === undefined)
    return reject('UNKNOWN_SEVERITY', 'rule.level', "is required: a number on the source's scale");
  if (!nonEmptyString(rule.description))
    return reject('MISSING_FIELD', 'rule.description', 'is required (the title of the alert)');

  const agent = isObject(record.agent) ? record.agent : {};
  return {
    kind: 'alert',
    occurredAt: time.iso,
    actor: nonEmptyString(pick(record, 'manager.name'))
      ? `wazuh/${pick(record, 'manager.name') as string}`
      : 'wazuh',
    severityKey,
    severityField: 'rule.level',
    title: rule.description,
    assets: distinctStrings([agent.name, agent.ip]),
    indicators: defined({
      ruleId: rule.id,
      ruleLevel: rule.level,
      ruleGroups: rule.groups,
      mitreIds: pick(rule, 'mitre.id'),
      agentId: agent.id,
      agentName: agent.name,
      agentIp: agent.ip,
      srcIp: pick(record, 'data.srcip'),
      srcPort: pick(record, 'data.srcport'),
      srcUser: pick(record, 'data.srcuser'),
      dstIp: pick(record, 'data.dstip'),
      dstPort: pick(record, 'data.dstport'),
      location: record.location,
      wazuhId: record.id,
    }),
  };
}
