import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore } from '@onus/access';
import { loadConfig } from '@onus/config';
import { openEventStore, type EventStore } from '@onus/event-store';
import { Recorder } from '@onus/ledger';
import { type FakeEsdb, startFakeEsdb } from '../esdb-fake/fake-esdb';
import { ROOT } from '../support/cli';
import { scenarioEvents } from '@onus/ledger/testing/scenarios';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An auditor key of every engagement, made in each process's data directory. */
const auditorKeys = new Map<number, string>();

async function get(port: number, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: { authorization: `Bearer ${auditorKeys.get(port)}` },
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Two audit-api processes, each with read models of its own, following one EventStoreDB (the
 * fake gRPC server): after catch-up they give the same answers.
 */
describe('two audit-api processes following one store', () => {
  let fake: FakeEsdb;
  let dir: string;
  let store: EventStore;
  const processes: { child: ChildProcess; port: number; dataDir: string }[] = [];

  beforeAll(async () => {
    fake = await startFakeEsdb();
    dir = mkdtempSync(join(tmpdir(), 'onus-two-audit-'));
    store = openEventStore(loadConfig({ ONUS_STORE: fake.url }).store);
    const recorder = new Recorder(store, () => Date.now());
    await recorder.record(scenarioEvents('finserv-misplaced-sensor').slice(0, 30), {
      kind: 'operator-import',
    });
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const dataDir = join(dir, name);
      const keys = ApiKeyStore.inDataDir(dataDir);
      auditorKeys.set(
        port,
        keys.create({ actor: `auditor-${name}`, role: 'auditor', engagements: 'all' }).key,
      );
      keys.close();
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'apps/audit-api/src/main.ts'],
        {
          cwd: ROOT,
          env: { ...process.env, ONUS_STORE: fake.url, PORT: String(port), ONUS_DATA_DIR: dataDir },
          stdio: 'ignore',
        },
      );
      processes.push({ child, port, dataDir });
    }
    for (const { port } of processes) {
      for (let i = 0; ; i++) {
        try {
          if ((await get(port, '/health')).status === 200) break;
        } catch {
          if (i > 300) throw new Error(`audit-api on ${port} did not start`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, 60_000);

  afterAll(async () => {
    for (const { child } of processes) child.kill('SIGTERM');
    await Promise.all(
      processes.map(({ child }) => new Promise((resolve) => child.once('exit', resolve))),
    );
    await store.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agree on every answer once both have caught up, each from its own read models', async () => {
    // Written while both follow.
    const recorder = new Recorder(store, () => Date.now());
    await recorder.record(scenarioEvents('finserv-misplaced-sensor').slice(30), {
      kind: 'operator-import',
    });
    const last = (await store.headPosition()) - 1;
    const answers = await Promise.all(
      processes.map(async ({ port }) => ({
        events: await get(
          port,
          `/v1/engagements/eng-finserv/events?minPosition=${last}&limit=1000`,
        ),
        cable: await get(
          port,
          `/v1/engagements/eng-finserv/events?minPosition=${last}&party=client&type=SensorDeployed,SensorRelocated`,
        ),
        verdict: await get(port, '/v1/engagements/eng-finserv/verdict?asOf=2024-01-01T00:00:00Z'),
      })),
    );
    const [a, b] = answers;
    expect(a!.events.status).toBe(200);
    expect(a!.events.body.events).toHaveLength(50);
    expect(a!.events.body.readModelPosition).toBe(last + 1);
    expect(b).toEqual(a);
    for (const { dataDir } of processes)
      expect(existsSync(join(dataDir, 'read-models.db'))).toBe(true);

    const health = await Promise.all(processes.map(({ port }) => get(port, '/health')));
    for (const { body } of health) {
      expect(body.followers['projection:event-search']).toEqual({ position: last + 1, lag: 0 });
      expect(body.followers['projection:engagements']).toEqual({ position: last + 1, lag: 0 });
    }
  });
});
