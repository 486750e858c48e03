import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ApiKeyRecord, ApiKeyStore } from '@onus/access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from '../error-body';
import { METRICS, type OnusMetrics } from '../metrics.module';
import { ACCESS_RULE, type AccessRule } from './access-rule';
import { engagementOutsideKey } from './access-errors';
import { RateLimit } from './rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key the request authenticated with (set by AccessGuard). */
    onusKey?: ApiKeyRecord;
  }
}

type FailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown'
  | 'revoked'
  | 'forbidden'
  | 'other_engagement'
  | 'no_rule';

/**
 * Authenticates the API key of every request, applies the route's access rule, then counts the
 * request against the key's rate limit (the client address's on a public route). A route with
 * no rule is refused: forgetting one closes the route rather than opening it. One synchronous
 * guard: each guard Nest awaits, and each promise, shows in the cost of an append.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeyStore) private readonly keys: ApiKeyStore,
    @Inject(METRICS) private readonly metrics: OnusMetrics,
    @Inject(RateLimit) private readonly limit: RateLimit,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    if (!rule) {
      this.refused(request, 'no_rule');
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no access rule: refused`,
      );
      throw new ApiError(errorBody(403, 'this route declares no access rule'));
    }
    if (rule.public) return this.counted(`ip:${request.ip}`);

    const key = this.authenticate(request, http.getResponse<FastifyReply>());
    if (
      !rule.roles.includes(key.role) ||
      (key.role === 'recorder' && rule.parties && !rule.parties.includes(key.party!))
    ) {
      this.refused(request, 'forbidden', key.id);
      const who = key.role === 'recorder' ? `a ${key.party} recorder` : `an ${key.role}`;
      throw new ApiError(
        errorBody(403, `your key (${who}) may not ${request.method} ${routeOf(request)}`),
      );
    }
    if (typeof rule.engagement === 'object') {
      const engagementId = (request.params as Record<string, string | undefined>)[
        rule.engagement.param
      ];
      if (
        engagementId === undefined ||
        (key.engagements !== 'all' && !key.engagements.includes(engagementId))
      ) {
        this.refused(request, 'other_engagement', key.id);
        throw engagementOutsideKey(engagementId ?? '', rule.engagement.param);
      }
    }
    return this.counted(`key:${key.id}`);
  }

  /** Counts the request; past the caller's limit, a 429 that says when to come back. */
  private counted(caller: string): true {
    const wait = this.limit.hit(caller);
    if (wait === undefined) return true;
    throw new ApiError(
      errorBody(
        429,
        `rate limit: more than ${this.limit.perMinute} requests a minute ${caller.startsWith('key:') ? 'with this key' : 'from this address'}; retry after the Retry-After seconds`,
      ),
      { 'retry-after': String(wait) },
    );
  }

  private authenticate(request: FastifyRequest, reply: FastifyReply): ApiKeyRecord {
    const header = request.headers.authorization;
    const unauthorised = (reason: FailureReason, message: string, keyId?: string): ApiError => {
      this.refused(request, reason, keyId);
      void reply.header('www-authenticate', 'Bearer realm="onus"');
      return new ApiError(
        errorBody(401, message, [{ path: 'headers.authorization', reason: message }]),
      );
    };
    if (header === undefined || header === '')
      throw unauthorised('missing', 'send an API key: Authorization: Bearer onus_…');
    const match = /^Bearer +(\S+)$/i.exec(header);
    if (!match) throw unauthorised('malformed', 'must be "Bearer " followed by an API key');
    const result = this.keys.authenticate(match[1]!);
    if (!result.ok) {
      // The key id (never the secret) helps an operator see which key is failing.
      const keyId = /^onus_([0-9a-f]{16})_/.exec(match[1]!)?.[1];
      throw unauthorised(
        result.reason,
        result.reason === 'revoked' ? 'this API key is revoked' : 'not a valid API key',
        keyId,
      );
    }
    request.onusKey = result.key;
    return result.key;
  }

  private refused(request: FastifyRequest, reason: FailureReason, keyId?: string): void {
    this.metrics.authFailures.inc({ reason });
    // The path as called (which engagement), without the query; the key's id, never its secret.
    this.logger.warn(
      `refused ${request.method} ${request.url.split('?')[0]} from ${request.ip}: ${reason}${keyId ? ` (key ${keyId})` : ''}`,
    );
  }
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0]!;
}
