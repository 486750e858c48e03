import { type Area, type ObligedParty } from '../events/event-catalogue';
import { type Fact } from './facts';
import { type FindingCode, type Subject } from './verdict.types';

/** What incident scope needs to know of a finding's subject (responsibility.md, Incident scope). */
export type ScopeHint =
  | { readonly kind: 'alert'; readonly alertId: string }
  | { readonly kind: 'request'; readonly requestId: string; readonly incidentId?: string }
  | {
      readonly kind: 'test';
      readonly testId?: string;
      readonly interval?: readonly [number, number];
      readonly alertIds: readonly string[];
    }
  | {
      readonly kind: 'coverage';
      readonly sensorId: string | null;
      readonly from: number;
      readonly to: number | null;
    }
  | { readonly kind: 'recommendation'; readonly recommendationId: string };

/** A finding as a rule produces it, before scope, causality and weights are applied. */
export interface Draft {
  readonly code: FindingCode;
  readonly party: ObligedParty;
  readonly area: Area;
  readonly subject: Subject;
  /** Milliseconds. */
  readonly due: number;
  readonly satisfied: number | null;
  readonly evidence: readonly Fact[];
  readonly summary: string;
  readonly scope: ScopeHint;
}
