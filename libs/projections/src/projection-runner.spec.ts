import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerEvent } from '@onus/domain';
import { SqliteEventStore } from '@onus/event-store';
import { Recorder, toLedgerEvent } from '@onus/ledger';
import { engagementsProjection } from './engagements.projection';
import { type EventQuery, eventSearchProjection, SUBJECT_KEYS } from './event-search.projection';
import { type Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS, ReadModels } from './read-models';
import { ReadModelStore } from './read-model-store';
import { dumpReadModel } from './testing/dump';
import { scenarioEvents } from '@onus/ledger/testing/scenarios';

const ALL = [
  ...scenarioEvents('smb-declined-mfa'),
  ...scenarioEvents('bank-unannounced-test'),
  ...scenarioEvents('finserv-misplaced-sensor'),
];

/** What the search must answer, worked out by brute force over the whole log. */
function expected(events: readonly LedgerEvent[], engagementId: string, query: EventQuery) {
  return events.filter((event) => {
    const data = event.data as Record<string, unknown>;
    const effective = Date.parse(event.effectiveAt);
    const recorded = Date.parse(event.recordedAt);
    return (
      event.engagementId === engagementId &&
      (query.types === undefined || query.types.includes(event.type)) &&
      (query.party === undefined || event.party === query.party) &&
      (query.actor === undefined || event.actor === query.actor) &&
      (query.subjectId === undefined || SUBJECT_KEYS.some((k) => data[k] === query.subjectId)) &&
      (query.effectiveFrom === undefined || effective >= query.effectiveFrom) &&
      (query.effectiveTo === undefined || effective <= query.effectiveTo) &&
      (query.recordedFrom === undefined || recorded >= query.recordedFrom) &&
      (query.recordedTo === undefined || recorded <= query.recordedTo)
    );
  });
}

