import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@onus/event-store';
import { importNdjson, type LineError } from './importer';
import { toLedgerEvent } from './ledger-event.mapper';
import { Recorder } from './recorder';
import { validateIncoming } from './validate-incoming';

async function* linesOf(lines: readonly string[]): AsyncIterable<string> {
  for (const line of lines) yield line;
}

const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 10, minute)).toISOString();
const line = (type: string, party: string, minute: number, data: object) =>
  JSON.stringify({
    type,
    engagementId: 'eng-1',
    party,
    actor: 'a',
    occurredAt: at(minute),
    recordedAt: at(minute),
    data,
  });

describe('importNdjson on a real SQLite file', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-importer-'));
    store = new SqliteEventStore({ path: join(dir, 'onus.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const contract = line('EngagementContracted', 'operator', 0, {
    client: { name: 'C' },
    mssp: { name: 'M' },
    startsAt: at(0),
    services: ['monitoring'],
    scope: { endpoints: 1, servers: 1, telemetry: [] },
    sla: {
      acknowledgeMinutes: { critical: 15, high: 30, medium: 240, low: 1440 },
      requestResponseMinutes: { critical: 60, high: 240, medium: 1440, low: 2880 },
    },
  });

  it('keeps the good lines of a batch in order and reports each refused one by its line', async () => {
    const lines = [
      contract,
      line('AlertRaised', 'mssp', 1, { alertId: 'a-1', severity: 'high', title: 't' }),
      line('AlertAcknowledged', 'mssp', 2, { alertId: 'a-9' }), // never raised
      line('AlertAcknowledged', 'mssp', 3, { alertId: 'a-1' }),
      line('AlertAcknowledged', 'client', 4, { alertId: 'a-1' }), // not the client's to record
      '',
      line('AlertRaised', 'mssp', 5, { alertId: 'a-1', severity: 'low', title: 'again' }), // id used
      line('ClientNotified', 'mssp', 6, { alertId: 'a-1', channel: 'phone' }),
    ];
    const errors: LineError[] = [];
    const summary = await importNdjson(linesOf(lines), new Recorder(store, () => Date.now()), {
      validate: validateIncoming,
      batchSize: 100,
      onError: (error) => errors.push(error),
    });
    expect(summary).toEqual({ lines: 7, appended: 4, alreadyPresent: 0, failed: 3 });
    expect(errors.map((e) => [e.line, e.status, e.rule, e.details[0]?.path])).toEqual([
      [3, 409, 'SUBJECT_UNKNOWN', 'data.alertId'],
      [5, 403, 'PARTY_MAY_NOT_RECORD', 'party'],
      [7, 409, 'ID_ALREADY_USED', 'data.alertId'],
    ]);
    const stored = [];
    for await (const event of store.readAll()) stored.push(toLedgerEvent(event));
    expect(stored.map((e) => [e.type, e.occurredAt])).toEqual([
      ['EngagementContracted', at(0)],
      ['AlertRaised', at(1)],
      ['AlertAcknowledged', at(3)],
      ['ClientNotified', at(6)],
    ]);
  });

  it('counts a line repeated within one batch as already in the ledger, not as a refusal', async () => {
    const raised = JSON.stringify({
      ...(JSON.parse(
        line('AlertRaised', 'mssp', 1, { alertId: 'a-1', severity: 'high', title: 't' }),
      ) as object),
      id: '11111111-1111-4111-8111-111111111111',
    });
    const errors: LineError[] = [];
    const summary = await importNdjson(
      linesOf([contract, raised, raised, raised]),
      new Recorder(store, () => Date.now()),
      { validate: validateIncoming, batchSize: 100, onError: (error) => errors.push(error) },
    );
    expect(errors).toEqual([]);
    expect(summary).toEqual({ lines: 4, appended: 2, alreadyPresent: 2, failed: 0 });
    expect(await store.headPosition()).toBe(2);
  });
});
