import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { PARTIES, type Party } from '@onus/domain';
import { type Caller } from '@onus/ledger';
import type { FastifyRequest } from 'fastify';
import { ApiError, errorBody } from './error-body';

export const PARTY_HEADER = 'x-onus-party';

/**
 * Who is calling. Until API keys exist (the security issue), the caller states its party in the
 * `X-Onus-Party` header; the party of every event it records comes from there, never from the
 * body. API keys will bind the party to a credential instead.
 */
export const CurrentCaller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Caller => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const value = request.headers[PARTY_HEADER];
    if (typeof value !== 'string' || !(PARTIES as readonly string[]).includes(value)) {
      throw new ApiError(
        errorBody(401, `${PARTY_HEADER}: say which party you record as: ${PARTIES.join(', ')}`, [
          {
            path: `headers.${PARTY_HEADER}`,
            reason: value === undefined ? 'is required' : `must be one of ${PARTIES.join(', ')}`,
          },
        ]),
      );
    }
    return { kind: 'recorder', party: value as Party };
  },
);
