import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEventStore } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite.event-store';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

testEventStore(
  'sqlite (file)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'onus-sqlite-'));
    dirs.push(dir);
    const path = join(dir, 'onus.db');
    // A small page size makes the paging paths run on small logs.
    let store = new SqliteEventStore({ path, pageSize: 97 });
    return Promise.resolve({
      store,
      reopen: async () => {
        await store.close();
        store = new SqliteEventStore({ path, pageSize: 97 });
        return store;
      },
    });
  },
  { durable: true },
);
