import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SHARED = join(ROOT, '..', 'shared');
export const SCENARIOS = join(SHARED, 'scenarios');

/** Runs the real `onus` CLI from the sources, as a user would, and returns what it said. */
export function onus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return onusWithInput(undefined, ...args);
}

/** The same, with `input` on its standard input. */
export function onusWithInput(
  input: string | undefined,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
  });
}
