import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type OnusConfig } from './onus.config';

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

/**
 * The data directory made before anything is opened in it, so that a folder the system refuses
 * stops start-up with one line naming the variable, as any bad value does.
 */
export function ensureDataDirectory(config: OnusConfig): void {
  try {
    ensureDirectory(config.dataDir);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw new ConfigError(
      'ONUS_DATA_DIR',
      `cannot create ${config.dataDir}, the data directory (by default the SQLite file's folder): ${(error as Error).message}`,
    );
  }
}
