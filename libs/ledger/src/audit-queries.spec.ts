import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeVerdict, type RuleEvent } from '@onus/domain';
import { randomLedger } from '@onus/domain/responsibility/testing/ledger.arbitrary';
import {
  contracted,
  ENGAGEMENT,
  ms,
  raised,
} from '@onus/domain/responsibility/testing/rulebook.given';
import { type JsonObject, SqliteEventStore } from '@onus/event-store';
import { AuditQueries, NotFoundError } from './audit-queries';
import { FollowingSource } from './engagement-events';
import { type StoredPayload } from './ledger-event.mapper';

const ZERO = '0'.repeat(64);

/** The store's row for an envelope (the verdict reads no hashes). */
function payloadOf(event: RuleEvent): JsonObject {
  const payload: StoredPayload = {
    engagementId: event.engagementId,
    party: event.party,
    actor: event.actor,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data as unknown as JsonObject,
    prevHash: ZERO,
    hash: ZERO,
    effectiveAt: event.occurredAt,
    lateRecorded: false,
  };
  return payload as unknown as JsonObject;
}

describe('AuditQueries following a SQLite ledger', () => {
  it('answers each verdict, now or in the past, exactly as a fresh replay of the events so far', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(randomLedger, async ({ events, questions }) => {
        const dir = mkdtempSync(join(tmpdir(), 'onus-audit-queries-'));
        const store = new SqliteEventStore({ path: join(dir, 'onus.db') });
        const source = new FollowingSource(store);
        let now = 0;
        const queries = new AuditQueries(source, () => now);
        try {
          const appended: RuleEvent[] = [];
          for (const [index, event] of events.entries()) {
            const { events: stored } = await store.append(
              `${event.engagementId}/stream`,
              [{ id: event.id, type: event.type, data: payloadOf(event) }],
              'any',
            );
            appended.push({ ...event, position: stored[0]!.position });
            for (const [n, { asOf, incidentId }] of questions[index]!.entries()) {
              // Every other question leaves asOf to the clock, as the API's default does.
              now = asOf;
              const asked = n % 2 === 0 ? { asOf, incidentId } : { incidentId };
              const answer = await queries.verdict(ENGAGEMENT, asked).then(
                (verdict) => ({ ok: true, verdict }),
                (error: unknown) => {
                  if (!(error instanceof NotFoundError)) throw error;
                  return { ok: false, reason: error.reason, message: error.message };
                },
              );
              const replay = computeVerdict(ENGAGEMENT, appended, { asOf, incidentId });
              expect(JSON.stringify(answer)).toBe(JSON.stringify(replay));
              compared++;
            }
          }
        } finally {
          await source.stop();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(500);
  });
});

describe('AuditQueries keeps the states of the engagements asked about last', () => {
  it('drops the oldest beyond its bound, and answers as a replay before and after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onus-audit-queries-'));
    const store = new SqliteEventStore({ path: join(dir, 'onus.db') });
    const source = new FollowingSource(store);
    const queries = new AuditQueries(source, () => ms('D2 09:00'), { keep: 2 });
    try {
      const ledgers = new Map<string, RuleEvent[]>();
      for (const engagementId of ['eng-a', 'eng-b', 'eng-c']) {
        const events: RuleEvent[] = [];
        for (const given of [contracted(), raised('09:00', 'a-1', 'critical')]) {
          const event = {
            ...given.envelope(0),
            engagementId,
            id: `${engagementId}-${events.length}`,
          };
          const { events: stored } = await store.append(
            `${engagementId}/stream`,
            [{ id: event.id, type: event.type, data: payloadOf(event) }],
            'any',
          );
          events.push({ ...event, position: stored[0]!.position });
        }
        ledgers.set(engagementId, events);
      }
      const ask = async (engagementId: string) => {
        const verdict = await queries.verdict(engagementId);
        const replay = computeVerdict(engagementId, ledgers.get(engagementId)!, {
          asOf: ms('D2 09:00'),
        });
        expect(replay.ok && replay.verdict.findings.length).toBeGreaterThan(0);
        expect(JSON.stringify({ ok: true, verdict })).toBe(JSON.stringify(replay));
      };
      await ask('eng-a');
      await ask('eng-b');
      expect(queries.keptStates).toEqual(['eng-a', 'eng-b']);
      await ask('eng-a');
      expect(queries.keptStates).toEqual(['eng-b', 'eng-a']);
      await ask('eng-c');
      expect(queries.keptStates).toEqual(['eng-a', 'eng-c']);
      await ask('eng-b');
      expect(queries.keptStates).toEqual(['eng-c', 'eng-b']);
    } finally {
      await source.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
