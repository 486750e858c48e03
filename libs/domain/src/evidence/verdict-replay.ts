import canonicalize from 'canonicalize';
import { type LedgerEvent } from '../events/event-catalogue';
import { computeVerdict } from '../responsibility/verdict';
import { type Finding, RULES_VERSION, type Verdict } from '../responsibility/verdict.types';

/** What re-running the rules on a set of events says of one finding a verdict claims. */
export interface FindingReplay {
  readonly code: string;
  readonly party: string;
  readonly subject: { readonly kind: string; readonly id: string };
  readonly summary: string;
  /**
   * `confirmed`: the rules give this finding, field for field; `differs`: they give a finding of
   * the same code, party, subject and due time with other fields (`fields` names them);
   * `not-reproduced`: they give no such finding; `omitted`: they give it but the verdict does not
   * claim it.
   */
  readonly status: 'confirmed' | 'differs' | 'not-reproduced' | 'omitted';
  readonly fields?: readonly string[];
}

export interface VerdictReplay {
  /** True when the rules, re-run on the events, give exactly the claimed verdict. */
  readonly reproduced: boolean;
  readonly findings: readonly FindingReplay[];
  /** Differences outside the findings (primary, parties, asOf, …), or why no re-run was possible. */
  readonly problems: readonly string[];
}

/**
 * Re-runs the rulebook on `events` as of the claimed verdict's `asOf` (and incident) and compares
 * the outcome with the claim, canonically (RFC 8785), so that key order does not matter but every
 * value does: a finding removed from, added to or edited in the claim is named.
 */
export function replayVerdict(claimed: Verdict, events: readonly LedgerEvent[]): VerdictReplay {
  if (claimed.rulesVersion !== RULES_VERSION) {
    return {
      reproduced: false,
      findings: [],
      problems: [
        `the verdict was computed under rules ${claimed.rulesVersion}; these are rules ${RULES_VERSION}`,
      ],
    };
  }
  const asOf = Date.parse(claimed.asOf);
  const outcome = computeVerdict(claimed.engagementId, events, {
    asOf,
    ...(claimed.incidentId === null ? {} : { incidentId: claimed.incidentId }),
  });
  if (!outcome.ok) {
    return { reproduced: false, findings: [], problems: [outcome.message] };
  }
  const recomputed = outcome.verdict;
  // The usual case, cheaply: the same document, down to its key order.
  if (JSON.stringify(claimed) === JSON.stringify(recomputed)) {
    return {
      reproduced: true,
      findings: claimed.findings.map((finding) => replayOf(finding, 'confirmed')),
      problems: [],
    };
  }

  const problems: string[] = [];
  for (const field of [
    'engagementId',
    'incidentId',
    'asOf',
    'rulesVersion',
    'primary',
    'parties',
  ] as const) {
    if (canonical(claimed[field]) !== canonical(recomputed[field])) {
      problems.push(
        `${field}: the verdict says ${canonical(claimed[field])}, the rules give ${canonical(recomputed[field])}`,
      );
    }
  }

  const remaining = new Map<string, Finding[]>();
  for (const finding of recomputed.findings) {
    const key = findingKey(finding);
    remaining.set(key, [...(remaining.get(key) ?? []), finding]);
  }
  const findings: FindingReplay[] = claimed.findings.map((finding) => {
    const candidates = remaining.get(findingKey(finding)) ?? [];
    const exact = candidates.findIndex((c) => canonical(c) === canonical(finding));
    const match = exact >= 0 ? exact : candidates.length > 0 ? 0 : -1;
    if (match < 0) return replayOf(finding, 'not-reproduced');
    const [other] = candidates.splice(match, 1);
    if (exact >= 0) return replayOf(finding, 'confirmed');
    return replayOf(finding, 'differs', differingFields(finding, other!));
  });
  for (const left of remaining.values()) {
    for (const finding of left) findings.push(replayOf(finding, 'omitted'));
  }
  if (claimed.findings.length !== recomputed.findings.length && problems.length === 0) {
    problems.push(
      `the verdict claims ${claimed.findings.length} findings, the rules give ${recomputed.findings.length}`,
    );
  }
  const reproduced =
    problems.length === 0 &&
    findings.every((f) => f.status === 'confirmed') &&
    canonical(claimed) === canonical(recomputed);
  if (!reproduced && problems.length === 0 && findings.every((f) => f.status === 'confirmed')) {
    problems.push('the findings are in another order than the rules give');
  }
  return { reproduced, findings, problems };
}

function findingKey(finding: Finding): string {
  return JSON.stringify([
    finding.code,
    finding.party,
    finding.subject?.kind,
    finding.subject?.id,
    finding.dueAt,
  ]);
}

function differingFields(claimed: Finding, recomputed: Finding): string[] {
  const fields = new Set([...Object.keys(claimed), ...Object.keys(recomputed)]);
  return [...fields]
    .filter(
      (field) =>
        canonical((claimed as unknown as Record<string, unknown>)[field]) !==
        canonical((recomputed as unknown as Record<string, unknown>)[field]),
    )
    .sort();
}

function replayOf(
  finding: Finding,
  status: FindingReplay['status'],
  fields?: readonly string[],
): FindingReplay {
  return {
    code: finding.code,
    party: finding.party,
    subject: { kind: finding.subject?.kind, id: finding.subject?.id },
    summary: finding.summary,
    status,
    ...(fields ? { fields } : {}),
  };
}

function canonical(value: unknown): string {
  return canonicalize(value) ?? 'undefined';
}
