import { type Projection } from '../projection';
import { type ReadModelStore } from '../read-model-store';

/**
 * The active generation's tables as text, rows in primary-key order: two read models are the
 * same when their dumps are byte for byte equal.
 */
export function dumpReadModel(models: ReadModelStore, projection: Projection): string {
  const active = models.active(projection.name);
  if (!active) return '';
  const table = models.tables(projection.name, active.generation);
  return projection.tables
    .map((base) => {
      const rows = models.database
        .prepare(`SELECT * FROM ${table(base)} ORDER BY 1, 2, 3`)
        .raw()
        .all();
      return `${base}\n${rows.map((row) => JSON.stringify(row)).join('\n')}`;
    })
    .join('\n');
}
