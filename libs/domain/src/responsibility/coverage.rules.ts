import { type Area, type ObligedParty } from '../events/event-catalogue';
import { type Draft } from './draft';
import { type EngagementFacts, type Fact } from './facts';
import { type SensorCut } from './recommendation.rules';
import { ownerOf, type Terms } from './terms';
import { at, duration, minutesBetween, PARTY_NAME, PARTY_OBJECT } from './wording';

const DAY = 86_400_000;

type Report = Fact<'CoverageReported'>;

/** Why a measurement falls short of the contract, or undefined when it does not. */
function shortfall(report: Report, terms: Terms): string | undefined {
  const { endpoints, servers, telemetry } = report.event.data;
  const contracted = terms.scope.endpoints + terms.scope.servers;
  const seen = endpoints + servers;
  const reasons: string[] = [];
  if (contracted > 0 && seen / contracted < terms.sla.minimumCoverageRatio) {
    reasons.push(
      `saw ${seen} of ${contracted} contracted endpoints and servers (${Math.floor((seen / contracted) * 100)}%, below ${Math.round(terms.sla.minimumCoverageRatio * 100)}%)`,
    );
  }
  const missing = terms.scope.telemetry.filter((name) => !telemetry.includes(name));
  if (missing.length > 0) reasons.push(`had no ${missing.join(', ')} telemetry`);
  return reasons.length > 0 ? reasons.join(' and ') : undefined;
}

/** COVERAGE_GAP, COVERAGE_GAP_UNREPORTED, COVERAGE_UNMONITORED, per sensor (or the engagement). */
export function coverageRules(facts: EngagementFacts, cuts: readonly SensorCut[]): Draft[] {
  const drafts: Draft[] = [];
  const series = new Map<string | null, Report[]>();
  for (const report of facts.of('CoverageReported')) {
    const key = report.event.data.sensorId ?? null;
    series.set(key, [...(series.get(key) ?? []), report]);
  }
  const placements = [...facts.of('SensorDeployed'), ...facts.of('SensorRelocated')];
  for (const placement of placements)
    if (!series.has(placement.event.data.sensorId)) series.set(placement.event.data.sensorId, []);

  for (const [sensorId, reports] of series) {
    const subject = { kind: 'coverage', id: sensorId ?? facts.engagementId } as const;
    // Ids are case-sensitive: the sentence never lowercases them.
    const label = sensorId
      ? `Sensor ${sensorId}`
      : `Monitoring of engagement ${facts.engagementId}`;
    const named = sensorId ? `sensor ${sensorId}` : `engagement ${facts.engagementId}`;

    // Gap intervals: from the first short measurement to the next one that is not short.
    const gaps: { start: Report; reason: string; end?: Report }[] = [];
    for (const report of reports) {
      const reason = shortfall(report, facts.termsAt(report.eff));
      const open = gaps.at(-1);
      if (reason && (!open || open.end)) gaps.push({ start: report, reason });
      else if (!reason && open && !open.end) open.end = report;
    }

    for (const gap of gaps) {
      const start = gap.start.eff;
      const terms = facts.termsAt(start);
      const cut = cuts
        .filter((c) => c.sensorId === sensorId && c.at > start && (!gap.end || c.at < gap.end.eff))
        .sort((a, b) => a.at - b.at)[0];
      const end = cut?.at ?? gap.end?.eff ?? null;
      const { party, area, why } = attribute(facts, sensorId, start, terms);
      const scope = { kind: 'coverage', sensorId, from: start, to: end } as const;
      const until =
        end === null
          ? 'and the gap is still open'
          : `until ${at(end)} (${duration(minutesBetween(start, end))})`;
      drafts.push({
        code: 'COVERAGE_GAP',
        party,
        area,
        subject,
        due: start,
        satisfied: end,
        evidence: [gap.start, ...(gap.end && !cut ? [gap.end] : [])],
        summary: `${label} ${gap.reason} from ${at(start)} ${until}${cut ? `, when recommendation ${cut.recommendationId} took over the gap` : ''}; ${why}.`,
        scope,
      });

      const verifier = ownerOf('coverage_verification', terms);
      const reportDue = start + terms.sla.gapReportDays * DAY;
      if (end !== null && end <= reportDue) continue;
      const told = facts
        .of('CoverageGapReported')
        .filter(
          (r) =>
            r.event.party === verifier &&
            r.eff >= start &&
            (r.event.data.sensorId === undefined || r.event.data.sensorId === sensorId),
        );
      if (told.some((r) => r.eff <= reportDue) || !facts.passed(reportDue)) continue;
      const later = told.find((r) => r.eff > reportDue);
      const satisfied = later?.eff ?? end;
      drafts.push({
        code: 'COVERAGE_GAP_UNREPORTED',
        party: verifier,
        area: 'coverage_verification',
        subject,
        due: reportDue,
        satisfied,
        evidence: [gap.start, ...(later ? [later] : [])],
        summary: later
          ? `${PARTY_NAME[verifier]} reported the coverage gap of ${named} that began at ${at(start)} only at ${at(later.eff)}, ${duration(minutesBetween(reportDue, later.eff))} after the ${terms.sla.gapReportDays}-day reporting deadline.`
          : `${PARTY_NAME[verifier]} never reported the coverage gap of ${named} that began at ${at(start)}; a report was due within ${terms.sla.gapReportDays} days, by ${at(reportDue)}.`,
        scope: { kind: 'coverage', sensorId, from: reportDue, to: satisfied },
      });
    }

    drafts.push(...unmonitored(facts, sensorId, reports, subject, named));
  }
  return drafts;
}