describe('projections', () => {
  let dir: string;
  let store: SqliteEventStore;
  let recorder: Recorder;
  const closers: (() => Promise<void> | void)[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onus-projections-'));
    store = new SqliteEventStore({ path: join(dir, 'onus.db'), pollIntervalMs: 20 });
    recorder = new Recorder(store, () => Date.now());
    await recorder.record(ALL.slice(0, 40), { kind: 'operator-import' });
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function runner(models: ReadModelStore, projections: readonly Projection[] = PROJECTIONS) {
    const created = new ProjectionRunner(store, models, projections, { discoverMs: 20 });
    closers.push(() => created.stop());
    return created;
  }

  async function log(): Promise<LedgerEvent[]> {
    const events: LedgerEvent[] = [];
    for await (const stored of store.readAll()) events.push(toLedgerEvent(stored));
    return events;
  }

  async function caughtUp(r: ProjectionRunner): Promise<void> {
    const head = await store.headPosition();
    for (const p of r.projections) expect(await r.reached(p.name, head - 1, 5000)).toBe(true);
  }

  it('answers every filter as a scan of the whole log would, live as events arrive', async () => {
    const models = new ReadModelStore(store.database);
    const r = runner(models);
    r.start();
    await caughtUp(r);
    await recorder.record(ALL.slice(40), { kind: 'operator-import' });
    await caughtUp(r);
    const events = await log();
    const search = new ReadModels(models);
    const queries: [string, EventQuery][] = [
      ['eng-finserv', { limit: 1000 }],
      ['eng-finserv', { types: ['CoverageReported', 'SensorRelocated'], limit: 1000 }],
      ['eng-finserv', { party: 'client', limit: 1000 }],
      ['eng-smb', { subjectId: 'rec-mfa', limit: 1000 }],
      [
        'eng-bank',
        { actor: events.find((e) => e.engagementId === 'eng-bank')!.actor, limit: 1000 },
      ],
      [
        'eng-finserv',
        {
          effectiveFrom: Date.parse('2016-08-01T00:00:00Z'),
          effectiveTo: Date.parse('2016-09-30T00:00:00Z'),
          limit: 1000,
        },
      ],
      ['eng-smb', { recordedFrom: Date.parse('2024-02-01T00:00:00Z'), limit: 1000 }],
    ];
    for (const [engagementId, query] of queries) {
      const want = expected(events, engagementId, query);
      expect(want.length).toBeGreaterThan(0);
      expect(search.searchEvents(engagementId, query).events).toEqual(want);
    }
    // Paging: every event exactly once, in position order.
    const paged: LedgerEvent[] = [];
    let after: number | undefined;
    for (;;) {
      const page = search.searchEvents('eng-finserv', {
        limit: 7,
        ...(after === undefined ? {} : { after }),
      });
      paged.push(...page.events);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(paged).toEqual(expected(events, 'eng-finserv', { limit: 1 }));
    expect(search.engagement('eng-smb')).toMatchObject({
      engagementId: 'eng-smb',
      contractedAt: 0,
      events: 14,
    });
    expect(search.engagement('eng-nobody')).toBeUndefined();
  });

  it('two processes building the same read model apply each event once', async () => {
    // Two connections to one file, as two audit-api processes on the embedded store have.
    const first = new ReadModelStore(store.database);
    const second = ReadModelStore.open(join(dir, 'onus.db'));
    closers.push(() => second.close());
    const a = runner(first);
    const b = runner(second);
    a.start();
    b.start();
    await recorder.record(ALL.slice(40), { kind: 'operator-import' });
    await caughtUp(a);
    await caughtUp(b);

    const fresh = ReadModelStore.open(join(dir, 'fresh.db'));
    closers.push(() => fresh.close());
    const rebuilt = runner(fresh);
    await rebuilt.rebuild(PROJECTIONS);
    for (const projection of PROJECTIONS) {
      expect(dumpReadModel(first, projection)).toBe(dumpReadModel(fresh, projection));
      expect(dumpReadModel(second, projection)).toBe(dumpReadModel(fresh, projection));
    }
  });

  it('rebuilds beside the old read model when its code version changes, and switches once caught up', async () => {
    const models = new ReadModelStore(store.database);
    const v1 = runner(models, [eventSearchProjection]);
    v1.start();
    await caughtUp(v1);
    await v1.stop();
    const built = eventSearchProjection.version;
    expect(models.generations('event-search')).toMatchObject([
      { generation: 1, version: built, active: true, indexed: true },
    ]);

    const v2: Projection = { ...eventSearchProjection, version: built + 1 };
    const r = runner(models, [v2]);
    // Before it starts, the old read model is what queries read, and it is not current.
    expect(r.isCurrent('event-search')).toBe(false);
    r.start();
    const head = await store.headPosition();
    expect(await r.reached('event-search', head - 1, 5000)).toBe(true);
    for (let i = 0; i < 100 && !r.isCurrent('event-search'); i++)
      await new Promise((s) => setTimeout(s, 20));
    expect(models.generations('event-search')).toMatchObject([
      { generation: 2, version: built + 1, active: true, indexed: true },
    ]);
    const tables = models.database
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_event_search_g1_%'",
      )
      .all();
    expect(tables).toEqual([]);
  });

  it('onus projections rebuild: a new generation from position 0, then the switch', async () => {
    const models = new ReadModelStore(store.database);
    const r = runner(models);
    r.start();
    await caughtUp(r);
    const before = dumpReadModel(models, engagementsProjection);
    const progress: number[] = [];
    const [rebuilt] = await r.rebuild([engagementsProjection], (position) =>
      progress.push(position),
    );
    expect(rebuilt).toMatchObject({ generation: 2, active: true, position: 40 });
    expect(progress.at(-1)).toBe(40);
    expect(dumpReadModel(models, engagementsProjection)).toBe(before);
    expect(models.generations('engagements').map((g) => g.generation)).toEqual([2]);
    // The live follower of the replaced generation stopped; the new one follows instead.
    await recorder.record(ALL.slice(40), { kind: 'operator-import' });
    await caughtUp(r);
    expect(new ReadModels(models).engagement('eng-finserv')?.events).toBe(50);
  });

  it('opens a file made before generations were indexed once caught up', () => {
    const old = ReadModelStore.open(join(dir, 'old.db'));
    old.database.exec('DROP TABLE projection_generations');
    old.database.exec(
      `CREATE TABLE projection_generations (name TEXT NOT NULL, generation INTEGER NOT NULL,
        version INTEGER NOT NULL, position INTEGER NOT NULL, active INTEGER NOT NULL,
        PRIMARY KEY (name, generation)) STRICT`,
    );
    old.database.exec("INSERT INTO projection_generations VALUES ('event-search', 1, 1, 40, 1)");
    old.close();
    const reopened = ReadModelStore.open(join(dir, 'old.db'));
    closers.push(() => reopened.close());
    expect(reopened.active('event-search')).toEqual({
      name: 'event-search',
      generation: 1,
      version: 1,
      position: 40,
      active: true,
      indexed: true,
    });
  });
});
