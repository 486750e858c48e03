import { type BatchCounts, type LineError, type NumberedItem } from '@onus/ledger';

/** From the reading thread of `onus import` to its recording thread. */
export type ToImporter = { readonly items: NumberedItem[] } | { readonly end: true };

/** From the recording thread back: room for another chunk, each refused line, progress, the end. */
export type ToReader =
  | { readonly kind: 'taken' }
  | { readonly kind: 'error'; readonly error: LineError }
  | { readonly kind: 'batch'; readonly counts: BatchCounts; readonly consumed: number }
  | { readonly kind: 'done'; readonly counts: BatchCounts }
  | { readonly kind: 'failed'; readonly message: string };
