import { type StoredEvent } from './event-store.port';

/** The events that `keep` accepts, in arrays of up to `size`, none of them empty. */
export async function* pagesOf(
  events: AsyncIterable<StoredEvent>,
  keep: (event: StoredEvent) => boolean,
  size: number,
): AsyncIterable<readonly StoredEvent[]> {
  let page: StoredEvent[] = [];
  for await (const event of events) {
    if (!keep(event)) continue;
    page.push(event);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
