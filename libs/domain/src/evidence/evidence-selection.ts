import { type LedgerEvent } from '../events/event-catalogue';
import { streamName, UNNAMED_TEST_PREFIX } from '../recording/streams';
import { type Verdict } from '../responsibility/verdict.types';
import { replayVerdict } from './verdict-replay';

/**
 * How far a bundle had to reach for the rules to give its verdict again: the streams of the
 * findings alone; those plus the engagement's context streams (tests, sensors, coverage,
 * recommendations, incidents), which some rules read across subjects; or every stream.
 */
export type EvidenceReach = 'findings' | 'context' | 'engagement';

export interface EvidenceSelection {
  readonly reach: EvidenceReach;
  /** The streams bundled, each complete from revision 0 to its last event in `events`. */
  readonly streams: readonly string[];
  /** Their events, in position order. */
  readonly events: readonly LedgerEvent[];
}

const CONTEXT_KINDS = new Set([
  'engagement',
  'test',
  'sensor',
  'coverage',
  'recommendation',
  'incident',
]);

/**
 * The events an evidence bundle carries for `verdict`: whole streams (so that a verifier can
 * check each chain from its first event, and see that nothing it needs to judge an absence is
 * missing from it), the fewest that let the rules give the same verdict again.
 *
 * `events` are the engagement's events the verdict was computed from (up to the checkpoint the
 * bundle is proven against). The first candidate holds the engagement's own stream (the terms),
 * the stream of every finding's subject, of every evidence event, and of every incident the
 * verdict may draw on; if the rules do not give the verdict again from those, the context streams
 * are added, and failing that every stream. The last always does, since it is what the verdict
 * was computed from.
 */
export function selectEvidence(
  verdict: Verdict,
  events: readonly LedgerEvent[],
): EvidenceSelection {
  const byStream = new Map<string, LedgerEvent[]>();
  const byId = new Map<string, LedgerEvent>();
  for (const event of events) {
    const stream = byStream.get(event.stream);
    if (stream) stream.push(event);
    else byStream.set(event.stream, [event]);
    byId.set(event.id, event);
  }
  const engagementId = verdict.engagementId;

  const own = new Set<string>([streamName(engagementId, { kind: 'engagement', id: '' })]);
  if (verdict.incidentId !== null) {
    own.add(streamName(engagementId, { kind: 'incident', id: verdict.incidentId }));
  }
  for (const event of events) {
    // Causality reads every breach of the engagement (or of the incident).
    if (event.type === 'BreachConfirmed') own.add(event.stream);
    // An incident's scope is drawn from the alerts, requests and tests it names.
    if (
      (event.type === 'IncidentDeclared' || event.type === 'IncidentLinked') &&
      event.data.incidentId === verdict.incidentId
    ) {
      const named = event.data as {
        alertIds?: string[];
        requestIds?: string[];
        testIds?: string[];
      };
      for (const id of named.alertIds ?? [])
        own.add(streamName(engagementId, { kind: 'alert', id }));
      for (const id of named.requestIds ?? []) {
        own.add(streamName(engagementId, { kind: 'request', id }));
      }
      for (const id of named.testIds ?? []) own.add(streamName(engagementId, { kind: 'test', id }));
    }
  }
  for (const finding of verdict.findings) {
    for (const stream of subjectStreams(engagementId, finding.subject)) own.add(stream);
    for (const evidence of finding.evidence) {
      const event = byId.get(evidence.eventId);
      if (event) own.add(event.stream);
    }
  }

  const context = new Set(own);
  for (const stream of byStream.keys()) {
    if (CONTEXT_KINDS.has(kindOf(engagementId, stream))) context.add(stream);
  }

  const candidates: [EvidenceReach, Set<string>][] = [
    ['findings', own],
    ['context', context],
  ];
  for (const [reach, streams] of candidates) {
    const selected = events.filter((event) => streams.has(event.stream));
    if (replayVerdict(verdict, selected).reproduced) {
      return {
        reach,
        streams: [...streams].filter((s) => byStream.has(s)).sort(),
        events: selected,
      };
    }
  }
  return { reach: 'engagement', streams: [...byStream.keys()].sort(), events: [...events] };
}

function subjectStreams(
  engagementId: string,
  subject: Verdict['findings'][number]['subject'],
): string[] {
  switch (subject.kind) {
    case 'alert':
    case 'request':
    case 'recommendation':
    case 'incident':
      return [streamName(engagementId, { kind: subject.kind, id: subject.id })];
    case 'test':
      // A test conducted without a testId is named by its event id, and so is its stream.
      return [
        streamName(engagementId, { kind: 'test', id: subject.id }),
        streamName(engagementId, { kind: 'test', id: `${UNNAMED_TEST_PREFIX}${subject.id}` }),
      ];
    case 'coverage':
      return subject.id === engagementId
        ? [streamName(engagementId, { kind: 'coverage', id: '' })]
        : [streamName(engagementId, { kind: 'sensor', id: subject.id })];
  }
}

/** `E/alert/a-1` → `alert`; `E/engagement` → `engagement`. */
function kindOf(engagementId: string, stream: string): string {
  const rest = stream.slice(engagementId.length + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}
