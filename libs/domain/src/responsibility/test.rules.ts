import { type Draft } from './draft';
import { type EngagementFacts, type Fact } from './facts';
import { ownerOf, type Terms } from './terms';
import { at, duration, minutesBetween, PARTY_NAME } from './wording';

const HOUR = 3_600_000;

type Notice = Fact<'TestNoticeFiled'>;

function windowOf(notice: Notice): [number, number] {
  return [Date.parse(notice.event.data.windowStart), Date.parse(notice.event.data.windowEnd)];
}

function withdrawnBy(facts: EngagementFacts, notice: Notice, moment: number): boolean {
  return facts
    .about(['TestNoticeWithdrawn'], 'testId', notice.event.data.testId)
    .some((w) => w.eff <= moment);
}

/**
 * The notice that announces [from, to]: recorded at or before `moment` (the test's start, or the
 * alert's raising), not withdrawn by then, and with a window containing the interval (both ends
 * included). The earliest recorded one, if several.
 */
export function noticeCovering(
  facts: EngagementFacts,
  from: number,
  to: number,
  moment: number,
): Notice | undefined {
  return facts.of('TestNoticeFiled').find((notice) => {
    const [start, end] = windowOf(notice);
    return (
      notice.eff <= moment && start <= from && to <= end && !withdrawnBy(facts, notice, moment)
    );
  });
}

/** TEST_UNANNOUNCED, TEST_NOTICE_LATE, TEST_OUT_OF_SCOPE: one test finding per test. */
export function testRules(facts: EngagementFacts): Draft[] {
  const drafts: Draft[] = [];
  const testClosures = facts
    .of('AlertClosed')
    .filter((c) => c.event.data.disposition === 'authorized_test');
  const raisedOf = (alertId: string) => facts.about(['AlertRaised'], 'alertId', alertId)[0];
  const attached = new Set<Fact>();
  const conducted = facts.of('TestConducted');

  for (const test of conducted) {
    const { testId, startedAt, endedAt, tester } = test.event.data;
    const start = Date.parse(startedAt);
    const end = Date.parse(endedAt);
    const terms = facts.termsAt(start);
    const lead = terms.sla.testNoticeLeadHours;
    const subject = { kind: 'test', id: testId ?? test.event.id } as const;
    const label = testId ? `test ${testId}` : `the test by ${tester} (event ${test.event.id})`;

    // Alerts closed as this test join its finding instead of making their own.
    const alerts = testClosures.filter((closure) => {
      if (attached.has(closure)) return false;
      const raised = raisedOf(closure.event.data.alertId);
      const named = testId !== undefined && closure.event.data.testId === testId;
      const inside = raised !== undefined && start <= raised.eff && raised.eff <= end;
      return named || (closure.event.data.testId === undefined && inside);
    });
    alerts.forEach((closure) => attached.add(closure));
    const alertEvidence: Fact[] = alerts.flatMap((closure): Fact[] => {
      const raised = raisedOf(closure.event.data.alertId);
      return raised ? [raised, closure] : [closure];
    });
    const scope = {
      kind: 'test',
      testId,
      interval: [start, end],
      alertIds: alerts.map((c) => c.event.data.alertId),
    } as const;

    const named =
      testId === undefined
        ? undefined
        : (facts.about(['TestNoticeFiled'], 'testId', testId)[0] as Notice | undefined);
    const announcing =
      testId === undefined
        ? noticeCovering(facts, start, end, start)
        : named && named.eff <= start && !withdrawnBy(facts, named, start)
          ? named
          : undefined;

    drafts.push(
      ...announcementFindings(
        terms,
        lead,
        subject,
        scope,
        label,
        start,
        announcing,
        [test, ...alertEvidence],
        named !== undefined,
        facts,
      ),
    );

    if (named) {
      const [windowStart, windowEnd] = windowOf(named);
      const reasons: string[] = [];
      if (start < windowStart || end > windowEnd)
        reasons.push(`fell outside the announced window ${at(windowStart)} to ${at(windowEnd)}`);
      const outside = (
        listed: readonly string[] | undefined,
        used: readonly string[] | undefined,
      ) => (listed && used ? used.filter((item) => !listed.includes(item)) : []);
      const targets = outside(named.event.data.scope?.targets, test.event.data.targets);
      const sources = outside(named.event.data.scope?.sourceIps, test.event.data.sourceIps);
      if (targets.length)
        reasons.push(`hit targets the notice did not list (${targets.join(', ')})`);
      if (sources.length)
        reasons.push(`came from source addresses the notice did not list (${sources.join(', ')})`);
      if (reasons.length) {
        const party = ownerOf('test_conduct', terms);
        drafts.push({
          code: 'TEST_OUT_OF_SCOPE',
          party,
          area: 'test_conduct',
          subject,
          due: windowEnd,
          satisfied: null,
          evidence: [named, test],
          summary: `${PARTY_NAME[party]}'s ${label}, run from ${at(start)} to ${at(end)}, ${reasons.join(' and ')}.`,
          scope,
        });
      }
    }
  }

  // An alert closed as an authorised test that no recorded test explains is a test of its own.
  for (const closure of testClosures) {
    if (attached.has(closure)) continue;
    const raised = raisedOf(closure.event.data.alertId);
    if (!raised) continue;
    const terms = facts.termsAt(raised.eff);
    const alertId = closure.event.data.alertId;
    const announcing = noticeCovering(facts, raised.eff, raised.eff, raised.eff);
    drafts.push(
      ...announcementFindings(
        terms,
        terms.sla.testNoticeLeadHours,
        { kind: 'alert', id: alertId },
        { kind: 'test', testId: closure.event.data.testId, alertIds: [alertId] },
        `the test behind alert ${alertId} (closed as an authorised test)`,
        raised.eff,
        announcing,
        [raised, closure],
        false,
        facts,
      ),
    );
  }
  return drafts;
}

function announcementFindings(
  terms: Terms,
  leadHours: number,
  subject: Draft['subject'],
  scope: Draft['scope'],
  label: string,
  start: number,
  notice: Notice | undefined,
  evidence: Fact[],
  noticeCameLate: boolean,
  facts: EngagementFacts,
): Draft[] {
  const party = ownerOf('test_notification', terms);
  const lead = leadHours * HOUR;
  if (!notice) {
    const due = start - lead;
    // No finding yet while the notice deadline is still ahead of asOf (or exactly at it).
    if (!facts.passed(due)) return [];
    return [
      {
        code: 'TEST_UNANNOUNCED',
        party,
        area: 'test_notification',
        subject,
        due,
        satisfied: null,
        evidence,
        summary: `${PARTY_NAME[party]} did not announce ${label}, which started at ${at(start)}: no notice had been recorded${noticeCameLate ? ' before it started' : ''}, and one was due by ${at(due)}.`,
        scope,
      },
    ];
  }
  const [windowStart] = windowOf(notice);
  const due = windowStart - lead;
  if (notice.eff <= due) return [];
  return [
    {
      code: 'TEST_NOTICE_LATE',
      party,
      area: 'test_notification',
      subject,
      due,
      satisfied: notice.eff,
      evidence: [notice, ...evidence],
      summary: `${PARTY_NAME[party]} recorded the notice for ${label} at ${at(notice.eff)}, ${duration(minutesBetween(due, notice.eff))} after it was due ${leadHours} hours before the window opened at ${at(windowStart)}.`,
      scope,
    },
  ];
}
