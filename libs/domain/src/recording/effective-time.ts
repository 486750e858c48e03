/**
 * events.md, "Effective time (no backdating)": a recorder's `occurredAt` is a claim. When the
 * ledger heard of the event more than the tolerance later, the event counts from `recordedAt`,
 * so that no party can start the other's clock, or stop its own, before it told the ledger.
 */
export function effectiveTime(
  occurredAtMs: number,
  recordedAtMs: number,
  toleranceMinutes: number,
): { effectiveAt: number; lateRecorded: boolean } {
  const lateRecorded = recordedAtMs - occurredAtMs > toleranceMinutes * 60_000;
  return { effectiveAt: lateRecorded ? recordedAtMs : occurredAtMs, lateRecorded };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
