import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '@onus/domain';
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

/** A line with more envelope fields: an id (as an export of the ledger has), an expectation. */
const withFields = (text: string, fields: object) =>
  JSON.stringify({ ...(JSON.parse(text) as object), ...fields });

const raised = withFields(
  line('AlertRaised', 'mssp', 1, { alertId: 'a-1', severity: 'high', title: 't' }),
  { id: '11111111-1111-4111-8111-111111111111' },
);

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

  it('reports the lines it refuses in line order, whichever step refused them', async () => {
    const lines = [
      contract,
      line('AlertAcknowledged', 'mssp', 1, { alertId: 'a-9' }), // the ledger refuses it
      'not json',
      line('AlertRaised', 'mssp', 2, { alertId: 'a-1', severity: 'urgent', title: 't' }),
      line('AlertAcknowledged', 'mssp', 3, { alertId: 'a-8' }), // the ledger refuses it
      ...Array.from({ length: 7 }, () => '{}'), // a run of bad lines longer than a batch
      line('AlertAcknowledged', 'mssp', 4, { alertId: 'a-7' }), // the ledger refuses it
    ];
    const told: number[] = [];
    const summary = await importNdjson(linesOf(lines), new Recorder(store, () => Date.now()), {
      validate: validateIncoming,
      batchSize: 4,
      onError: (error) => told.push(error.line),
    });
    expect(summary).toEqual({ lines: 13, appended: 1, alreadyPresent: 0, failed: 12 });
    expect(told).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('counts a line repeated within one batch as already in the ledger, not as a refusal', async () => {
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

describe('importNdjson: batches that hold many events of one stream, and other writers', () => {
  let dir: string;
  const stores: SqliteEventStore[] = [];
  const open = (name = 'onus.db') => {
    const store = new SqliteEventStore({ path: join(dir, name) });
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-importer-'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const contracted = withFields(contract, { id: '00000000-0000-4000-8000-000000000000' });

  /** Alerts a-0..a-(n-1), each raised, acknowledged twice, notified and closed; some lines refused. */
  function alertLines(alerts: number): string[] {
    const lines = [contracted];
    let minute = 1;
    for (let a = 0; a < alerts; a++) {
      const alertId = `a-${a}`;
      lines.push(line('AlertRaised', 'mssp', minute++, { alertId, severity: 'high', title: 't' }));
      lines.push(line('AlertAcknowledged', 'mssp', minute++, { alertId }));
      if (a % 3 === 0) lines.push(line('AlertAcknowledged', 'client', minute++, { alertId }));
      lines.push(line('ClientNotified', 'mssp', minute++, { alertId, channel: 'email' }));
      lines.push(line('AlertClosed', 'mssp', minute++, { alertId, disposition: 'benign' }));
      if (a % 4 === 1)
        lines.push(line('AlertClosed', 'mssp', minute++, { alertId, disposition: 'benign' }));
      if (a % 5 === 2) lines.push(line('AlertAcknowledged', 'mssp', minute++, { alertId: 'nope' }));
    }
    return lines;
  }

  async function stored(store: SqliteEventStore) {
    const events = [];
    for await (const event of store.readAll()) events.push(toLedgerEvent(event));
    return events;
  }

  it('a whole batch in one pass gives what one line at a time gives: same events, same hashes', async () => {
    const lines = alertLines(40);
    const run = async (name: string, batchSize: number) => {
      const store = open(name);
      const errors: LineError[] = [];
      const summary = await importNdjson(linesOf(lines), new Recorder(store, () => Date.now()), {
        validate: validateIncoming,
        batchSize,
        onError: (error) => errors.push(error),
      });
      return { summary, errors, events: await stored(store) };
    };
    const batched = await run('batched.db', 1000);
    const single = await run('single.db', 1);

    expect(batched.summary).toEqual(single.summary);
    expect(batched.summary.failed).toBe(14 + 10 + 8);
    // Lines that fail validation are reported as read, refusals when their batch is recorded.
    const byLine = (errors: LineError[]) => [...errors].sort((x, y) => x.line - y.line);
    expect(byLine(batched.errors)).toEqual(single.errors);
    expect(batched.events.map((e) => [e.id, e.stream, e.revision, e.prevHash, e.hash])).toEqual(
      single.events.map((e) => [e.id, e.stream, e.revision, e.prevHash, e.hash]),
    );
    const streams = new Map<string, typeof batched.events>();
    for (const event of batched.events)
      streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
    for (const events of streams.values()) expect(verifyChain(events)).toBeUndefined();
  });

  it('a re-import appends nothing, and a line repeated inside a batch counts once', async () => {
    const store = open();
    const ack = line('AlertAcknowledged', 'mssp', 2, { alertId: 'a-1' });
    const lines = [
      contracted,
      raised,
      ack,
      raised,
      line('ClientNotified', 'mssp', 3, { alertId: 'a-1', channel: 'email' }),
    ];
    const recorder = new Recorder(store, () => Date.now());
    const options = { validate: validateIncoming, batchSize: 1000 };
    expect(await importNdjson(linesOf(lines), recorder, options)).toEqual({
      lines: 5,
      appended: 4,
      alreadyPresent: 1,
      failed: 0,
    });
    const first = await stored(store);
    expect(await importNdjson(linesOf(lines), recorder, options)).toEqual({
      lines: 5,
      appended: 0,
      alreadyPresent: 5,
      failed: 0,
    });
    expect(await stored(store)).toEqual(first);
  });

  /**
   * Imports `lines` in batches of two into the real store, with another process's write (its
   * own connection) forced in right after the import has read alert a-0's stream, once it exists.
   */
  async function importInterrupted(lines: string[]) {
    const other = new Recorder(open('shared.db'), () => Date.now());
    let interrupted = false;
    class Interrupted extends SqliteEventStore {
      override async *readStreams(streams: readonly string[]) {
        yield* super.readStreams(streams);
        if (
          !interrupted &&
          streams.includes('eng-1/alert/a-0') &&
          (await this.streamRevision('eng-1/alert/a-0')) >= 0
        ) {
          interrupted = true;
          await other.record(
            [
              {
                type: 'ClientAcknowledged',
                engagementId: 'eng-1',
                actor: 'client-soc',
                occurredAt: at(50),
                data: { alertId: 'a-0' },
              },
            ],
            { kind: 'recorder', party: 'client' },
          );
        }
      }
    }
    const store = new Interrupted({ path: join(dir, 'shared.db') });
    stores.push(store);
    const errors: LineError[] = [];
    const summary = await importNdjson(linesOf(lines), new Recorder(store, () => Date.now()), {
      validate: validateIncoming,
      batchSize: 2,
      onError: (error) => errors.push(error),
    });
    expect(interrupted).toBe(true);
    const alert = (await stored(store)).filter((e) => e.stream === 'eng-1/alert/a-0');
    expect(verifyChain(alert)).toBeUndefined();
    return { summary, errors: errors.map((e) => [e.line, e.status, e.rule]), alert };
  }

  const raisedA0 = line('AlertRaised', 'mssp', 1, { alertId: 'a-0', severity: 'high', title: 't' });

  it('another writer between the import reading a stream and appending: decided again', async () => {
    const { summary, errors, alert } = await importInterrupted([
      contracted,
      raisedA0,
      line('AlertAcknowledged', 'mssp', 2, { alertId: 'a-0' }),
      line('ClientNotified', 'mssp', 3, { alertId: 'a-0', channel: 'email' }),
      // With an explicit expectation, the other writer's event makes this one stale.
      withFields(line('AlertClosed', 'mssp', 4, { alertId: 'a-0', disposition: 'benign' }), {
        expectedRevision: 2,
      }),
      line('AlertRaised', 'mssp', 5, { alertId: 'a-1', severity: 'high', title: 't' }),
    ]);
    expect(summary).toEqual({ lines: 6, appended: 5, alreadyPresent: 0, failed: 1 });
    expect(errors).toEqual([[5, 409, 'WRONG_EXPECTED_REVISION']]);
    expect(alert.map((e) => e.type)).toEqual([
      'AlertRaised',
      'ClientAcknowledged',
      'AlertAcknowledged',
      'ClientNotified',
    ]);
  });

  it("another writer breaking a line's expectedRevision after the read: only that line refused", async () => {
    const { summary, errors, alert } = await importInterrupted([
      contracted,
      raisedA0,
      // Right when read; stale by the append.
      withFields(line('AlertAcknowledged', 'mssp', 2, { alertId: 'a-0' }), { expectedRevision: 0 }),
      line('ClientNotified', 'mssp', 3, { alertId: 'a-0', channel: 'email' }),
    ]);
    expect(summary).toEqual({ lines: 4, appended: 3, alreadyPresent: 0, failed: 1 });
    expect(errors).toEqual([[3, 409, 'WRONG_EXPECTED_REVISION']]);
    expect(alert.map((e) => e.type)).toEqual([
      'AlertRaised',
      'ClientAcknowledged',
      'ClientNotified',
    ]);
  });

  it('a race on a stream blames no line that gave no expectation: the others are kept', async () => {
    const { summary, errors, alert } = await importInterrupted([
      contracted,
      raisedA0,
      line('ClientNotified', 'mssp', 3, { alertId: 'a-0', channel: 'email' }),
      // Not the client's to record: refused, never written, though its expectation held.
      withFields(line('AlertAcknowledged', 'client', 2, { alertId: 'a-0' }), {
        expectedRevision: 1,
      }),
    ]);
    expect(summary).toEqual({ lines: 4, appended: 3, alreadyPresent: 0, failed: 1 });
    // Decided again after the other writer's event, the notice is kept; the acknowledgement's
    // expectation is stale by then.
    expect(errors).toEqual([[4, 409, 'WRONG_EXPECTED_REVISION']]);
    expect(alert.map((e) => e.type)).toEqual([
      'AlertRaised',
      'ClientAcknowledged',
      'ClientNotified',
    ]);
  });
});
