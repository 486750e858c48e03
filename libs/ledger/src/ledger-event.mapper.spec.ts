import { type StoredEvent } from '@onus/event-store';
import { SharedNames, toLedgerEvent, toRuleEvent } from './ledger-event.mapper';

const stored = (position: number, recordedAt: string): StoredEvent => ({
  id: `id-${position}`,
  stream: 'eng-1/alert/a-1',
  revision: position,
  position,
  type: 'AlertAcknowledged',
  recordedAt: Date.parse(recordedAt),
  data: {
    engagementId: 'eng-1',
    party: 'mssp',
    actor: 'analyst',
    occurredAt: '2024-01-01T09:00:00.000Z',
    recordedAt,
    data: { alertId: 'a-1' },
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    effectiveAt: '2024-01-01T09:00:00.000Z',
    lateRecorded: false,
  },
});

describe('toRuleEvent', () => {
  it('keeps what the rules read, equal to the whole envelope’s fields, and nothing else', () => {
    const names = new SharedNames();
    for (const event of [
      stored(7, '2024-01-01T09:00:00.000Z'),
      stored(8, '2024-01-03T10:30:00.000Z'),
    ]) {
      const whole = toLedgerEvent(event);
      expect(toRuleEvent(event, names)).toStrictEqual({
        id: whole.id,
        type: whole.type,
        engagementId: whole.engagementId,
        party: whole.party,
        actor: whole.actor,
        occurredAt: whole.occurredAt,
        recordedAt: whole.recordedAt,
        data: whole.data,
        position: whole.position,
      });
    }
  });

  it('gives back a name equal to the one given, however it was made', () => {
    const names = new SharedNames();
    const first = ['ms', 'sp'].join('');
    expect(names.of(first)).toBe('mssp');
    expect(names.of(['m', 'ssp'].join(''))).toBe('mssp');
    expect(names.of('client')).toBe('client');
  });
});
