import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { NotFoundError, RecordingError } from '@onus/ledger';
import type { FastifyReply } from 'fastify';

/** Request bodies larger than this are refused with a 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** interfaces.md: every error is `{statusCode, error, message, details?}`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ReadonlyArray<{ path: string; reason: string }>;
  /** With a 409 on an expected revision: the stream's current revision. */
  currentRevision?: number;
  /** With a recording refusal: the rule that refused it. */
  rule?: string;
}

export class ApiError extends HttpException {
  constructor(
    body: ErrorBody,
    /** Sent with the error, e.g. `retry-after` on a 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body, body.statusCode);
  }
}

export function errorBody(
  statusCode: number,
  message: string,
  details?: ErrorBody['details'],
): ErrorBody {
  const error = (HttpStatus[statusCode] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  return { statusCode, error, message, ...(details && details.length > 0 ? { details } : {}) };
}

/**
 * One error shape for every route. Bad input is a 4xx that says what and where; anything else
 * is a 500 that says nothing of the inside (no stack, no SQL), and is logged.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (exception instanceof ApiError) {
      for (const [name, value] of Object.entries(exception.headers)) void reply.header(name, value);
    }
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof RecordingError) {
      return {
        ...errorBody(exception.status, exception.message, exception.details),
        rule: exception.rule,
        ...(exception.currentRevision !== undefined
          ? { currentRevision: exception.currentRevision }
          : {}),
      };
    }
    // An engagement or incident the ledger does not know (as of the time asked about).
    if (exception instanceof NotFoundError) {
      return { ...errorBody(404, exception.message), rule: exception.reason };
    }
    if (exception instanceof ApiError) return exception.getResponse() as ErrorBody;
    // Nest hands Fastify's body-limit refusal on as its own exception; name the limit either way.
    if (exception instanceof HttpException && exception.getStatus() === 413)
      return errorBody(413, describeFastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }));
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const inner =
        typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = typeof inner === 'string' ? inner : exception.message;
      return errorBody(exception.getStatus(), message);
    }
    // Fastify's own errors (unparseable JSON, body too large, wrong content type) carry a 4xx.
    const fastify = exception as { statusCode?: unknown; message?: unknown; code?: unknown };
    if (
      typeof fastify.statusCode === 'number' &&
      fastify.statusCode >= 400 &&
      fastify.statusCode < 500
    ) {
      return errorBody(fastify.statusCode, describeFastifyError(fastify));
    }
    return errorBody(500, 'internal error');
  }
}

function describeFastifyError(error: { message?: unknown; code?: unknown }): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `body: not valid JSON (${typeof error.message === 'string' ? error.message : 'unparseable'})`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `body: larger than the ${BODY_LIMIT_BYTES} bytes this server accepts; send fewer events per request`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'content-type: send application/json (or application/x-ndjson to an ingest route)';
    default:
      return typeof error.message === 'string' ? error.message : 'bad request';
  }
}
