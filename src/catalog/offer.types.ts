import { ArgsType, Field } from 'type-graphql';
import { connectionTypes } from '../graphql/connection';
import { PageArgs } from '../graphql/pagination';
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
