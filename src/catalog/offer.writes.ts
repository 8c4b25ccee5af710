import type { WriteContext } from '../core/unit-of-work';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { OfferRegion } from './offer-region.entity';
import { Offer } from './offer.entity';

export interface OfferWithRegions {
  offer: Offer;
  regionCodes: string[];
}

/**
 * An offer and its regions as a write sees them; the catalog is public, so an unknown ID is
 * simply NOT_FOUND.
 */
export async function findOfferForWrite(
  w: WriteContext,
  offerId: number,
  field: string,
): Promise<OfferWithRegions> {
  const offer = await w.manager.findOne(Offer, { where: { id: offerId } });
  if (!offer) throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such offer.', field);
  const regions = await w.manager.find(OfferRegion, { where: { offerId } });
  return { offer, regionCodes: regions.map((r) => r.regionCode) };
}
