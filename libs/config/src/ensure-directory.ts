import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a directory and its missing parents, one level at a time. Node's own
 * `mkdirSync(path, { recursive: true })` never returns where the kernel answers ENOENT for a
 * parent that exists (under /proc, for one): a store path there would hang the process instead
 * of failing with the path that could not be made.
 */
export function ensureDirectory(path: string): void {
  const missing: string[] = [];
  for (let current = resolve(path); !existsSync(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory);
    } catch (error) {
      // Another process made it first.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !existsSync(directory)) throw error;
    }
  }
}
