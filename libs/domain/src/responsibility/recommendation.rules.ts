import { type EventType } from '../events/event-catalogue';
import { type Draft } from './draft';
import { type EngagementFacts } from './facts';
import { ownerOf } from './terms';
import { at, duration, minutesBetween, PARTY_NAME } from './wording';

/** Where a recommendation about a sensor cuts that sensor's coverage gap (responsibility.md). */
export interface SensorCut {
  readonly sensorId: string;
  readonly at: number;
  readonly recommendationId: string;
}

/** RECOMMENDATION_OVERDUE, RECOMMENDATION_DECLINED, RISK_ACCEPTED; and the cuts they make in coverage gaps. */
export function recommendationRules(facts: EngagementFacts): {
  drafts: Draft[];
  cuts: SensorCut[];
} {
  const drafts: Draft[] = [];
  const cuts: SensorCut[] = [];
  for (const issued of facts.of('RecommendationIssued')) {
    const { recommendationId, title, relatesTo } = issued.event.data;
    const area = issued.event.data.area ?? 'remediation';
    const dueBy = Date.parse(issued.event.data.dueBy);
    const about = <T extends EventType>(types: readonly T[]) =>
      facts.about(types, 'recommendationId', recommendationId);
    const declined = about(['RecommendationDeclined'])[0];
    const risk = about(['RiskAccepted'])[0];
    const resolved = about(['RemediationCompleted', 'RiskAccepted'])[0];
    const subject = { kind: 'recommendation', id: recommendationId } as const;
    const scope = { kind: 'recommendation', recommendationId } as const;
    const what = `recommendation ${recommendationId} ("${title}")`;

    if (declined) {
      const party = ownerOf(area, facts.termsAt(declined.eff));
      const rationale = (declined.event.data as { rationale?: string }).rationale;
      drafts.push({
        code: 'RECOMMENDATION_DECLINED',
        party,
        area,
        subject,
        due: declined.eff,
        satisfied: null,
        evidence: [issued, declined],
        summary: `${PARTY_NAME[party]} declined ${what} at ${at(declined.eff)}${rationale ? `: "${rationale}"` : ''}.`,
        scope,
      });
    } else if ((!resolved || resolved.eff > dueBy) && facts.passed(dueBy)) {
      const party = ownerOf(area, facts.termsAt(issued.eff));
      drafts.push({
        code: 'RECOMMENDATION_OVERDUE',
        party,
        area,
        subject,
        due: dueBy,
        satisfied: resolved?.eff ?? null,
        evidence: resolved ? [issued, resolved] : [issued],
        summary: resolved
          ? `${PARTY_NAME[party]} acted on ${what} at ${at(resolved.eff)}, ${duration(minutesBetween(dueBy, resolved.eff))} after it was due at ${at(dueBy)}.`
          : `${PARTY_NAME[party]} had neither completed ${what} nor formally accepted its risk when it fell due at ${at(dueBy)}.`,
        scope,
      });
    }

    if (risk) {
      const party = ownerOf(area, facts.termsAt(risk.eff));
      drafts.push({
        code: 'RISK_ACCEPTED',
        party,
        area,
        subject,
        due: risk.eff,
        satisfied: null,
        evidence: [issued, risk],
        summary: `${PARTY_NAME[party]} formally accepted the risk of not acting on ${what} at ${at(risk.eff)} (approved by ${risk.event.data.approver}).`,
        scope,
      });
    }

    const sensorId = relatesTo?.sensorId;
    if (sensorId) {
      if (declined) cuts.push({ sensorId, at: declined.eff, recommendationId });
      else if ((!resolved || resolved.eff > dueBy) && facts.passed(dueBy))
        cuts.push({ sensorId, at: dueBy, recommendationId });
    }
  }
  return { drafts, cuts };
}
