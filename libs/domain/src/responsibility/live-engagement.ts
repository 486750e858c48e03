import { toIso } from '../recording/effective-time';
import { alertDrafts } from './alert.rules';
import { coverageRules } from './coverage.rules';
import { type Draft } from './draft';
import { EngagementFacts, type Fact, FactLog, Horizon, type RuleEvent, sortedIndex } from './facts';
import { recommendationRules } from './recommendation.rules';
import { requestDrafts } from './request.rules';
import { testRules } from './test.rules';
import { type FindingParts, type VerdictOutcome, verdictFromFacts } from './verdict';
import { type Verdict } from './verdict.types';

/** Drafts computed once, and the asOf values for which they hold. */
interface Cached<T> {
  readonly value: T;
  readonly horizon: Horizon;
}

/**
 * The cached drafts of each subject of one kind (alerts, by their raising; requests, by their
 * making), kept in the order of those facts, so that assembling a verdict walks an array.
 */
class SubjectDrafts {
  private readonly units: (Cached<Draft[]> | undefined)[] = [];
  /** Whether any unit has been computed: a state being built has nothing to forget. */
  computed = false;

  constructor(private readonly facts: () => readonly Fact[]) {}

  /** A new subject fact has been taken in. */
  added(fact: Fact): void {
    this.units.splice(sortedIndex(this.facts(), fact), 0, undefined);
  }

  /** Every subject fact has been taken in at once, into a state that had none. */
  addedAll(): void {
    this.units.length = this.facts().length;
    this.units.fill(undefined);
  }

  forget(fact: Fact): void {
    if (this.computed) this.units[sortedIndex(this.facts(), fact)] = undefined;
  }

  clear(): void {
    this.units.fill(undefined);
  }

  /** Appends every subject's drafts to `drafts`, computing those that do not hold at asOf. */
  collect(
    facts: EngagementFacts,
    compute: (fact: Fact) => Draft[],
    horizon: Horizon,
    drafts: Draft[],
  ): void {
    const asOf = facts.asOf;
    const subjects = this.facts();
    this.computed = true;
    for (let i = 0; i < subjects.length; i++) {
      let unit = this.units[i];
      if (!unit?.horizon.holds(asOf))
        unit = this.units[i] = facts.within(() => compute(subjects[i]!));
      horizon.narrow(unit.horizon);
      for (const draft of unit.value) drafts.push(draft);
    }
  }
}

/**
 * One engagement's rule state, kept as its events arrive, so that a verdict for the current time
 * comes from state instead of from every alert again. Equal, byte for byte, to a replay
 * (`computeVerdict`) for any asOf it `covers`: every event recorded by then, and none later.
 *
 * What is kept: the facts (`FactLog`, appended to); the drafts of each alert and of each request
 * (they read only their own events and the terms); the drafts of the tests, and of the
 * recommendations with the coverage (few, computed as a whole); the formatted parts of each
 * finding; the assembled verdict of the whole engagement. A cached entry is dropped when an event
 * about its subject arrives, when the terms change (all of them), and when asOf leaves its
 * horizon: the rules read asOf only through `passed(deadline)`, so each entry knows the deadlines
 * between which its answer stays the same. The assembled verdict is dropped by any event.
 */
export class LiveEngagement {
  readonly log: FactLog;
  private readonly alerts: SubjectDrafts;
  private readonly requests: SubjectDrafts;
  private tests: Cached<Draft[]> | undefined;
  private remediation: Cached<{ recommendations: Draft[]; coverage: Draft[] }> | undefined;
  /** Alerts closed as authorised tests: the test rules and the notices read them. */
  private readonly testAlerts = new Set<string>();
  private readonly parts = new WeakMap<Draft, FindingParts>();
  private assembled: { drafts: Draft[]; horizon: Horizon; whole?: Verdict } | undefined;

  constructor(readonly engagementId: string) {
    this.log = new FactLog(engagementId);
    this.alerts = new SubjectDrafts(() => this.log.of('AlertRaised'));
    this.requests = new SubjectDrafts(() => this.log.of('ClientRequestMade'));
  }

  /** Takes in the engagement's next event (in log order); others' events are ignored. */
  add(event: RuleEvent): void {
    if (event.engagementId !== this.engagementId) return;
    const fact = this.log.add(event);
    if (event.type === 'AlertRaised') this.alerts.added(fact);
    else if (event.type === 'ClientRequestMade') this.requests.added(fact);
    this.forget(event);
    this.assembled = undefined;
  }

  /**
   * `add` of each of the engagement's next events (in log order); a state that holds none takes
   * them in at once (`FactLog.addAll`), as a fresh process does with a whole engagement.
   */
  addAll(events: readonly RuleEvent[]): void {
    if (this.log.all.length > 0) {
      for (const event of events) this.add(event);
      return;
    }
    const own = events.filter((event) => event.engagementId === this.engagementId);
    this.log.addAll(own);
    this.alerts.addedAll();
    this.requests.addedAll();
    // Nothing is cached yet; this keeps the bookkeeping (the alerts closed as tests).
    for (const event of own) this.forget(event);
    this.assembled = undefined;
  }

