import { type ObligedParty } from '../events/event-catalogue';
import { toIso } from '../recording/effective-time';
import { alertRules } from './alert.rules';
import { coverageRules } from './coverage.rules';
import { type Draft } from './draft';
import { EngagementFacts, type Fact, type RuleEvent } from './facts';
import { recommendationRules } from './recommendation.rules';
import { requestRules } from './request.rules';
import { testRules } from './test.rules';
import {
  CAUSAL_RISK_WEIGHT,
  type Evidence,
  type Finding,
  type PartyTally,
  type Primary,
  RULES_VERSION,
  type Verdict,
  WEIGHTS,
} from './verdict.types';

export type VerdictOutcome =
  | { readonly ok: true; readonly verdict: Verdict }
  | {
      readonly ok: false;
      readonly reason: 'ENGAGEMENT_UNKNOWN' | 'INCIDENT_UNKNOWN';
      readonly message: string;
    };

/** Every finding of the engagement, before incident scope and causality. */
export function allDrafts(facts: EngagementFacts): Draft[] {
  const recommendations = recommendationRules(facts);
  return [
    ...alertRules(facts),
    ...testRules(facts),
    ...requestRules(facts),
    ...recommendations.drafts,
    ...coverageRules(facts, recommendations.cuts),
  ];
}

/**
 * responsibility.md: who was responsible, as of `asOf`, for one engagement or one incident of it.
 * A pure function of the events recorded up to `asOf` and of the rulebook.
 */
export function computeVerdict(
  engagementId: string,
  events: Iterable<RuleEvent>,
  options: { asOf: number; incidentId?: string },
): VerdictOutcome {
  const facts = new EngagementFacts(engagementId, options.asOf, events);
  return verdictFromFacts(facts, options.incidentId);
}

/** What a finding takes from its draft alone, whatever the incident and the breaches. */
export interface FindingParts {
  readonly dueAt: string;
  readonly satisfiedAt: string | null;
  readonly lateByMinutes: number | null;
  readonly evidence: readonly Evidence[];
}

/**
 * `drafts`, when the caller already has `allDrafts(facts)` (the scorecard, a live state), saves
 * computing them again; `parts`, kept by a live state across verdicts, each draft's formatting.
 */
export function verdictFromFacts(
  facts: EngagementFacts,
  incidentId?: string,
  drafts?: readonly Draft[],
  parts?: WeakMap<Draft, FindingParts>,
): VerdictOutcome {
  if (!facts.contract) {
    return {
      ok: false,
      reason: 'ENGAGEMENT_UNKNOWN',
      message: `engagement ${facts.engagementId} was not contracted as of ${toIso(facts.asOf)}`,
    };
  }
  let inScope = drafts ?? allDrafts(facts);
  let breaches = facts.of('BreachConfirmed');
  if (incidentId !== undefined) {
    const scope = incidentScope(facts, incidentId);
    if (!scope) {
      return {
        ok: false,
        reason: 'INCIDENT_UNKNOWN',
        message: `incident ${incidentId} was not declared in engagement ${facts.engagementId} as of ${toIso(facts.asOf)}`,
      };
    }
    inScope = inScope.filter(scope.includes);
    breaches = breaches.filter((b) => b.event.data.incidentId === incidentId);
  }

  const findings = inScope
    .map((draft): Finding => {
      const causal = breaches.length > 0 && breaches.some((breach) => isCause(draft, breach));
      const weight =
        draft.code === 'RISK_ACCEPTED' && causal ? CAUSAL_RISK_WEIGHT : WEIGHTS[draft.code];
      let own = parts?.get(draft);
      if (!own) {
        own = findingParts(draft);
        parts?.set(draft, own);
      }
      return {
        code: draft.code,
        party: draft.party,
        area: draft.area,
        weight,
        causal,
        subject: draft.subject,
        dueAt: own.dueAt,
        satisfiedAt: own.satisfiedAt,
        lateByMinutes: own.lateByMinutes,
        summary: draft.summary,
        evidence: own.evidence,
      };
    })
    .sort(
      (a, b) =>
        compare(a.dueAt, b.dueAt) || compare(a.code, b.code) || compare(a.subject.id, b.subject.id),
    );

  const parties: Record<ObligedParty, PartyTally> = {
    client: tally(findings, 'client'),
    mssp: tally(findings, 'mssp'),
    third_party: tally(findings, 'third_party'),
  };
  return {
    ok: true,
    verdict: {
      engagementId: facts.engagementId,
      incidentId: incidentId ?? null,
      asOf: toIso(facts.asOf),
      rulesVersion: RULES_VERSION,
      primary: primaryOf(findings, parties),
      parties,
      findings,
    },
  };
}

