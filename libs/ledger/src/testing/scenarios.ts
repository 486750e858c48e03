import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IncomingEvent } from '../recorder';

/** `../shared/scenarios`: the real stories, as NDJSON envelopes with their expected verdicts. */
export const SCENARIOS = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'scenarios');

/** One story's envelopes, in file order, as an operator import takes them. */
export function scenarioEvents(name: string): IncomingEvent[] {
  return readFileSync(join(SCENARIOS, `${name}.ndjson`), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as IncomingEvent);
}
