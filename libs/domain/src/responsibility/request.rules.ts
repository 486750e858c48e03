import { type Draft } from './draft';
import { type EngagementFacts, type Fact } from './facts';
import { ownerOf } from './terms';
import { at, duration, minutesBetween, PARTY_NAME, slaLength } from './wording';

const MINUTE = 60_000;

/** REQUEST_RESPONSE_LATE, REQUEST_UNANSWERED, REQUEST_WRONGLY_DECLINED, SERVICE_NOT_CONTRACTED, REQUEST_ABANDONED. */
export function requestRules(facts: EngagementFacts): Draft[] {
  return facts.of('ClientRequestMade').flatMap((made) => requestDrafts(facts, made));
}

/** The findings of one request: they read only its own events and the terms. */
export function requestDrafts(facts: EngagementFacts, made: Fact<'ClientRequestMade'>): Draft[] {
  const drafts: Draft[] = [];
  const { requestId, urgency, service, incidentId } = made.event.data;
  const t0 = made.eff;
  const terms = facts.termsAt(t0);
  const about = facts.about.bind(facts);
  const responses = about(['MsspResponded'], 'requestId', requestId);
  const declines = about(['RequestDeclined'], 'requestId', requestId);
  const abandons = about(['RequestAbandoned'], 'requestId', requestId);
  const complete = responses.find((r) => r.event.data.complete);
  const subject = { kind: 'request', id: requestId } as const;
  const scope = { kind: 'request', requestId, ...(incidentId ? { incidentId } : {}) } as const;
  const what = `${urgency} request ${requestId}`;
  const owner = ownerOf('request_response', terms);

  const minutes = terms.sla.requestResponseMinutes?.[urgency];
  if (minutes !== undefined) {
    const due = t0 + minutes * MINUTE;
    const base = { party: owner, area: 'request_response', subject, due, scope } as const;
    if (complete && complete.eff > due) {
      drafts.push({
        ...base,
        code: 'REQUEST_RESPONSE_LATE',
        satisfied: complete.eff,
        evidence: [made, complete],
        summary: `${PARTY_NAME[owner]} answered the client's ${what} completely at ${at(complete.eff)}, ${duration(minutesBetween(due, complete.eff))} after the ${slaLength(minutes)} SLA ended at ${at(due)}.`,
      });
    } else if (!complete && declines.length === 0 && abandons.length === 0 && facts.passed(due)) {
      drafts.push({
        ...base,
        code: 'REQUEST_UNANSWERED',
        satisfied: null,
        evidence: [made, ...responses],
        summary: `${PARTY_NAME[owner]} never answered the client's ${what} completely; it was made at ${at(t0)} and the ${slaLength(minutes)} SLA ended at ${at(due)}.`,
      });
    }
  }

  const outOfScope = declines.find((d) => d.event.data.reason === 'out_of_scope');
  if (outOfScope) {
    const declineTerms = facts.termsAt(outOfScope.eff);
    const contracted = service !== 'other' && declineTerms.services.includes(service);
    if (contracted) {
      const party = ownerOf('request_response', declineTerms);
      drafts.push({
        code: 'REQUEST_WRONGLY_DECLINED',
        party,
        area: 'request_response',
        subject,
        due: outOfScope.eff,
        satisfied: null,
        evidence: [made, outOfScope],
        summary: `${PARTY_NAME[party]} declined the client's ${what} as out of scope at ${at(outOfScope.eff)}, but ${service.replace(/_/g, ' ')} is a contracted service.`,
        scope,
      });
    } else {
      // responsibility.md names the party outright: "incident_response (client)", whoever
      // would run the response for a service that was bought.
      drafts.push({
        code: 'SERVICE_NOT_CONTRACTED',
        party: 'client',
        area: 'incident_response',
        subject,
        due: outOfScope.eff,
        satisfied: null,
        evidence: [made, outOfScope],
        summary: `The MSSP declined the client's ${what} as out of scope at ${at(outOfScope.eff)}: ${service.replace(/_/g, ' ')} was not a contracted service.`,
        scope,
      });
    }
  }

  const abandoned = abandons[0];
  if (abandoned && (!complete || abandoned.eff < complete.eff)) {
    drafts.push({
      code: 'REQUEST_ABANDONED',
      party: owner,
      area: 'request_response',
      subject,
      due: abandoned.eff,
      satisfied: null,
      evidence: [made, ...responses.filter((r) => r.eff <= abandoned.eff), abandoned],
      summary: `${PARTY_NAME[owner]} stopped engaging with the client's ${what} before giving a complete answer; the client recorded the abandonment at ${at(abandoned.eff)}, ${duration(minutesBetween(t0, abandoned.eff))} after asking.`,
      scope,
    });
  }
  return drafts;
}