function findingParts(draft: Draft): FindingParts {
  return {
    dueAt: toIso(draft.due),
    satisfiedAt: draft.satisfied === null ? null : toIso(draft.satisfied),
    lateByMinutes:
      draft.satisfied === null ? null : Math.floor((draft.satisfied - draft.due) / 60_000),
    evidence: evidenceOf(draft.evidence),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tally(findings: readonly Finding[], party: ObligedParty): PartyTally {
  const mine = findings.filter((f) => f.party === party);
  return { findings: mine.length, weight: mine.reduce((sum, f) => sum + f.weight, 0) };
}

function primaryOf(
  findings: readonly Finding[],
  parties: Record<ObligedParty, PartyTally>,
): Primary {
  const causal = new Set(findings.filter((f) => f.causal && f.weight > 0).map((f) => f.party));
  if (causal.size === 1) return [...causal][0]!;
  if (causal.size > 1) return 'shared';
  const entries = Object.entries(parties) as [ObligedParty, PartyTally][];
  const top = Math.max(...entries.map(([, t]) => t.weight));
  if (top <= 0) return 'none';
  const leaders = entries.filter(([, t]) => t.weight === top);
  return leaders.length === 1 ? leaders[0]![0] : 'shared';
}

function evidenceOf(facts: readonly Fact[]): Evidence[] {
  const unique = [...new Map(facts.map((f) => [f.event.id, f])).values()].sort(
    (a, b) => a.event.position - b.event.position,
  );
  return unique.map((f) => ({
    eventId: f.event.id,
    type: f.event.type,
    position: f.event.position,
    effectiveAt: toIso(f.eff),
    lateRecorded: f.late,
  }));
}

/** responsibility.md, Causal: the subject is named in the breach's root cause. */
function isCause(draft: Draft, breach: Fact<'BreachConfirmed'>): boolean {
  const cause = breach.event.data.rootCause;
  const { subject, scope } = draft;
  if (
    cause.recommendationId !== undefined &&
    subject.kind === 'recommendation' &&
    subject.id === cause.recommendationId
  )
    return true;
  if (
    cause.sensorId !== undefined &&
    scope.kind === 'coverage' &&
    scope.sensorId === cause.sensorId
  )
    return true;
  if (cause.alertId !== undefined && subject.kind === 'alert' && subject.id === cause.alertId)
    return true;
  if (cause.testId !== undefined && subject.kind === 'test' && subject.id === cause.testId)
    return true;
  if (cause.requestId !== undefined && subject.kind === 'request' && subject.id === cause.requestId)
    return true;
  return (
    cause.kind === 'unannounced_test' &&
    cause.testId === undefined &&
    draft.code === 'TEST_UNANNOUNCED'
  );
}

/** responsibility.md, Incident scope: which findings are tied to the incident. */
function incidentScope(
  facts: EngagementFacts,
  incidentId: string,
): { includes: (draft: Draft) => boolean } | undefined {
  const about = (types: Parameters<typeof facts.about>[0]) =>
    facts.about(types, 'incidentId', incidentId);
  const declared = about(['IncidentDeclared'])[0] as Fact<'IncidentDeclared'> | undefined;
  if (!declared) return undefined;
  const linked = about(['IncidentLinked']) as Fact<'IncidentLinked'>[];
  const alertIds = new Set([
    ...(declared.event.data.alertIds ?? []),
    ...linked.flatMap((l) => l.event.data.alertIds ?? []),
  ]);
  // Looked up by id, not by scanning every alert: only membership and extremes are used.
  const requestIds = new Set([
    ...linked.flatMap((l) => l.event.data.requestIds ?? []),
    ...(about(['ClientRequestMade']) as Fact<'ClientRequestMade'>[]).map(
      (r) => r.event.data.requestId,
    ),
  ]);
  const alertFacts = <T extends 'AlertClosed' | 'AlertRaised'>(type: T) =>
    [...alertIds].flatMap((id) => facts.about([type], 'alertId', id));
  const testIds = new Set([
    ...linked.flatMap((l) => l.event.data.testIds ?? []),
    ...alertFacts('AlertClosed').flatMap((c) => (c.event.data.testId ? [c.event.data.testId] : [])),
  ]);
  const raisedTimes = alertFacts('AlertRaised').map((r) => r.eff);
  const compromises = (about(['BreachConfirmed']) as Fact<'BreachConfirmed'>[])
    .map((b) => b.event.data.firstCompromiseAt)
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t));
  const windowStart = Math.min(declared.eff, ...raisedTimes, ...compromises);
  const resolved = about(['IncidentResolved'])[0];
  const windowEnd = resolved?.eff ?? facts.asOf;

  return {
    includes: (draft) => {
      const scope = draft.scope;
      switch (scope.kind) {
        case 'alert':
          return alertIds.has(scope.alertId);
        case 'request':
          return requestIds.has(scope.requestId);
        case 'test':
          return (
            (scope.testId !== undefined && testIds.has(scope.testId)) ||
            scope.alertIds.some((id) => alertIds.has(id)) ||
            (scope.interval !== undefined &&
              raisedTimes.some((t) => scope.interval![0] <= t && t <= scope.interval![1]))
          );
        case 'coverage':
          return scope.from <= windowEnd && (scope.to ?? facts.asOf) >= windowStart;
        case 'recommendation':
          return draft.due < windowEnd;
      }
    },
  };
}
