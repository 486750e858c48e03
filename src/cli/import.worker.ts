import { parentPort, workerData } from 'node:worker_threads';
import { type StoreConfig } from '@onus/config';
import { openEventStore } from '@onus/event-store';
import {
  type BatchCounts,
  type NumberedItem,
  OPERATOR_IMPORT,
  Recorder,
  recordInBatches,
} from '@onus/ledger';
import { type ToImporter, type ToReader, unpackItems } from './import.messages';

/**
 * The recording half of `onus import`, on its own thread: the lines the reading thread parsed and
 * validated are recorded here, in batches, exactly as `importNdjson` records them.
 */
const port = parentPort!;
const { store: storeConfig } = workerData as { store: StoreConfig };

const chunks: NumberedItem[][] = [];
let ended = false;
let wake: (() => void) | undefined;
const tell = (message: ToReader): void => port.postMessage(message);

port.on('message', (message: ToImporter) => {
  if ('items' in message) chunks.push(unpackItems(message.items));
  else ended = true;
  wake?.();
  wake = undefined;
});

let consumed = 0;
async function* items(): AsyncIterable<NumberedItem> {
  for (;;) {
    const chunk = chunks.shift();
    if (chunk) {
      // Room for one more chunk on the reading side: it is never more than a few ahead.
      tell({ kind: 'taken' });
      for (const item of chunk) {
        consumed++;
        yield item;
      }
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

async function run(): Promise<void> {
  const store = openEventStore(storeConfig);
  const counts: BatchCounts = { appended: 0, alreadyPresent: 0, failed: 0 };
  try {
    await recordInBatches(items(), new Recorder(store, () => Date.now()), counts, {
      caller: OPERATOR_IMPORT,
      onError: (error) => tell({ kind: 'error', error }),
      onBatch: () => tell({ kind: 'batch', counts, consumed }),
    });
  } finally {
    await store.close();
  }
  tell({ kind: 'done', counts });
  // Nothing more will come: let the thread end.
  port.unref();
}

void run().catch((error: unknown) => {
  // The reading thread reports it as the command's failure (its message, as before).
  tell({ kind: 'failed', message: (error as Error).message ?? String(error) });
  port.unref();
});
