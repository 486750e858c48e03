import { type RuleCode } from '@onus/domain';

export interface FieldProblem {
  readonly path: string;
  readonly reason: string;
}

export type RecordingRule =
  | RuleCode
  | 'INVALID_EVENT'
  | 'PARTY_FROM_CREDENTIALS'
  | 'RECORDED_AT_FROM_LEDGER'
  | 'PARTY_REQUIRED_IN_IMPORT'
  | 'EVENT_ID_CONFLICT'
  | 'WRONG_EXPECTED_REVISION';

/**
 * Why nothing was appended. `status` is the HTTP status the API answers with; the import
 * reports the same message against the line.
 */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly rule: RecordingRule,
    message: string,
    readonly details: readonly FieldProblem[] = [],
    /** With WRONG_EXPECTED_REVISION: the stream's current revision (-1: no stream). */
    readonly currentRevision?: number,
  ) {
    super(message);
  }

  /** The same error, its paths placed under a prefix such as `events[2].`. */
  within(prefix: string): RecordingError {
    return new RecordingError(
      this.status,
      this.rule,
      prefix ? `${prefix.replace(/\.$/, '')}: ${this.message}` : this.message,
      this.details.map((d) => ({ path: `${prefix}${d.path}`, reason: d.reason })),
      this.currentRevision,
    );
  }
}
