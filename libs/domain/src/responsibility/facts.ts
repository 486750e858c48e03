import {
  type EventDataByType,
  type EventType,
  type LedgerEnvelope,
} from '../events/event-catalogue';
import { effectiveTime } from '../recording/effective-time';
import { amendTerms, contractTerms, SLA_DEFAULTS, type Terms } from './terms';

/** What the rules read of an event: the hashed envelope and its global position. */
export type RuleEvent = LedgerEnvelope & { readonly position: number };

/** An event with its times in milliseconds; `eff` is its effective time. */
export interface Fact<T extends EventType = EventType> {
  readonly event: RuleEvent & { type: T; data: EventDataByType[T] };
  readonly eff: number;
  readonly late: boolean;
}

/**
 * One engagement's events as of `asOf`, indexed the way the rules ask for them. Effective times
 * are recomputed here from `occurredAt`, `recordedAt` and the recording tolerance of the terms
 * recorded before each event (as the recorder did), so a verifier needs nothing but the envelopes.
 */
export class EngagementFacts {
  readonly all: Fact[] = [];
  contract?: Fact<'EngagementContracted'>;
  readonly amendments: Fact<'EngagementAmended'>[] = [];
  termination?: Fact<'EngagementTerminated'>;
  private readonly byType = new Map<EventType, Fact[]>();
  private readonly indexes = new Map<string, Map<unknown, Fact[]>>();

  constructor(
    readonly engagementId: string,
    readonly asOf: number,
    events: Iterable<RuleEvent>,
  ) {
    const sorted = [...events]
      .filter((e) => e.engagementId === engagementId && Date.parse(e.recordedAt) <= asOf)
      .sort((a, b) => a.position - b.position);
    let tolerance = SLA_DEFAULTS.recordingToleranceMinutes;
    for (const event of sorted) {
      // As the recorder does: an engagement event's own terms already apply to itself.
      if (event.type === 'EngagementContracted') {
        tolerance = event.data.sla.recordingToleranceMinutes ?? tolerance;
      } else if (event.type === 'EngagementAmended') {
        tolerance = event.data.sla?.recordingToleranceMinutes ?? tolerance;
      }
      const time = effectiveTime(
        Date.parse(event.occurredAt),
        Date.parse(event.recordedAt),
        tolerance,
      );
      const fact = { event, eff: time.effectiveAt, late: time.lateRecorded } as Fact;
      this.all.push(fact);
      const list = this.byType.get(event.type) ?? [];
      list.push(fact);
      this.byType.set(event.type, list);
    }
    this.all.sort(byEffectiveTime);
    for (const list of this.byType.values()) list.sort(byEffectiveTime);
    this.contract = this.of('EngagementContracted')[0];
    this.amendments.push(...this.of('EngagementAmended'));
    this.termination = this.of('EngagementTerminated')[0];
  }

  /** Every event of a type, in effective-time order (ties by position). */
  of<T extends EventType>(type: T): Fact<T>[] {
    return (this.byType.get(type) ?? []) as Fact<T>[];
  }

  /** Events of the given types whose `data[key]` is `id`, in effective-time order. */
  about<T extends EventType>(types: readonly T[], key: string, id: string): Fact<T>[] {
    const found = types.flatMap((type) => this.indexed(type, key).get(id) ?? []) as Fact<T>[];
    return types.length > 1 ? found.sort(byEffectiveTime) : found;
  }

  /** `data[key]` → events of one type, built on first use: the rules ask once per subject. */
  private indexed(type: EventType, key: string): Map<unknown, Fact[]> {
    const name = `${type}\u0000${key}`;
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (const fact of this.of(type)) {
        const id = (fact.event.data as Record<string, unknown>)[key];
        const list = index.get(id);
        if (list) list.push(fact);
        else index.set(id, [fact]);
      }
      this.indexes.set(name, index);
    }
    return index;
  }

  /**
   * The terms in force at `t`: the contract plus every amendment whose effective time is at or
   * before `t`, merged in effective-time order.
   */
  termsAt(t: number): Terms {
    const steps = this.termSteps();
    // The last step in force at t: terms change only at amendments, so a binary search will do.
    let low = 0;
    let high = steps.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (steps[mid]!.from <= t) low = mid;
      else high = mid - 1;
    }
    return steps[low]!.terms;
  }

  private steps: { from: number; terms: Terms }[] | undefined;

  private termSteps(): { from: number; terms: Terms }[] {
    if (this.steps) return this.steps;
    if (!this.contract) throw new Error(`engagement ${this.engagementId} has no contract`);
    let terms = contractTerms(this.contract.event.data);
    const steps = [{ from: -Infinity, terms }];
    for (const amendment of this.amendments) {
      terms = amendTerms(terms, amendment.event.data);
      steps.push({ from: amendment.eff, terms });
    }
    return (this.steps = steps);
  }
}

export function byEffectiveTime(a: Fact, b: Fact): number {
  return a.eff - b.eff || a.event.position - b.event.position;
}