function attribute(
  facts: EngagementFacts,
  sensorId: string | null,
  gapStart: number,
  terms: Terms,
): { party: ObligedParty; area: Area; why: string } {
  const placement = sensorId
    ? [...facts.about(['SensorDeployed', 'SensorRelocated'], 'sensorId', sensorId)]
        .filter((p) => p.eff <= gapStart)
        .at(-1)
    : undefined;
  if (!placement) {
    const party = ownerOf('coverage_verification', terms);
    const unplaced = sensorId ? 'no placement of the sensor is recorded' : 'no sensor is named';
    return {
      party,
      area: 'coverage_verification',
      why: `${unplaced}, so it falls to ${PARTY_OBJECT[party]}, who verifies coverage`,
    };
  }
  const {
    instructedBy,
    installedBy,
    followedInstructions,
    placement: where,
  } = placement.event.data;
  return followedInstructions
    ? {
        party: instructedBy,
        area: 'sensor_placement',
        why: `it was installed ${where.replace(/_/g, ' ')} as ${PARTY_OBJECT[instructedBy]} instructed`,
      }
    : {
        party: installedBy,
        area: 'sensor_installation',
        why: `${PARTY_OBJECT[installedBy]} installed it ${where.replace(/_/g, ' ')} without following the instructions`,
      };
}

function unmonitored(
  facts: EngagementFacts,
  sensorId: string | null,
  reports: readonly Report[],
  subject: Draft['subject'],
  named: string,
): Draft[] {
  const drafts: Draft[] = [];
  const deployed = sensorId ? facts.about(['SensorDeployed'], 'sensorId', sensorId)[0] : undefined;
  // Amendments cannot move startsAt: the contract's is the one in force.
  const contractStart = Date.parse(facts.contract!.event.data.startsAt);
  // Counting from startsAt, the contract is what proves where the count began.
  let previous: { at: number; fact?: Fact } = deployed
    ? { at: deployed.eff, fact: deployed }
    : { at: contractStart, fact: facts.contract };
  const termination = facts.termination?.eff;
  const check = (next: Report | undefined): void => {
    const terms = facts.termsAt(previous.at);
    const maxDays = terms.sla.coverageReportMaxDays;
    const due = previous.at + maxDays * DAY;
    // Without a next report the silence runs to asOf or the termination, whichever is first.
    // Times are whole milliseconds: asOf - previous.at <= maxDays * DAY is asOf <= the last.
    const within = (until: number) => until - previous.at <= maxDays * DAY;
    if (
      next
        ? within(next.eff)
        : (termination !== undefined && within(termination)) ||
          !facts.passed(previous.at + Math.floor(maxDays * DAY))
    )
      return;
    const party = ownerOf('coverage_verification', terms);
    const since =
      previous.fact?.event.type === 'CoverageReported'
        ? `the report of ${at(previous.at)}`
        : previous.fact?.event.type === 'SensorDeployed'
          ? `its deployment at ${at(previous.at)}`
          : `the engagement's start at ${at(previous.at)}`;
    drafts.push({
      code: 'COVERAGE_UNMONITORED',
      party,
      area: 'coverage_verification',
      subject,
      due,
      satisfied: next?.eff ?? null,
      evidence: [...(previous.fact ? [previous.fact] : []), ...(next ? [next] : [])],
      summary: next
        ? `${PARTY_NAME[party]} reported no coverage of ${named} for ${duration(minutesBetween(previous.at, next.eff))} after ${since}, more than the ${maxDays} days allowed.`
        : `${PARTY_NAME[party]} has reported no coverage of ${named} since ${since}; a report was due by ${at(due)}.`,
      scope: { kind: 'coverage', sensorId, from: due, to: next?.eff ?? null },
    });
  };
  for (const report of reports) {
    check(report);
    previous = { at: report.eff, fact: report };
  }
  check(undefined);
  return drafts;
}
