import type { Customer } from '../customers/customer.entity';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { regionCatalog } from '../regions/region-catalog';
import type { Offer } from './offer.entity';

/**
 * an offer can be ordered only while the vendor still sells it and only in the CSP
 * regions it is sold in; the customer's region is decided by its country (R-07).
 * `offerRegions` are the offer's region codes.
 */
export function assertOfferSoldTo(
  offer: Offer,
  offerRegions: readonly string[],
  customer: Pick<Customer, 'countryCode' | 'name'>,
  field: string,
): void {
  if (!offer.available) {
    throw new RuleViolation(
      UserErrorCode.OFFER_NOT_AVAILABLE,
      `${offer.name} can no longer be ordered.`,
      field,
    );
  }
  const region = regionCatalog.regionOfCountry(customer.countryCode);
  if (!region || !offerRegions.includes(region.code)) {
    throw new RuleViolation(
      UserErrorCode.OFFER_NOT_AVAILABLE,
      `${offer.name} is not sold in ${customer.name}'s CSP region (${region?.name ?? 'none'}).`,
      field,
    );
  }
}

/** a quantity, ordered or changed, stays within the offer's bounds. */
export function assertQuantityWithinBounds(offer: Offer, quantity: number, field: string): void {
  if (quantity < offer.minQuantity || quantity > offer.maxQuantity) {
    throw new RuleViolation(
      UserErrorCode.INVALID_QUANTITY,
      `${offer.name} is sold in quantities from ${offer.minQuantity} to ${offer.maxQuantity} ${offer.licenseUnit.toLowerCase()}; ${quantity} is outside.`,
      field,
    );
  }
}
