/**
 * Child process for the crash test: appends under load from many concurrent callers and
 * prints the id of every append the store acknowledged. The parent kills it with SIGKILL.
 */
import { randomUUID } from 'node:crypto';
import { type EventToAppend } from '@onus/event-store';
import { SqliteEventStore } from '@onus/event-store/sqlite/sqlite.event-store';

const path = process.argv[2];
if (!path) throw new Error('usage: sqlite-append-load PATH');
const store = new SqliteEventStore({ path });
const callers = 64;

async function caller(index: number): Promise<never> {
  for (let n = 0; ; n++) {
    const id = randomUUID();
    const events: EventToAppend[] =
      n % 5 === 0
        ? [
            { id, type: 'Load', data: { caller: index, n, part: 0, pad: 'x'.repeat(200) } },
            { id: randomUUID(), type: 'Load', data: { caller: index, n, part: 1 } },
          ]
        : [{ id, type: 'Load', data: { caller: index, n, pad: 'y'.repeat(n % 300) } }];
    const result = await store.append(`load-${index % 16}`, events, 'any');
    process.stdout.write(`${result.events.map((e) => e.id).join(',')}\n`);
  }
}

for (let i = 0; i < callers; i++) void caller(i);
