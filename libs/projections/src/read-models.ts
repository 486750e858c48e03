import { join } from 'node:path';
import { type EventStore, SqliteEventStore } from '@onus/event-store';
import {
  engagementSummary,
  engagementsProjection,
  type EngagementSummary,
} from './engagements.projection';
import {
  type EventPage,
  type EventQuery,
  eventSearchProjection,
  searchEventModel,
} from './event-search.projection';
import { type Projection } from './projection';
import { ReadModelStore } from './read-model-store';

/** Every projection Onus keeps, in the order `onus projections rebuild` lists them. */
export const PROJECTIONS: readonly Projection[] = [eventSearchProjection, engagementsProjection];

/**
 * Where the read models live: in the embedded store's own file, or in `read-models.db` in the
 * data directory next to any other store (so each process following a cluster keeps its own).
 */
export function readModelStoreFor(store: EventStore, dataDir: string): ReadModelStore {
  return store instanceof SqliteEventStore
    ? new ReadModelStore(store.database)
    : ReadModelStore.open(join(dataDir, 'read-models.db'));
}

/** The queries the audit API asks of the read models, each of the generation queries read. */
export class ReadModels {
  constructor(private readonly models: ReadModelStore) {}

  engagement(engagementId: string): EngagementSummary | undefined {
    const active = this.models.active(engagementsProjection.name);
    if (!active) return undefined;
    return engagementSummary(
      this.models.database,
      this.models.tables(active.name, active.generation),
      engagementId,
    );
  }

  searchEvents(engagementId: string, query: EventQuery): EventPage {
    const active = this.models.active(eventSearchProjection.name);
    if (!active) return { events: [], nextAfter: null };
    return searchEventModel(
      this.models.database,
      this.models.tables(active.name, active.generation),
      engagementId,
      query,
    );
  }
}
