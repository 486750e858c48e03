import {
  type Area,
  type EngagementAmendedData,
  type EngagementContractedData,
  type ObligedParty,
  type Scope,
  type Service,
  type Sla,
} from '../events/event-catalogue';

/** The engagement's terms at one moment: the contract with every amendment in force merged in. */
export interface Terms {
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly services: readonly Service[];
  readonly scope: Scope;
  readonly sla: Sla & Required<Pick<Sla, SlaDefaulted>>;
  readonly responsibilities: Partial<Record<Area, ObligedParty>>;
}

type SlaDefaulted =
  | 'minimumCoverageRatio'
  | 'coverageReportMaxDays'
  | 'gapReportDays'
  | 'testNoticeLeadHours'
  | 'recordingToleranceMinutes';

/** events.md's defaults for the SLA terms a contract may leave out. */
export const SLA_DEFAULTS: Readonly<Record<SlaDefaulted, number>> = {
  minimumCoverageRatio: 0.9,
  coverageReportMaxDays: 31,
  gapReportDays: 7,
  testNoticeLeadHours: 24,
  recordingToleranceMinutes: 10,
};

type Json = { [key: string]: unknown };

/** Key by key; objects recursively, arrays and scalars replace (events.md, EngagementAmended). */
export function mergeTerms<T extends Json>(base: T, amendment: Json): T {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(amendment)) {
    const current = out[key];
    out[key] = isObject(value) && isObject(current) ? mergeTerms(current, value) : value;
  }
  return out as T;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const AMENDABLE = ['services', 'scope', 'sla', 'responsibilities', 'endsAt'] as const;

export function contractTerms(data: EngagementContractedData): Terms {
  return {
    startsAt: data.startsAt,
    ...(data.endsAt ? { endsAt: data.endsAt } : {}),
    services: data.services,
    scope: data.scope,
    sla: { ...SLA_DEFAULTS, ...data.sla },
    responsibilities: data.responsibilities ?? {},
  };
}

export function amendTerms(terms: Terms, data: EngagementAmendedData): Terms {
  const amendment: Json = {};
  for (const key of AMENDABLE) if (data[key] !== undefined) amendment[key] = data[key];
  return mergeTerms(terms as unknown as Json, amendment) as unknown as Terms;
}

/** Who owns an area under these terms: the contract's mapping, else events.md's default. */
export function ownerOf(area: Area, terms: Terms): ObligedParty {
  const mapped = terms.responsibilities[area];
  if (mapped) return mapped;
  switch (area) {
    case 'alert_monitoring':
    case 'client_notification':
    case 'request_response':
    case 'sensor_placement':
    case 'coverage_verification':
      return 'mssp';
    case 'notification_acknowledgement':
    case 'test_notification':
    case 'sensor_installation':
    case 'remediation':
      return 'client';
    case 'test_conduct':
      return 'third_party';
    case 'incident_response':
      return terms.services.includes('incident_response') ? 'mssp' : 'client';
  }
}
