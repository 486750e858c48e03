import fc from 'fast-check';
import { EngagementFacts, type RuleEvent } from './facts';
import { LiveEngagement } from './live-engagement';
import { randomLedger } from './testing/ledger.arbitrary';
import { ENGAGEMENT } from './testing/rulebook.given';
import { buildTimeline } from './timeline';
import { allDrafts, computeVerdict } from './verdict';

describe('LiveEngagement', () => {
  it('answers every verdict, incident verdict, draft list and timeline exactly as a fresh replay', () => {
    let compared = 0;
    fc.assert(
      fc.property(randomLedger, ({ events, questions }) => {
        const live = new LiveEngagement(ENGAGEMENT);
        const seen: RuleEvent[] = [];
        events.forEach((event, index) => {
          seen.push(event);
          live.add(event);
          for (const { asOf, incidentId } of questions[index]!) {
            if (!live.covers(asOf)) continue;
            const replay = computeVerdict(ENGAGEMENT, seen, { asOf, incidentId });
            expect(JSON.stringify(live.verdict(asOf, incidentId))).toBe(JSON.stringify(replay));
            const facts = new EngagementFacts(ENGAGEMENT, asOf, seen);
            expect(JSON.stringify(live.drafts(live.facts(asOf)))).toBe(
              JSON.stringify(allDrafts(facts)),
            );
            if (replay.ok)
              expect(JSON.stringify(buildTimeline(live.facts(asOf), replay.verdict))).toBe(
                JSON.stringify(buildTimeline(facts, replay.verdict)),
              );
            compared++;
          }
        });
      }),
      { numRuns: 300 },
    );
    // The runs asked thousands of verdicts, not a handful.
    expect(compared).toBeGreaterThan(1000);
  });

  it('answers as a fresh replay when it took the first events in at once, the rest one by one', () => {
    let compared = 0;
    fc.assert(
      fc.property(randomLedger, fc.nat(), ({ events, questions }, cut) => {
        const at = cut % (events.length + 1);
        const live = new LiveEngagement(ENGAGEMENT);
        live.addAll(events.slice(0, at));
        events.forEach((event, index) => {
          if (index >= at) live.add(event);
          if (index < at - 1) return;
          const seen = events.slice(0, index + 1);
          for (const { asOf, incidentId } of questions[index]!) {
            if (!live.covers(asOf)) continue;
            expect(JSON.stringify(live.verdict(asOf, incidentId))).toBe(
              JSON.stringify(computeVerdict(ENGAGEMENT, seen, { asOf, incidentId })),
            );
            expect(JSON.stringify(live.drafts(live.facts(asOf)))).toBe(
              JSON.stringify(allDrafts(new EngagementFacts(ENGAGEMENT, asOf, seen))),
            );
            compared++;
          }
        });
      }),
      { numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(500);
  });

  it('refuses an asOf before its newest event, which only a replay answers', () => {
    fc.assert(
      fc.property(randomLedger, ({ events }) => {
        const state = new LiveEngagement(ENGAGEMENT);
        for (const event of events) state.add(event);
        const newest = Math.max(
          ...events
            .filter((e) => e.engagementId === ENGAGEMENT)
            .map((e) => Date.parse(e.recordedAt)),
        );
        expect(state.covers(newest)).toBe(true);
        expect(state.covers(newest - 1)).toBe(false);
        expect(() => state.verdict(newest - 1)).toThrow(RangeError);
      }),
      { numRuns: 50 },
    );
  });
});
