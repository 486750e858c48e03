import type Database from 'better-sqlite3';
import { type Projection, type TableNames } from './projection';

export interface EngagementSummary {
  readonly engagementId: string;
  /** Position of its EngagementContracted, or null before one is recorded. */
  readonly contractedAt: number | null;
  readonly events: number;
  readonly firstPosition: number;
  readonly lastPosition: number;
}

/** One row per engagement: whether it is contracted and how much of the log is its. */
export const engagementsProjection: Projection = {
  name: 'engagements',
  version: 1,
  tables: ['engagements'],
  create(db, table) {
    db.exec(`CREATE TABLE ${table('engagements')} (
      engagement_id TEXT PRIMARY KEY,
      contracted_position INTEGER,
      events INTEGER NOT NULL,
      first_position INTEGER NOT NULL,
      last_position INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID`);
  },
  apply(db, table, events) {
    const upsert = db.prepare(
      `INSERT INTO ${table('engagements')} (engagement_id, contracted_position, events, first_position, last_position)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (engagement_id) DO UPDATE SET
         contracted_position = coalesce(contracted_position, excluded.contracted_position),
         events = events + excluded.events,
         last_position = excluded.last_position`,
    );
    // One row change per engagement per batch, not per event.
    const batch = new Map<
      string,
      { contracted: number | null; events: number; first: number; last: number }
    >();
    for (const event of events) {
      const row = batch.get(event.engagementId);
      const contracted = event.type === 'EngagementContracted' ? event.position : null;
      if (row) {
        row.contracted ??= contracted;
        row.events++;
        row.last = event.position;
      } else {
        batch.set(event.engagementId, {
          contracted,
          events: 1,
          first: event.position,
          last: event.position,
        });
      }
    }
    for (const [engagementId, row] of batch) {
      upsert.run(engagementId, row.contracted, row.events, row.first, row.last);
    }
  },
};

export function engagementSummary(
  db: Database.Database,
  table: TableNames,
  engagementId: string,
): EngagementSummary | undefined {
  const row = db
    .prepare<
      [string],
      {
        engagement_id: string;
        contracted_position: number | null;
        events: number;
        first_position: number;
        last_position: number;
      }
    >(`SELECT * FROM ${table('engagements')} WHERE engagement_id = ?`)
    .get(engagementId);
  return (
    row && {
      engagementId: row.engagement_id,
      contractedAt: row.contracted_position,
      events: row.events,
      firstPosition: row.first_position,
      lastPosition: row.last_position,
    }
  );
}
