import { readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerEvent, verifyChain } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import { type IncomingEvent, Recorder } from './recorder';
import { RecordingError } from './recording.errors';
import { toLedgerEvent } from './ledger-event.mapper';
import { SCENARIOS, scenarioEvents } from './testing/scenarios';

async function allEvents(store: SqliteEventStore): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  for await (const stored of store.readAll()) events.push(toLedgerEvent(stored));
  return events;
}

async function rejection(promise: Promise<unknown>): Promise<RecordingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RecordingError) return error;
    throw error;
  }
  throw new Error('expected a RecordingError');
}

const contract: IncomingEvent = {
  id: '00000000-0000-4000-8000-000000000001',
  type: 'EngagementContracted',
  engagementId: 'eng-1',
  actor: 'admin',
  occurredAt: '2024-01-01T09:00:00.000Z',
  data: {
    client: { name: 'Client' },
    mssp: { name: 'MSSP' },
    startsAt: '2024-01-01T09:00:00.000Z',
    services: ['monitoring'],
    scope: { endpoints: 10, servers: 1, telemetry: ['edr'] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
    },
  },
};

function raised(alertId: string, occurredAt: string): IncomingEvent {
  return {
    type: 'AlertRaised',
    engagementId: 'eng-1',
    actor: 'suricata/sensor-1',
    occurredAt,
    data: { alertId, severity: 'high', title: 'Beacon' },
  };
}

