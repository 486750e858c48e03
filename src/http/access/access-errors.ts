import { coversEngagement, type KeyGrant } from '@onus/access';
import { ApiError, errorBody } from '../error-body';

/**
 * The 404 for an engagement outside the key. Every engagement outside it, whether in the
 * ledger or not, gets this same body, so the answer says nothing of what exists.
 */
export function engagementOutsideKey(engagementId: string, path = 'engagementId'): ApiError {
  return new ApiError({
    ...errorBody(404, `engagement ${engagementId} is not in the ledger`, [
      { path, reason: 'no such engagement' },
    ]),
    rule: 'ENGAGEMENT_UNKNOWN',
  });
}

export function assertCovers(key: KeyGrant, engagementId: string, path?: string): void {
  if (!coversEngagement(key, engagementId)) throw engagementOutsideKey(engagementId, path);
}
