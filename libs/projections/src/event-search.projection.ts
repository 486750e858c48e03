import type Database from 'better-sqlite3';
import { type EventType, type LedgerEvent, type Party } from '@onus/domain';
import { type Projection, type TableNames } from './projection';

/** The ids inside `data` that name what an event is about. */
export const SUBJECT_KEYS = [
  'alertId',
  'testId',
  'requestId',
  'recommendationId',
  'incidentId',
  'sensorId',
] as const;

export interface EventQuery {
  readonly types?: readonly EventType[];
  readonly party?: Party;
  readonly actor?: string;
  /** An id inside `data`: alertId, testId, requestId, recommendationId, incidentId or sensorId. */
  readonly subjectId?: string;
  /** Milliseconds, both ends included. */
  readonly effectiveFrom?: number;
  readonly effectiveTo?: number;
  readonly recordedFrom?: number;
  readonly recordedTo?: number;
  /** Only events after this global position (the cursor of the previous page). */
  readonly after?: number;
  readonly limit: number;
}

export interface EventPage {
  readonly events: readonly LedgerEvent[];
  /** The position to continue after, or null on the last page. */
  readonly nextAfter: number | null;
}

/**
 * Every event, by engagement, with the columns the search filters on and the whole envelope, so
 * that a page is one indexed query and never a scan of the log.
 */
export const eventSearchProjection: Projection = {
  name: 'event-search',
  version: 2,
  tables: ['events', 'subjects'],
  create(db, table) {
    db.exec(`
      CREATE TABLE ${table('events')} (
        position INTEGER PRIMARY KEY,
        engagement_id TEXT NOT NULL,
        type TEXT NOT NULL,
        party TEXT NOT NULL,
        actor TEXT NOT NULL,
        effective_ms INTEGER NOT NULL,
        recorded_ms INTEGER NOT NULL,
        event TEXT NOT NULL
      ) STRICT;
      CREATE TABLE ${table('subjects')} (
        engagement_id TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (engagement_id, subject_id, position)
      ) STRICT, WITHOUT ROWID;
    `);
  },
  index(db, table) {
    db.exec(`
      CREATE INDEX ${table('events_by_engagement')} ON ${table('events')} (engagement_id, position);
      CREATE INDEX ${table('events_by_type')} ON ${table('events')} (engagement_id, type, position);
      CREATE INDEX ${table('events_by_party')} ON ${table('events')} (engagement_id, party, position);
      CREATE INDEX ${table('events_by_actor')} ON ${table('events')} (engagement_id, actor, position);
    `);
  },
  apply(db, table, events) {
    const insert = db.prepare(
      `INSERT INTO ${table('events')} (position, engagement_id, type, party, actor, effective_ms, recorded_ms, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const subject = db.prepare(
      `INSERT INTO ${table('subjects')} (engagement_id, subject_id, position) VALUES (?, ?, ?)`,
    );
    for (const event of events) {
      insert.run(
        event.position,
        event.engagementId,
        event.type,
        event.party,
        event.actor,
        Date.parse(event.effectiveAt),
        Date.parse(event.recordedAt),
        JSON.stringify(event),
      );
      const data = event.data as Record<string, unknown>;
      // An id under two keys (an alert's testId equal to its alertId, say) is one row.
      const ids = new Set<string>();
      for (const key of SUBJECT_KEYS) {
        const id = data[key];
        if (typeof id === 'string') ids.add(id);
      }
      for (const id of ids) subject.run(event.engagementId, id, event.position);
    }
  },
};

/** One page of an engagement's events matching `query`, in position order. */
export function searchEventModel(
  db: Database.Database,
  table: TableNames,
  engagementId: string,
  query: EventQuery,
): EventPage {
  const where = ['engagement_id = ?', 'position > ?'];
  const values: (string | number)[] = [engagementId, query.after ?? -1];
  if (query.types) {
    where.push(`type IN (${query.types.map(() => '?').join(', ')})`);
    values.push(...query.types);
  }
  if (query.party !== undefined) {
    where.push('party = ?');
    values.push(query.party);
  }
  if (query.actor !== undefined) {
    where.push('actor = ?');
    values.push(query.actor);
  }
  const ranges = [
    ['effective_ms >= ?', query.effectiveFrom],
    ['effective_ms <= ?', query.effectiveTo],
    ['recorded_ms >= ?', query.recordedFrom],
    ['recorded_ms <= ?', query.recordedTo],
  ] as const;
  for (const [clause, value] of ranges) {
    if (value === undefined) continue;
    where.push(clause);
    values.push(value);
  }
  if (query.subjectId !== undefined) {
    where.push(
      `position IN (SELECT position FROM ${table('subjects')} WHERE engagement_id = ? AND subject_id = ?)`,
    );
    values.push(engagementId, query.subjectId);
  }
  const rows = prepared(
    db,
    `SELECT event FROM ${table('events')} WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`,
  ).all(...values, query.limit + 1);
  const events = rows.slice(0, query.limit).map((row) => JSON.parse(row.event) as LedgerEvent);
  return {
    events,
    nextAfter: rows.length > query.limit ? events.at(-1)!.position : null,
  };
}

type Row = { event: string };
const statements = new WeakMap<
  Database.Database,
  Map<string, Database.Statement<unknown[], Row>>
>();

/** The few shapes of search query, each prepared once per database. */
function prepared(db: Database.Database, sql: string): Database.Statement<unknown[], Row> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Database.Statement<unknown[], Row>>()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare<unknown[], Row>(sql)));
  return statement;
}
