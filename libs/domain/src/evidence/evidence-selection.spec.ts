import { type LedgerEvent } from '../events/event-catalogue';
import { ZERO_HASH } from '../recording/hash-chain';
import { aggregateOf, streamName } from '../recording/streams';
import fc from 'fast-check';
import { type RuleEvent } from '../responsibility/facts';
import { randomLedger } from '../responsibility/testing/ledger.arbitrary';
import { computeVerdict } from '../responsibility/verdict';
import {
  acknowledged,
  closed,
  conducted,
  contracted,
  ENGAGEMENT,
  given,
  type Given,
  incidentDeclared,
  ms,
  noticeFiled,
  raised,
  recommended,
} from '../responsibility/testing/rulebook.given';
import { selectEvidence } from './evidence-selection';
import { replayVerdict } from './verdict-replay';

/** The rulebook's envelopes as stored events: each in its stream, with its revision. */
function ledger(...events: Given[]): LedgerEvent[] {
  return stored(given(...events).envelopes);
}

function stored(envelopes: readonly RuleEvent[]): LedgerEvent[] {
  const revisions = new Map<string, number>();
  return envelopes.map((envelope) => {
    const stream = streamName(
      ENGAGEMENT,
      aggregateOf(envelope.type, envelope.data as Record<string, unknown>, envelope.id),
    );
    const revision = revisions.get(stream) ?? 0;
    revisions.set(stream, revision + 1);
    return {
      ...envelope,
      stream,
      revision,
      prevHash: ZERO_HASH,
      hash: ZERO_HASH,
      effectiveAt: envelope.occurredAt,
      lateRecorded: false,
    } as LedgerEvent;
  });
}

function verdictOf(events: LedgerEvent[], asOf: string, incidentId?: string) {
  const outcome = computeVerdict(ENGAGEMENT, events, {
    asOf: ms(asOf),
    ...(incidentId ? { incidentId } : {}),
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.verdict;
}

describe('selectEvidence: the fewest whole streams from which the rules give the verdict again', () => {
  it("holds the findings' own streams when they are enough, and leaves the rest out", () => {
    const events = ledger(
      contracted(),
      raised('D2 10:00', 'a-late', 'high'),
      acknowledged('D2 11:00', 'a-late'),
      raised('D2 12:00', 'a-fine', 'low'),
      acknowledged('D2 12:05', 'a-fine'),
      recommended('D2 13:00', 'rec-1', 'D40 00:00'),
    );
    const verdict = verdictOf(events, 'D3 00:00');
    const selection = selectEvidence(verdict, events);
    expect(selection.reach).toBe('findings');
    expect(selection.streams).toEqual(['eng-1/alert/a-late', 'eng-1/engagement']);
    expect(replayVerdict(verdict, selection.events).reproduced).toBe(true);
  });

  it("brings in an incident's alerts, which decide what the incident's verdict covers", () => {
    // The test is in the incident because the incident's alert was raised during it; the alert
    // itself was handled in time and has no finding.
    const events = ledger(
      contracted(),
      conducted('D2 09:00', { testId: 't-1', from: 'D2 09:00', to: 'D2 11:00' }),
      raised('D2 10:00', 'a-1', 'low'),
      acknowledged('D2 10:05', 'a-1'),
      incidentDeclared('D2 12:00', 'inc-1', ['a-1']),
    );
    const verdict = verdictOf(events, 'D3 00:00', 'inc-1');
    expect(verdict.findings.map((f) => f.code)).toEqual(['TEST_UNANNOUNCED']);
    const selection = selectEvidence(verdict, events);
    expect(selection.reach).toBe('findings');
    expect(selection.streams).toContain('eng-1/alert/a-1');
    expect(replayVerdict(verdict, selection.events).reproduced).toBe(true);
  });

  it('reaches for the context streams when a rule reads across subjects', () => {
    // The alert closed as an authorised test is exempt from client notification only because a
    // notice in another stream covers it: without that stream the rules would find a missed
    // notification the verdict rightly does not have.
    const events = ledger(
      contracted(),
      noticeFiled('D1 08:00', 't-9', ['D3 00:00', 'D3 23:00']),
      raised('D3 10:00', 'a-1', 'high'),
      closed('D3 10:30', 'a-1', 'authorized_test'),
    );
    const verdict = verdictOf(events, 'D4 00:00');
    expect(verdict.findings.map((f) => f.code)).toEqual(['ALERT_ACK_LATE']);
    const withoutContext = events.filter((e) => !e.stream.startsWith('eng-1/test/'));
    expect(replayVerdict(verdict, withoutContext).findings).toContainEqual(
      expect.objectContaining({ code: 'CLIENT_NOTIFY_MISSED', status: 'omitted' }),
    );
    const selection = selectEvidence(verdict, events);
    expect(selection.reach).toBe('context');
    expect(selection.streams).toEqual(['eng-1/alert/a-1', 'eng-1/engagement', 'eng-1/test/t-9']);
    expect(replayVerdict(verdict, selection.events).reproduced).toBe(true);
  });

  it('for random ledgers and questions, the bundled streams are whole and give the verdict again', () => {
    const reaches = { findings: 0, context: 0, engagement: 0 };
    fc.assert(
      fc.property(randomLedger, ({ events, questions }) => {
        const all = stored(events).filter((e) => e.engagementId === ENGAGEMENT);
        for (const question of questions.flat()) {
          const outcome = computeVerdict(ENGAGEMENT, all, question);
          if (!outcome.ok) continue;
          const selection = selectEvidence(outcome.verdict, all);
          reaches[selection.reach]++;
          expect(replayVerdict(outcome.verdict, selection.events).reproduced).toBe(true);
          for (const stream of selection.streams) {
            expect(selection.events.filter((e) => e.stream === stream)).toEqual(
              all.filter((e) => e.stream === stream),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
    // Most verdicts need no more than their findings' own streams.
    expect(reaches.findings).toBeGreaterThan(reaches.context + reaches.engagement);
  });
});
