import { validateEnvelope } from '@onus/domain';
import { type FieldProblem } from './recording.errors';
import { type IncomingEvent } from './recorder';

/** The one validation of events.md's envelope, for every way in (HTTP body, import line). */
export function validateIncoming(
  value: unknown,
): { ok: true; event: IncomingEvent } | { ok: false; errors: readonly FieldProblem[] } {
  const checked = validateEnvelope(value);
  return checked.ok ? { ok: true, event: checked.envelope } : { ok: false, errors: checked.errors };
}
