import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery } from '@nestjs/swagger';
import { normaliseTimestamp } from '@onus/domain';
import { ApiError, errorBody } from './error-body';

/** Collects every problem of a request's parameters, so that one 400 names them all. */
export class QueryProblems {
  private readonly problems: { path: string; reason: string }[] = [];

  add(path: string, reason: string): void {
    this.problems.push({ path, reason });
  }

  /** An ISO-8601 timestamp parameter as milliseconds; undefined when absent or bad (noted). */
  time(name: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const normalised = normaliseTimestamp(value);
    if (normalised) return Date.parse(normalised);
    this.add(`query.${name}`, 'must be an ISO-8601 timestamp with a time zone');
    return undefined;
  }

  /** The engagement id of the path, by the pattern of events.md. */
  engagementId(value: string): void {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(value))
      this.add('engagementId', 'must match [A-Za-z0-9._-]{1,64}');
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const message = this.problems.map((p) => `${p.path}: ${p.reason}`).join('; ');
    throw new ApiError(errorBody(400, message, this.problems));
  }
}

/** The `incidentId` and `asOf` of a verdict-shaped request, checked (a 400 names each problem). */
export function verdictQuery(
  engagementId: string,
  incidentId: string | undefined,
  asOf: string | undefined,
): { incidentId?: string; asOf?: number } {
  const problems = new QueryProblems();
  problems.engagementId(engagementId);
  const at = problems.time('asOf', asOf);
  if (incidentId !== undefined && !/^[A-Za-z0-9._:-]{1,128}$/.test(incidentId)) {
    problems.add('query.incidentId', 'must match [A-Za-z0-9._:-]{1,128}');
  }
  problems.throwIfAny();
  return {
    ...(incidentId !== undefined ? { incidentId } : {}),
    ...(at !== undefined ? { asOf: at } : {}),
  };
}

/** The OpenAPI side of {@link verdictQuery}: the path's engagement, `incidentId` and `asOf`. */
export function ApiVerdictQuery(
  asOf = 'ISO-8601 timestamp with a time zone',
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiParam({ name: 'engagementId' }),
    ApiQuery({ name: 'incidentId', required: false }),
    ApiQuery({ name: 'asOf', required: false, description: asOf }),
  );
}