  /** Whether the state answers for `asOf`: no event it holds was recorded after it. */
  covers(asOf: number): boolean {
    return asOf >= this.log.newestRecordedAt;
  }

  facts(asOf: number): EngagementFacts {
    if (!this.covers(asOf))
      throw new RangeError(`asOf ${toIso(asOf)} is before the newest event: replay instead`);
    return new EngagementFacts(this.engagementId, asOf, this.log);
  }

  verdict(asOf: number, incidentId?: string): VerdictOutcome {
    const facts = this.facts(asOf);
    if (!facts.contract) return verdictFromFacts(facts, incidentId);
    const drafts = this.drafts(facts);
    if (incidentId !== undefined) return verdictFromFacts(facts, incidentId, drafts, this.parts);
    const assembled = this.assembled!;
    if (!assembled.whole) {
      const outcome = verdictFromFacts(facts, undefined, drafts, this.parts);
      if (!outcome.ok) return outcome;
      assembled.whole = outcome.verdict;
    }
    // The whole engagement's verdict depends on asOf only through the drafts' horizons.
    return { ok: true, verdict: { ...assembled.whole, asOf: toIso(asOf) } };
  }

  /** `allDrafts(facts)`, from the cached entries that still hold at `facts.asOf`. */
  drafts(facts: EngagementFacts): readonly Draft[] {
    const asOf = facts.asOf;
    if (this.assembled?.horizon.holds(asOf)) return this.assembled.drafts;
    const horizon = new Horizon();
    const drafts: Draft[] = [];
    const fresh = <T>(cached: Cached<T> | undefined, compute: () => T): Cached<T> => {
      const entry = cached?.horizon.holds(asOf) ? cached : facts.within(compute);
      horizon.narrow(entry.horizon);
      return entry;
    };
    this.alerts.collect(
      facts,
      (raised) => alertDrafts(facts, raised as Fact<'AlertRaised'>),
      horizon,
      drafts,
    );
    this.tests = fresh(this.tests, () => testRules(facts));
    drafts.push(...this.tests.value);
    this.requests.collect(
      facts,
      (made) => requestDrafts(facts, made as Fact<'ClientRequestMade'>),
      horizon,
      drafts,
    );
    this.remediation = fresh(this.remediation, () => {
      const recommendations = recommendationRules(facts);
      return {
        recommendations: recommendations.drafts,
        coverage: coverageRules(facts, recommendations.cuts),
      };
    });
    drafts.push(...this.remediation.value.recommendations, ...this.remediation.value.coverage);
    this.assembled = { drafts, horizon };
    return drafts;
  }

  /** Drops what the new fact may change (see the class comment; allDrafts says who reads what). */
  private forget(event: RuleEvent): void {
    switch (event.type) {
      case 'EngagementContracted':
      case 'EngagementAmended':
        this.alerts.clear();
        this.requests.clear();
        this.tests = undefined;
        this.remediation = undefined;
        return;
      case 'AlertRaised':
        this.forgetAlert(event.data.alertId);
        // The test rules find the alerts closed as tests by their raising.
        if (this.testAlerts.has(event.data.alertId)) this.tests = undefined;
        return;
      case 'AlertAcknowledged':
      case 'ClientNotified':
      case 'ClientAcknowledged':
        this.forgetAlert(event.data.alertId);
        return;
      case 'AlertClosed':
        this.forgetAlert(event.data.alertId);
        if (event.data.disposition === 'authorized_test') {
          this.testAlerts.add(event.data.alertId);
          this.tests = undefined;
        }
        return;
      case 'TestNoticeFiled':
      case 'TestNoticeWithdrawn':
        // A notice can exempt an alert closed as an authorised test from notification.
        for (const alertId of this.testAlerts) this.forgetAlert(alertId);
        this.tests = undefined;
        return;
      case 'TestConducted':
        this.tests = undefined;
        return;
      case 'ClientRequestMade':
      case 'MsspResponded':
      case 'RequestDeclined':
      case 'RequestAbandoned':
        for (const made of this.log.about(['ClientRequestMade'], 'requestId', event.data.requestId))
          this.requests.forget(made);
        return;
      case 'RecommendationIssued':
      case 'RecommendationDeclined':
      case 'RiskAccepted':
      case 'RemediationCompleted':
      case 'SensorDeployed':
      case 'SensorRelocated':
      case 'CoverageReported':
      case 'CoverageGapReported':
      case 'EngagementTerminated':
        this.remediation = undefined;
        return;
      case 'EngagementRenewed':
      case 'TestNoticeAcknowledged':
      case 'RecommendationAccepted':
        // No rule reads these.
        return;
      case 'IncidentDeclared':
      case 'IncidentLinked':
      case 'IncidentResolved':
      case 'BreachConfirmed':
        // Read when a verdict is assembled (scope and causality), never by a draft.
        return;
      default: {
        const unknown: never = event;
        throw new Error(`no invalidation rule for ${(unknown as RuleEvent).type}`);
      }
    }
  }

  private forgetAlert(alertId: string): void {
    if (!this.alerts.computed) return;
    for (const fact of this.log.subject('alertId', alertId))
      if (fact.event.type === 'AlertRaised') this.alerts.forget(fact);
  }
}
