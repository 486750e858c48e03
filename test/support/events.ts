/** Envelopes the security tests record, each valid for the engagement it names. */

export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

export const contracted = (engagementId: string) => ({
  type: 'EngagementContracted',
  engagementId,
  actor: 'admin',
  occurredAt: minutesAgo(600),
  data: {
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: minutesAgo(600),
    services: ['monitoring'],
    scope: { endpoints: 10, servers: 2, telemetry: ['edr'] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
    },
  },
});

export const alertRaised = (engagementId: string, alertId: string) => ({
  type: 'AlertRaised',
  engagementId,
  actor: 'suricata/sensor-1',
  occurredAt: minutesAgo(1),
  data: { alertId, severity: 'low', title: 'port scan' },
});

/** Recordable by mssp, client and third_party alike. */
export const coverageReported = (engagementId: string) => ({
  type: 'CoverageReported',
  engagementId,
  actor: 'inventory',
  occurredAt: minutesAgo(1),
  data: { endpoints: 10, servers: 2, telemetry: ['edr'] },
});

/** Recordable by the operator only. */
export const amended = (engagementId: string) => ({
  type: 'EngagementAmended',
  engagementId,
  actor: 'admin',
  occurredAt: minutesAgo(1),
  data: { services: ['monitoring'] },
});
