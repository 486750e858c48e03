import {
  type EventDataByType,
  type EventType,
  type LedgerEnvelope,
} from '../events/event-catalogue';
import { effectiveTime, fromIso } from '../recording/effective-time';
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
 * How far an answer computed at one `asOf` holds: for every asOf with `after < asOf <= until`.
 * The rules read asOf only through `EngagementFacts.passed`, which narrows the horizon.
 */
export class Horizon {
  after = -Infinity;
  until = Infinity;

  holds(asOf: number): boolean {
    return this.after < asOf && asOf <= this.until;
  }

  narrow(other: Horizon): void {
    if (other.after > this.after) this.after = other.after;
    if (other.until < this.until) this.until = other.until;
  }
}

/**
 * One engagement's events, indexed the way the rules ask for them, every list in effective-time
 * order (ties by position). Built in one go for a replay, or event by event as the log grows
 * (`add`): both give the same lists, since the order is total. Effective times are recomputed
 * from `occurredAt`, `recordedAt` and the recording tolerance of the terms recorded before each
 * event (as the recorder did), so a verifier needs nothing but the envelopes.
 */
export class FactLog {
  readonly all: Fact[] = [];
  private readonly byType = new Map<EventType, Fact[]>();
  /**
   * `data[key]` → facts of any type; kept up to date by `add`. Alerts' from the start: their events
   * are most of a busy ledger, and indexing each as it arrives finds it still in the cache.
   */
  private readonly subjects = new Map<string, Map<unknown, Fact[]>>([['alertId', new Map()]]);
  /** The same, as an array: `add` walks it for every event. */
  private subjectList: [string, Map<unknown, Fact[]>][] = [...this.subjects];
  /** `type` → `data[key]` → facts; built on first use, then kept up to date by `add`. */
  private readonly indexes = new Map<EventType, Map<string, Map<unknown, Fact[]>>>();
  private tolerance = SLA_DEFAULTS.recordingToleranceMinutes;
  private steps: { from: number; terms: Terms }[] | undefined;
  /** The latest `recordedAt` taken in: the log answers for any asOf from there on. */
  newestRecordedAt = -Infinity;
  /** The position of the last event taken in; events arrive in position order. */
  lastPosition = -1;

  constructor(readonly engagementId: string) {}

  /** The engagement's events recorded up to `asOf`, in any order. */
  static replay(engagementId: string, asOf: number, events: Iterable<RuleEvent>): FactLog {
    const log = new FactLog(engagementId);
    const sorted: RuleEvent[] = [];
    for (const event of events) {
      if (event.engagementId === engagementId && fromIso(event.recordedAt) <= asOf)
        sorted.push(event);
    }
    sorted.sort((a, b) => a.position - b.position);
    log.addAll(sorted);
    return log;
  }

  /**
   * `add` of each of the log's next events (in position order). An empty log takes them in at
   * once: appended, then each list sorted, which gives the same lists (the order is total) without
   * a search per event; the subject indexes are then built on first use.
   */
  addAll(events: readonly RuleEvent[]): void {
    if (this.all.length > 0) {
      for (const event of events) this.add(event);
      return;
    }
    for (const event of events) {
      if (event.position <= this.lastPosition)
        throw new Error(`event at position ${event.position} arrived after ${this.lastPosition}`);
      const fact = this.factOf(event);
      this.all.push(fact);
      this.listOf(event.type).push(fact);
    }
    this.all.sort(byEffectiveTime);
    for (const list of this.byType.values()) list.sort(byEffectiveTime);
    this.subjects.clear();
    this.subjectList = [];
    this.indexes.clear();
    this.steps = undefined;
  }

