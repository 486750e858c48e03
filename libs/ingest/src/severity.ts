import {
  amendTerms,
  contractTerms,
  type LedgerEvent,
  type Severity,
  SEVERITIES,
} from '@onus/domain';
import { isObject } from './mapped-record';
import { type IngestSource, INGEST_SOURCES, isIngestSource } from './sources';

/** A source's severity values (as strings: `"2"`) to the ledger's severities. */
export type SeverityTable = Readonly<Record<string, Severity>>;

function levels(from: number, to: number, severity: Severity): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (let level = from; level <= to; level++) out[String(level)] = severity;
  return out;
}

/**
 * The default tables (docs/INGEST.md says why each row is what it is). A value missing from the
 * table is refused as an unknown severity, never guessed.
 */
export const DEFAULT_SEVERITY: Readonly<Record<IngestSource, SeverityTable>> = {
  // alert.severity: the rule's priority, 1 the most urgent; four levels onto four.
  suricata: { '1': 'critical', '2': 'high', '3': 'medium', '4': 'low' },
  // severity_id: 1 Informational … 6 Fatal; 0 Unknown and 99 Other say nothing, so are refused.
  ocsf: { '1': 'low', '2': 'low', '3': 'medium', '4': 'high', '5': 'critical', '6': 'critical' },
  // rule.level 0 … 16 (the rules classification of the Wazuh and OSSEC manuals).
  wazuh: {
    ...levels(0, 6, 'low'),
    ...levels(7, 11, 'medium'),
    ...levels(12, 14, 'high'),
    ...levels(15, 16, 'critical'),
  },
};

/** Where an engagement overrides the tables: `sla.severityMap.{source}.{value}`. */
export const SEVERITY_MAP_PATH = 'sla.severityMap';

export interface SeverityMapProblem {
  readonly path: string;
  readonly reason: string;
}

/**
 * The severity tables an engagement's terms set, over time. The table of a record is the one
 * in force when the record says its alert happened (the contract's, for an alert older than the
 * contract), so that an amendment changes new alerts only and re-ingesting an old record maps
 * it as before.
 */
export class SeverityTables {
  private constructor(
    private readonly versions: ReadonlyArray<{
      readonly from: number;
      readonly tables: Readonly<Record<IngestSource, SeverityTable>>;
    }>,
  ) {}

  /** From the engagement stream's events; problems name the bad entries of the terms. */
  static fromEngagement(
    events: readonly LedgerEvent[],
  ): { ok: true; tables: SeverityTables } | { ok: false; problems: SeverityMapProblem[] } {
    const versions: { from: number; tables: Record<IngestSource, SeverityTable> }[] = [];
    const problems: SeverityMapProblem[] = [];
    let terms: ReturnType<typeof contractTerms> | undefined;
    for (const event of events) {
      if (event.type === 'EngagementContracted') {
        terms = contractTerms(event.data);
      } else if (event.type === 'EngagementAmended' && terms) {
        terms = amendTerms(terms, event.data);
      } else continue;
      const override = (terms.sla as { severityMap?: unknown }).severityMap;
      const tables = merged(override, problems);
      versions.push({
        from: versions.length === 0 ? -Infinity : Date.parse(event.effectiveAt),
        tables,
      });
    }
    if (problems.length > 0) return { ok: false, problems };
    versions.sort((a, b) => a.from - b.from);
    return { ok: true, tables: new SeverityTables(versions) };
  }

  /** The defaults alone (no engagement override). */
  static defaults(): SeverityTables {
    return new SeverityTables([{ from: -Infinity, tables: DEFAULT_SEVERITY }]);
  }

  tableFor(source: IngestSource, occurredAt: string): SeverityTable {
    const at = Date.parse(occurredAt);
    let current = this.versions[0]!;
    for (const version of this.versions) if (version.from <= at) current = version;
    return current.tables[source];
  }
}

function merged(
  override: unknown,
  problems: SeverityMapProblem[],
): Record<IngestSource, SeverityTable> {
  const tables = { ...DEFAULT_SEVERITY };
  if (override === undefined) return tables;
  if (!isObject(override)) {
    problems.push({ path: SEVERITY_MAP_PATH, reason: 'must be an object keyed by source' });
    return tables;
  }
  for (const [source, table] of Object.entries(override)) {
    const path = `${SEVERITY_MAP_PATH}.${source}`;
    if (!isIngestSource(source)) {
      problems.push({ path, reason: `is not a source: ${INGEST_SOURCES.join(', ')}` });
      continue;
    }
    if (!isObject(table)) {
      problems.push({ path, reason: 'must be an object of source values to severities' });
      continue;
    }
    for (const [key, severity] of Object.entries(table)) {
      if (!(SEVERITIES as readonly unknown[]).includes(severity)) {
        problems.push({
          path: `${path}.${key}`,
          reason: `must be one of ${SEVERITIES.join(', ')}`,
        });
      }
    }
    tables[source] = { ...DEFAULT_SEVERITY[source], ...(table as Record<string, Severity>) };
  }
  return tables;
}
