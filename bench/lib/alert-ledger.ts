import { randomUUID } from 'node:crypto';
import { type IncomingEvent } from '@onus/ledger';

const MINUTE = 60_000;

/**
 * A contracted engagement whose alerts are each raised, notified, acknowledged by the client and
 * acknowledged late by the MSSP: four events and one finding per alert, all valid envelopes.
 */
export function* alertLedger(engagementId: string, alerts: number): Generator<IncomingEvent> {
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  const at = (ms: number): string => new Date(ms).toISOString();
  const envelope = (type: string, party: string, ms: number, data: object): IncomingEvent =>
    ({
      id: randomUUID(),
      type,
      engagementId,
      party,
      actor: `${party}@bench`,
      occurredAt: at(ms),
      recordedAt: at(ms),
      data,
    }) as IncomingEvent;
  yield envelope('EngagementContracted', 'operator', start, {
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: at(start),
    services: ['monitoring'],
    scope: { endpoints: 90, servers: 10, telemetry: ['edr'] },
    sla: {
      acknowledgeMinutes: { critical: 5, high: 15, medium: 60, low: 240 },
      notifyClientMinutes: { critical: 30, high: 60 },
      clientAcknowledgeMinutes: 30,
      coverageReportMaxDays: 100_000,
    },
  });
  for (let i = 0; i < alerts; i++) {
    const t = start + MINUTE + i * 60 * MINUTE;
    const alertId = `a-${i}`;
    yield envelope('AlertRaised', 'mssp', t, { alertId, severity: 'high', title: 'ET beacon' });
    yield envelope('ClientNotified', 'mssp', t + 20 * MINUTE, { alertId, channel: 'phone' });
    yield envelope('ClientAcknowledged', 'client', t + 25 * MINUTE, { alertId });
    yield envelope('AlertAcknowledged', 'mssp', t + 30 * MINUTE, { alertId });
  }
}