  /**
   * Takes in the next event of the log (a later position than any before). Usually an append at
   * the end of each list; an event recorded late is inserted where its effective time puts it.
   */
  add(event: RuleEvent): Fact {
    if (event.position <= this.lastPosition)
      throw new Error(`event at position ${event.position} arrived after ${this.lastPosition}`);
    const fact = this.factOf(event);
    insertSorted(this.all, fact);
    insertSorted(this.listOf(event.type), fact);
    const data = event.data as Record<string, unknown>;
    const indexes = this.indexes.get(event.type);
    if (indexes) for (const [key, index] of indexes) indexFact(index, data[key], fact);
    for (let i = 0; i < this.subjectList.length; i++) {
      const [key, index] = this.subjectList[i]!;
      const id = data[key];
      if (id !== undefined) indexFact(index, id, fact);
    }
    if (event.type === 'EngagementContracted' || event.type === 'EngagementAmended')
      this.steps = undefined;
    return fact;
  }

  private factOf(event: RuleEvent): Fact {
    // As the recorder does: an engagement event's own terms already apply to itself.
    if (event.type === 'EngagementContracted') {
      this.tolerance = event.data.sla.recordingToleranceMinutes ?? this.tolerance;
    } else if (event.type === 'EngagementAmended') {
      this.tolerance = event.data.sla?.recordingToleranceMinutes ?? this.tolerance;
    }
    const recordedAt = fromIso(event.recordedAt);
    if (recordedAt > this.newestRecordedAt) this.newestRecordedAt = recordedAt;
    this.lastPosition = event.position;
    const time = effectiveTime(fromIso(event.occurredAt), recordedAt, this.tolerance);
    return { event, eff: time.effectiveAt, late: time.lateRecorded } as Fact;
  }

  private listOf(type: EventType): Fact[] {
    let list = this.byType.get(type);
    if (!list) this.byType.set(type, (list = []));
    return list;
  }

  of<T extends EventType>(type: T): Fact<T>[] {
    return (this.byType.get(type) ?? []) as Fact<T>[];
  }

  about<T extends EventType>(types: readonly T[], key: string, id: string): Fact<T>[] {
    // Asked once or more per alert in a replay: merging the sorted lists beats sorting them.
    let found: Fact[] = NONE;
    for (const type of types) {
      const list = this.indexed(type, key).get(id);
      if (list) found = found.length === 0 ? list : merge(found, list);
    }
    return found as Fact<T>[];
  }

  subject(key: string, id: string): readonly Fact[] {
    let index = this.subjects.get(key);
    if (!index) {
      index = new Map();
      for (const fact of this.all) {
        const value = (fact.event.data as Record<string, unknown>)[key];
        if (value === undefined) continue;
        const list = index.get(value);
        if (list) list.push(fact);
        else index.set(value, [fact]);
      }
      this.subjects.set(key, index);
      this.subjectList = [...this.subjects];
    }
    return index.get(id) ?? NONE;
  }

  private indexed(type: EventType, key: string): Map<unknown, Fact[]> {
    let byKey = this.indexes.get(type);
    if (!byKey) this.indexes.set(type, (byKey = new Map<string, Map<unknown, Fact[]>>()));
    let index = byKey.get(key);
    if (!index) {
      index = new Map();
      for (const fact of this.of(type)) {
        const id = (fact.event.data as Record<string, unknown>)[key];
        const list = index.get(id);
        if (list) list.push(fact);
        else index.set(id, [fact]);
      }
      byKey.set(key, index);
    }
    return index;
  }

  termSteps(): { from: number; terms: Terms }[] {
    if (this.steps) return this.steps;
    const contract = this.of('EngagementContracted')[0];
    if (!contract) throw new Error(`engagement ${this.engagementId} has no contract`);
    let terms = contractTerms(contract.event.data);
    const steps = [{ from: -Infinity, terms }];
    for (const amendment of this.of('EngagementAmended')) {
      terms = amendTerms(terms, amendment.event.data);
      steps.push({ from: amendment.eff, terms });
    }
    return (this.steps = steps);
  }
}

