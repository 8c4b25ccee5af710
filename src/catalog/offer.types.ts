import type { FieldColumns } from '../core/selected-columns';
import { ArgsType, Field } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { ProductFamily } from './catalog-enums';
import { Offer } from './offer.entity';

export const { Connection: OfferConnection } = connectionTypes(
  'Offer',
  Offer,
  'A page of catalog offers.',
);

@ArgsType()
export class OfferListArgs extends PageArgs {
  @Field(() => ProductFamily, {
    nullable: true,
    description: 'Only offers of this product family.',
  })
  productFamily?: ProductFamily | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only offers sold in this CSP region (R-23), e.g. `EUROPE`.',
  })
  regionCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only offers whose name contains this text (case-insensitive).',
  })
  search?: string | null;

  @Field({ defaultValue: true, description: 'Only offers that can still be ordered.' })
  availableOnly: boolean;
}

/**
 * Offer fields a list can serve from a narrowed row (an offer joined into its subscriptions'
 * page), with the columns their resolvers read; any other field selected fetches the whole row.
 */
export const OFFER_NODE_COLUMNS: FieldColumns = {
  id: [],
  code: ['code'],
  name: ['name'],
  description: ['description'],
  productFamily: ['product_family'],
  billingCycle: ['billing_cycle'],
  licenseUnit: ['license_unit'],
  minQuantity: ['min_quantity'],
  maxQuantity: ['max_quantity'],
  available: ['available'],
  regions: [],
};
