import type { WriteContext } from '../core/unit-of-work';
import type { Partner } from '../partners/partner.entity';
import { lockOwnPartner } from '../partners/partner-locks';

/**
 * The caller's partner organization, share-locked: R-04 is checked on it at the time of the
 * transaction, a concurrent suspension waits for this transaction, and the partner's own
 * concurrent customer operations do not queue behind each other.
 */
export function ownPartner(w: WriteContext): Promise<Partner> {
  return lockOwnPartner(w, 'share');
}