/**
 * One engagement's events as of `asOf`, as the rules see them: the facts of a log, and the
 * moment at which the rules are asked. A replay builds its own log of the events recorded up to
 * `asOf`; a live state hands over the log it keeps (every event of which was recorded by then).
 */
export class EngagementFacts {
  readonly log: FactLog;
  private horizon: Horizon | undefined;

  constructor(
    readonly engagementId: string,
    readonly asOf: number,
    events: Iterable<RuleEvent> | FactLog,
  ) {
    this.log = events instanceof FactLog ? events : FactLog.replay(engagementId, asOf, events);
  }

  /** Every event, in effective-time order (ties by position). */
  get all(): readonly Fact[] {
    return this.log.all;
  }

  get contract(): Fact<'EngagementContracted'> | undefined {
    return this.log.of('EngagementContracted')[0];
  }

  get amendments(): readonly Fact<'EngagementAmended'>[] {
    return this.log.of('EngagementAmended');
  }

  get termination(): Fact<'EngagementTerminated'> | undefined {
    return this.log.of('EngagementTerminated')[0];
  }

  /** Every event of a type, in effective-time order (ties by position). */
  of<T extends EventType>(type: T): Fact<T>[] {
    return this.log.of(type);
  }

  /** Events of the given types whose `data[key]` is `id`, in effective-time order. */
  about<T extends EventType>(types: readonly T[], key: string, id: string): Fact<T>[] {
    return this.log.about(types, key, id);
  }

  /** Every event, of any type, whose `data[key]` is `id`, in effective-time order. */
  subject(key: string, id: string): readonly Fact[] {
    return this.log.subject(key, id);
  }

  /**
   * The terms in force at `t`: the contract plus every amendment whose effective time is at or
   * before `t`, merged in effective-time order.
   */
  termsAt(t: number): Terms {
    const steps = this.log.termSteps();
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

  /**
   * Whether `t` is strictly before `asOf` (a deadline that has passed). The one way the rules
   * read asOf, so that an answer knows the asOf values for which it stays the same.
   */
  passed(t: number): boolean {
    const passed = t < this.asOf;
    if (this.horizon) {
      if (passed) this.horizon.after = Math.max(this.horizon.after, t);
      else this.horizon.until = Math.min(this.horizon.until, t);
    }
    return passed;
  }

  /** `compute`'s answer, and the asOf values for which it would be the same. */
  within<T>(compute: () => T): { value: T; horizon: Horizon } {
    const outer = this.horizon;
    const horizon = (this.horizon = new Horizon());
    try {
      return { value: compute(), horizon };
    } finally {
      this.horizon = outer;
      outer?.narrow(horizon);
    }
  }
}

export function byEffectiveTime(a: Fact, b: Fact): number {
  return a.eff - b.eff || a.event.position - b.event.position;
}

// Frozen: `about` hands its lists out, and the empty one is shared.
const NONE = Object.freeze([]) as unknown as Fact[];

/** Two lists sorted by effective time, as one. */
function merge(a: readonly Fact[], b: readonly Fact[]): Fact[] {
  const out: Fact[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push(byEffectiveTime(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** Where `fact` is, or would go, in a list sorted by effective time; the end is tried first. */
export function sortedIndex(list: readonly Fact[], fact: Fact): number {
  let at = list.length;
  if (at === 0 || byEffectiveTime(list[at - 1]!, fact) < 0) return at;
  let low = 0;
  while (low < at) {
    const mid = (low + at) >> 1;
    if (byEffectiveTime(list[mid]!, fact) < 0) low = mid + 1;
    else at = mid;
  }
  return at;
}

function indexFact(index: Map<unknown, Fact[]>, id: unknown, fact: Fact): void {
  const list = index.get(id);
  if (list) insertSorted(list, fact);
  else index.set(id, [fact]);
}

function insertSorted(list: Fact[], fact: Fact): void {
  const at = sortedIndex(list, fact);
  if (at === list.length) list.push(fact);
  else list.splice(at, 0, fact);
}
