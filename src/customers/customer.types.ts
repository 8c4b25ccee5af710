import type { FieldColumns } from '../core/selected-columns';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { Partner } from '../partners/partner.entity';
import { CustomerRelationship } from './customer-relationship.entity';
import { Customer } from './customer.entity';

export const { Connection: CustomerConnection } = connectionTypes(
  'Customer',
  Customer,
  'A page of customers.',
);

@ObjectType('CustomerPartnerEdge', {
  description: 'A partner of a customer, with the relationship between them.',
  simpleResolvers: true,
})
export class CustomerPartnerEdge {
  @Field({ description: 'Opaque cursor of this edge; pass it as `after` or `before`.' })
  cursor: string;

  @Field(() => Partner, { description: 'The partner.' })
  node: Partner;

  @Field(() => CustomerRelationship, {
    description: 'The relationship: reseller relationship and/or delegated admin, since when.',
  })
  relationship: CustomerRelationship;
}

export const { Connection: CustomerPartnerConnection } = connectionTypes(
  'CustomerPartner',
  Partner,
  "A page of a customer's partners (multi-partner, R-20).",
  CustomerPartnerEdge,
);

@ArgsType()
export class CustomerListArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only customers this indirect reseller has an active relationship with (R-22).',
  })
  indirectResellerId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only customers whose name contains this text (case-insensitive).',
  })
  search?: string | null;
}

@ArgsType()
export class CustomerPartnersArgs extends PageArgs {
  @Field({ defaultValue: false, description: 'Include relationships that were removed.' })
  includeRemoved: boolean;
}

/**
 * Customer fields a list can serve from a narrowed row (connectionNodeColumns), with the
 * columns their resolvers read; any other field selected fetches the whole row.
 */
export const CUSTOMER_NODE_COLUMNS: FieldColumns = {
  id: [],
  name: ['name'],
  subscriptions: [],
};

@ArgsType()
export class PartnerCustomersArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      'Only customers that this indirect reseller also has an active relationship with (R-22): a provider filtering by reseller, or a reseller listing the customers it shares with a provider.',
  })
  indirectResellerId?: string | null;
}
