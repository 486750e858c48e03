import { SetMetadata } from '@nestjs/common';
import { type RecorderParty, ROLES, type Role } from '@onus/access';

/**
 * Who may call a route: the one place each route says so. A handler without a rule is refused
 * (the guard fails closed), and the authorisation matrix test fails for it.
 */
export type AccessRule =
  | { readonly public: true; /** Why anyone may call it. */ readonly because: string }
  | {
      readonly public?: false;
      readonly roles: readonly Role[];
      /** Recorder keys of these parties only (other roles are unaffected). */
      readonly parties?: readonly RecorderParty[];
      /**
       * Where the engagement is named: a path parameter the guard checks against the key (404
       * outside it), `in-handler` when only the handler can know it (a body, a stored event),
       * or `none` for a route that concerns no engagement.
       */
      readonly engagement: { readonly param: string } | 'in-handler' | 'none';
    };

export const ACCESS_RULE = Symbol('onus:access-rule');

export const Access = (rule: AccessRule): MethodDecorator => SetMetadata(ACCESS_RULE, rule);

/** Anyone, without a key. */
export const PUBLIC = (because: string): AccessRule => ({ public: true, because });

/** Operator keys only. */
export const OPERATORS: AccessRule = { roles: ['operator'], engagement: 'none' };

/** Every role, for the engagement the path names. */
export const readersOf = (param: string): AccessRule => ({ roles: ROLES, engagement: { param } });

/** Every role; the handler checks the engagement of what it finds. */
export const READERS_CHECKED_IN_HANDLER: AccessRule = { roles: ROLES, engagement: 'in-handler' };

/** Operators and recorders; the handler checks the engagement of each event in the body. */
export const RECORDERS_CHECKED_IN_HANDLER: AccessRule = {
  roles: ['operator', 'recorder'],
  engagement: 'in-handler',
};