describe('Recorder on a real SQLite file', () => {
  let dir: string;
  let store: SqliteEventStore;
  let now: number;
  let recorder: Recorder;
  const operator = { kind: 'recorder', party: 'operator' } as const;
  const mssp = { kind: 'recorder', party: 'mssp' } as const;
  const client = { kind: 'recorder', party: 'client' } as const;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-recorder-'));
    store = new SqliteEventStore({ path: join(dir, 'onus.db') });
    now = Date.parse('2024-01-01T10:00:00.000Z');
    recorder = new Recorder(store, () => now);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(
    readdirSync(SCENARIOS)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => f.replace('.ndjson', '')),
  )(
    'imports %s cleanly; a second import appends nothing; every stream chain verifies',
    async (name) => {
      const lines = scenarioEvents(name);
      for (const line of lines) {
        const result = await recorder.record([line], { kind: 'operator-import' });
        expect(result.appended).toEqual([true]);
      }
      const head = await store.headPosition();
      expect(head).toBe(lines.length);
      for (const line of lines) {
        const again = await recorder.record([line], { kind: 'operator-import' });
        expect(again.appended).toEqual([false]);
        expect(again.events[0]!.id).toBe(line.id);
      }
      expect(await store.headPosition()).toBe(head);

      const events = await allEvents(store);
      const streams = new Map<string, LedgerEvent[]>();
      for (const event of events)
        streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
      for (const [, chain] of streams) expect(verifyChain(chain)).toBeUndefined();
      // party and recordedAt come from the lines of an operator import.
      expect(events.map((e) => [e.party, e.recordedAt])).toEqual(
        lines.map((l) => [l.party, l.recordedAt]),
      );
    },
  );

  it('places each aggregate in its own stream, under the engagement', async () => {
    await recorder.record([contract], operator);
    const result = await recorder.record([raised('a-1', '2024-01-01T09:59:00.000Z')], mssp);
    expect(result.events[0]).toMatchObject({
      stream: 'eng-1/alert/a-1',
      revision: 0,
      position: 1,
      party: 'mssp',
    });
    expect((await allEvents(store))[0]!.stream).toBe('eng-1/engagement');
  });

  it('makes backdating visible: effective time is recordedAt and lateRecorded is true', async () => {
    await recorder.record([contract], operator);
    const late = await recorder.record([raised('a-1', '2024-01-01T09:40:00.000Z')], mssp);
    expect(late.events[0]).toMatchObject({
      occurredAt: '2024-01-01T09:40:00.000Z',
      recordedAt: '2024-01-01T10:00:00.000Z',
      effectiveAt: '2024-01-01T10:00:00.000Z',
      lateRecorded: true,
    });
    const onTime = await recorder.record([raised('a-2', '2024-01-01T09:50:00.000Z')], mssp);
    expect(onTime.events[0]).toMatchObject({
      effectiveAt: '2024-01-01T09:50:00.000Z',
      lateRecorded: false,
    });
  });

  it('takes the party from the caller, never from the body', async () => {
    await recorder.record([contract], operator);
    const error = await rejection(
      recorder.record([{ ...raised('a-1', '2024-01-01T10:00:00.000Z'), party: 'client' }], mssp),
    );
    expect(error).toMatchObject({
      status: 403,
      rule: 'PARTY_FROM_CREDENTIALS',
      details: [{ path: 'party' }],
    });
    const ack = await rejection(
      recorder.record(
        [
          raised('a-1', '2024-01-01T10:00:00.000Z'),
          {
            type: 'AlertAcknowledged',
            engagementId: 'eng-1',
            actor: 'x',
            occurredAt: '2024-01-01T10:00:00.000Z',
            data: { alertId: 'a-1' },
          },
        ],
        client,
      ),
    );
    expect(ack).toMatchObject({
      status: 403,
      rule: 'PARTY_MAY_NOT_RECORD',
      details: [{ path: 'events[1].party' }],
    });
    const stamped = await rejection(
      recorder.record(
        [{ ...raised('a-1', '2024-01-01T10:00:00.000Z'), recordedAt: '2024-01-01T09:00:00.000Z' }],
        mssp,
      ),
    );
    expect(stamped).toMatchObject({ status: 400, rule: 'RECORDED_AT_FROM_LEDGER' });
    expect(await store.headPosition()).toBe(1);
  });

  it('appends a call all or nothing, and later events of a call see earlier ones', async () => {
    await recorder.record([contract], operator);
    const both = await recorder.record(
      [
        raised('a-1', '2024-01-01T10:00:00.000Z'),
        {
          type: 'AlertAcknowledged',
          engagementId: 'eng-1',
          actor: 'jack',
          occurredAt: '2024-01-01T10:00:00.000Z',
          data: { alertId: 'a-1' },
        },
      ],
      mssp,
    );
    expect(both.events.map((e) => [e.stream, e.revision])).toEqual([
      ['eng-1/alert/a-1', 0],
      ['eng-1/alert/a-1', 1],
    ]);
    expect(both.events[1]!.prevHash).toBe(both.events[0]!.hash);

    const error = await rejection(
      recorder.record(
        [raised('a-2', '2024-01-01T10:00:00.000Z'), raised('a-1', '2024-01-01T10:00:00.000Z')],
        mssp,
      ),
    );
    expect(error).toMatchObject({
      status: 409,
      rule: 'ID_ALREADY_USED',
      details: [{ path: 'events[1].data.alertId' }],
    });
    expect(await store.headPosition()).toBe(3);
  });

  it('answers a stale expectedRevision with 409 and the current revision', async () => {
    await recorder.record([contract], operator);
    await recorder.record([raised('a-1', '2024-01-01T10:00:00.000Z')], mssp);
    const ack = {
      type: 'AlertAcknowledged',
      engagementId: 'eng-1',
      actor: 'jack',
      occurredAt: '2024-01-01T10:00:00.000Z',
      data: { alertId: 'a-1' },
    } as const;
    const error = await rejection(recorder.record([{ ...ack, expectedRevision: 5 }], mssp));
    expect(error).toMatchObject({
      status: 409,
      rule: 'WRONG_EXPECTED_REVISION',
      currentRevision: 0,
    });
    const ok = await recorder.record([{ ...ack, expectedRevision: 0 }], mssp);
    expect(ok.events[0]!.revision).toBe(1);
  });

  it('is idempotent by id: same content returns the stored event, other content is a conflict', async () => {
    await recorder.record([contract], operator);
    const event = {
      ...raised('a-1', '2024-01-01T10:00:00.000Z'),
      id: '00000000-0000-4000-8000-0000000000aa',
    };
    const first = await recorder.record([event], mssp);
    now += 60_000;
    const retry = await recorder.record([event], mssp);
    expect(retry).toEqual({ events: first.events, appended: [false] });
    const conflict = await rejection(recorder.record([{ ...event, actor: 'someone-else' }], mssp));
    expect(conflict).toMatchObject({ status: 409, rule: 'EVENT_ID_CONFLICT' });
    expect(await store.headPosition()).toBe(2);
  });

  it('never stamps recordedAt earlier than the event before it, even if the clock steps back', async () => {
    await recorder.record([contract], operator);
    await recorder.record([raised('a-1', '2024-01-01T10:00:00.000Z')], mssp);
    now -= 30_000;
    const after = await recorder.record([raised('a-2', '2024-01-01T09:59:00.000Z')], mssp);
    expect(after.events[0]!.recordedAt).toBe('2024-01-01T10:00:00.000Z');
  });

  it('concurrent callers on one stream all land, each chained to the one before', async () => {
    await recorder.record([contract], operator);
    await recorder.record([raised('a-1', '2024-01-01T10:00:00.000Z')], mssp);
    // Two recorders over one store: each decides on what it read, the store arbitrates.
    const other = new Recorder(store, () => now);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? other : recorder).record(
          [
            {
              type: 'ClientNotified',
              engagementId: 'eng-1',
              actor: 'jack',
              occurredAt: '2024-01-01T10:00:00.000Z',
              data: { alertId: 'a-1', channel: `c-${i}` },
            },
          ],
          mssp,
        ),
      ),
    );
    const chain = (await allEvents(store)).filter((e) => e.stream === 'eng-1/alert/a-1');
    expect(chain).toHaveLength(21);
    expect(verifyChain(chain)).toBeUndefined();
  });
});
