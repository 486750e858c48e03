import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonObject, SqliteEventStore } from '@onus/event-store';
import { FollowingSource, LogScanSource } from './engagement-events';
import { type StoredPayload } from './ledger-event.mapper';

const ZERO = '0'.repeat(64);
let made = 0;

/** A raw ledger row for an engagement (the sources read no hashes). */
function append(store: SqliteEventStore, engagementId: string, alertId: string) {
  const at = new Date(Date.UTC(2024, 0, 1) + made * 1000).toISOString();
  const payload: StoredPayload = {
    engagementId,
    party: 'mssp',
    actor: 'sensor',
    occurredAt: at,
    recordedAt: at,
    data: { alertId, severity: 'high', title: 't' },
    prevHash: ZERO,
    hash: ZERO,
    effectiveAt: at,
    lateRecorded: false,
  };
  return store.append(
    `${engagementId}/alert/${alertId}`,
    [
      {
        id: `00000000-0000-4000-8000-${(made++).toString(16).padStart(12, '0')}`,
        type: 'AlertRaised',
        data: payload as unknown as JsonObject,
      },
    ],
    'any',
  );
}

describe('FollowingSource', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-following-'));
    // Small pages: reading an engagement takes many turns, for appends to land in between.
    store = new SqliteEventStore({ path: join(dir, 'onus.db'), pageSize: 3 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const positions = (events: readonly { position: number }[]) => events.map((e) => e.position);

  it('reads an engagement once, then follows it: nothing missed or taken twice while it reads', async () => {
    for (let i = 0; i < 30; i++) await append(store, i % 3 === 0 ? 'eng-a' : 'eng-b', `a-${i}`);
    // The store as the source sees it, with events of the engagement committed, and taken in by
    // the follower, while its first read is under way: after the first page (the read sees them
    // too) and after the last (the read does not).
    const caughtUp = async () => source.reached(await store.headPosition());
    const racing = Object.assign(Object.create(store) as SqliteEventStore, {
      readStreamsStartingWith: async function* (prefix: string) {
        let pages = 0;
        for await (const page of store.readStreamsStartingWith(prefix)) {
          yield page;
          if (pages++ === 0) {
            await append(store, 'eng-a', 'during-read');
            await caughtUp();
          }
        }
        await append(store, 'eng-a', 'after-read');
        await caughtUp();
      },
    });
    const source = new FollowingSource(racing);
    try {
      await source.eventsOf('eng-a');
      await append(store, 'eng-a', 'after-load');
      const followed = await source.eventsOf('eng-a');
      const fromStore = await new LogScanSource(store).eventsOf('eng-a');
      expect(followed.map((e) => (e.data as { alertId: string }).alertId).slice(-3)).toEqual([
        'during-read',
        'after-read',
        'after-load',
      ]);
      expect(followed).toHaveLength(10 + 3);
      expect(positions(followed)).toEqual(positions(fromStore));
      expect(followed).toEqual(fromStore);
    } finally {
      await source.stop();
    }
  });

  it('keeps the engagements asked about last, and reads a dropped one again', async () => {
    for (const engagementId of ['eng-a', 'eng-b', 'eng-c'])
      for (let i = 0; i < 4; i++) await append(store, engagementId, `a-${i}`);
    const source = new FollowingSource(store, { keep: 2 });
    try {
      await source.eventsOf('eng-a');
      await source.eventsOf('eng-b');
      await source.eventsOf('eng-a');
      expect(source.followedEngagements).toEqual(['eng-b', 'eng-a']);
      await source.eventsOf('eng-c');
      expect(source.followedEngagements).toEqual(['eng-a', 'eng-c']);
      // eng-b is no longer followed: an event of it is not taken in, and asked again, it is read.
      await append(store, 'eng-b', 'later');
      const again = await source.eventsOf('eng-b');
      expect(again).toEqual(await new LogScanSource(store).eventsOf('eng-b'));
      expect(again).toHaveLength(5);
      expect(source.followedEngagements).toEqual(['eng-c', 'eng-b']);
    } finally {
      await source.stop();
    }
  });

  it('answers the same read to questions asked together', async () => {
    for (let i = 0; i < 9; i++) await append(store, 'eng-a', `a-${i}`);
    const source = new FollowingSource(store);
    try {
      const [first, second] = await Promise.all([
        source.eventsOf('eng-a'),
        source.eventsOf('eng-a'),
      ]);
      expect(second).toBe(first);
      expect(first).toHaveLength(9);
    } finally {
      await source.stop();
    }
  });
});
