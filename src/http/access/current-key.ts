import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type ApiKeyRecord } from '@onus/access';
import { type Caller } from '@onus/ledger';
import type { FastifyRequest } from 'fastify';

/** The API key the request authenticated with; only on routes that are not public. */
export const CurrentKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): ApiKeyRecord => {
    const key = context.switchToHttp().getRequest<FastifyRequest>().onusKey;
    // The guard sets it on every route that is not public; a handler asking on a public route is a bug.
    if (!key) throw new Error('CurrentKey on a route without an authenticated key');
    return key;
  },
);

/**
 * Who records, by the key: a recorder as its bound party, an operator as `operator`. No key
 * makes an operator-import caller: that stays with `onus import`, run by whoever holds the files.
 */
export function callerOf(key: ApiKeyRecord): Caller {
  switch (key.role) {
    case 'recorder':
      return { kind: 'recorder', party: key.party! };
    case 'operator':
      return { kind: 'recorder', party: 'operator' };
    case 'auditor':
      // Routes that record admit no auditor; reaching here is a rule that says otherwise.
      throw new Error('an auditor key records nothing');
  }
}
