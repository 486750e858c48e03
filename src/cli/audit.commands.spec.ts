import { type Timeline, type TimelineEntry } from '@onus/domain';
import { formatTimeline } from './audit.commands';

const entry = (position: number, fields: Partial<TimelineEntry> = {}): TimelineEntry => ({
  position,
  id: `id-${position}`,
  type: 'AlertAcknowledged',
  party: 'mssp',
  actor: 'analyst',
  occurredAt: '2024-01-01T10:00:00.000Z',
  recordedAt: '2024-01-01T10:00:00.000Z',
  effectiveAt: '2024-01-01T10:00:00.000Z',
  lateRecorded: false,
  description: `event ${position}`,
  findings: [],
  ...fields,
});

describe('formatTimeline', () => {
  const timeline: Timeline = {
    engagementId: 'eng-1',
    incidentId: null,
    asOf: '2024-02-01T00:00:00.000Z',
    events: [
      entry(9),
      entry(10, { party: 'client', type: 'ClientAcknowledged', findings: ['ALERT_ACK_LATE'] }),
      entry(100, {
        occurredAt: '2024-01-01T09:00:00.000Z',
        recordedAt: '2024-01-02T09:00:00.000Z',
        effectiveAt: '2024-01-02T09:00:00.000Z',
        lateRecorded: true,
      }),
    ],
  };
  const lines = formatTimeline(timeline).split('\n');

  it('heads the list with the engagement and asOf, and says what each event is', () => {
    expect(lines[0]).toBe('Timeline of engagement eng-1, as of 2024-02-01T00:00:00.000Z');
    expect(lines).toContain('    event 10');
  });

  it('lines up the columns whatever the width of the positions', () => {
    const rows = lines.filter((line) => line.startsWith('2024'));
    expect(rows).toHaveLength(3);
    const partyColumn = rows.map((row) => row.search(/ (mssp|client)/));
    expect(new Set(partyColumn).size).toBe(1);
    expect(rows[0]).toBe('2024-01-01T10:00:00.000Z  #9    mssp        analyst  AlertAcknowledged');
  });

  it('marks the evidence and the events recorded late', () => {
    expect(lines).toContain('    evidence of: ALERT_ACK_LATE');
    expect(lines).toContain(
      '    RECORDED LATE: claims 2024-01-01T09:00:00.000Z, recorded 2024-01-02T09:00:00.000Z',
    );
  });
});
