import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['operator', 'recorder', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The parties a recorder key may record as; `operator` is the operator role's own party. */
export const RECORDER_PARTIES = ['client', 'mssp', 'third_party'] as const;
export type RecorderParty = (typeof RECORDER_PARTIES)[number];

export const ENGAGEMENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** What a key lets its holder do. `engagements: 'all'` only for operators and auditors. */
export interface KeyGrant {
  readonly actor: string;
  readonly role: Role;
  /** Recorders only: the party every event they record is recorded as. */
  readonly party?: RecorderParty;
  readonly engagements: readonly string[] | 'all';
}

export interface ApiKeyRecord extends KeyGrant {
  readonly id: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

const PREFIX = 'onus_';
/** 32 random bytes: 256 bits, so no guessing and no dictionary to run a slow KDF against. */
const SECRET_BYTES = 32;

export interface IssuedSecret {
  readonly id: string;
  /** The whole key as the caller presents it; shown once, never stored. */
  readonly key: string;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export function issueSecret(): IssuedSecret {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const salt = randomBytes(16);
  return { id, key: `${PREFIX}${id}_${secret}`, salt, hash: hashSecret(salt, secret) };
}

/** The id and secret of a presented key, or undefined when it is not shaped like one. */
export function parseKey(presented: string): { id: string; secret: string } | undefined {
  const match = /^onus_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(presented);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/**
 * HMAC-SHA256 of the secret under the key's own salt. A slow KDF (scrypt, argon2) protects
 * low-entropy passwords against guessing; a 256-bit random secret cannot be guessed, and a
 * fast hash keeps the per-request check to microseconds.
 */
export function hashSecret(salt: Buffer, secret: string): Buffer {
  return createHmac('sha256', salt).update(secret).digest();
}

/**
 * Whether two secrets are the same, in a time that depends on their length only (as
 * `timingSafeEqual`, without a buffer per call): for a secret already checked against its hash.
 */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export function secretMatches(salt: Buffer, secret: string, stored: Buffer): boolean {
  const computed = hashSecret(salt, secret);
  return computed.length === stored.length && timingSafeEqual(computed, stored);
}

/** Why a grant is not a valid one, by field; empty when it is. */
export function grantProblems(grant: {
  actor?: unknown;
  role?: unknown;
  party?: unknown;
  engagements?: unknown;
}): { path: string; reason: string }[] {
  const problems: { path: string; reason: string }[] = [];
  const { actor, role, party, engagements } = grant;
  if (typeof actor !== 'string' || actor.trim().length === 0 || actor.length > 128)
    problems.push({ path: 'actor', reason: 'must be a name of 1 to 128 characters' });
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    problems.push({ path: 'role', reason: `must be one of ${ROLES.join(', ')}` });
    return problems;
  }
  if (role === 'recorder') {
    if (typeof party !== 'string' || !(RECORDER_PARTIES as readonly string[]).includes(party))
      problems.push({
        path: 'party',
        reason: `a recorder records as one of ${RECORDER_PARTIES.join(', ')}`,
      });
  } else if (party !== undefined) {
    problems.push({ path: 'party', reason: `only a recorder key has a party, not ${role}` });
  }
  if (role === 'operator') {
    if (engagements !== undefined && engagements !== 'all')
      problems.push({ path: 'engagements', reason: 'an operator key covers every engagement' });
  } else if (engagements === 'all') {
    if (role === 'recorder')
      problems.push({
        path: 'engagements',
        reason: 'a recorder key names its engagements; one for all would write into any client',
      });
  } else if (
    !Array.isArray(engagements) ||
    engagements.length === 0 ||
    !engagements.every((e) => typeof e === 'string' && ENGAGEMENT_ID_PATTERN.test(e))
  ) {
    problems.push({
      path: 'engagements',
      reason: 'must be a non-empty list of engagement ids ([A-Za-z0-9._-]{1,64})',
    });
  }
  return problems;
}

/** Whether the key may see the engagement at all (isolation: anything else answers 404). */
export function coversEngagement(grant: KeyGrant, engagementId: string): boolean {
  return grant.engagements === 'all' || grant.engagements.includes(engagementId);
}
