import type { FieldColumns } from '../core/selected-columns';
import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { PartnershipState } from '../partnerships/partnership-state';
import { Partnership } from '../partnerships/partnership.entity';
import { PartnerKind } from './partner-kind';
import { PartnerStatus } from './partner-status';
import { Partner } from './partner.entity';

export const { Connection: PartnerConnection } = connectionTypes(
  'Partner',
  Partner,
  'A page of partners.',
);

@ObjectType('PartnershipPartnerEdge', {
  description: 'A partner reached through a partnership, with the partnership itself.',
  simpleResolvers: true,
})
export class PartnershipPartnerEdge {
  @Field({ description: 'Opaque cursor of this edge; pass it as `after` or `before`.' })
  cursor: string;

  @Field(() => Partner, { description: 'The partner on the other side of the partnership.' })
  node: Partner;

  @Field(() => Partnership, {
    description: 'The partnership: state, dates, provider admin access.',
  })
  partnership: Partnership;
}

export const { Connection: PartnershipPartnerConnection } = connectionTypes(
  'PartnershipPartner',
  Partner,
  'A page of partners reached through partnerships (indirect resellers of a provider, indirect providers of a reseller).',
  PartnershipPartnerEdge,
);

@ArgsType()
export class PartnerListArgs extends PageArgs {
  @Field(() => PartnerKind, { nullable: true, description: 'Only partners of this kind.' })
  kind?: PartnerKind | null;

  @Field(() => PartnerStatus, {
    nullable: true,
    description:
      "Only partners in this enrollment status (R-03); the vendor's review queue is `PENDING_REVIEW`.",
  })
  status?: PartnerStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only partners whose name contains this text (case-insensitive).',
  })
  search?: string | null;
}

@ArgsType()
export class PartnershipListArgs extends PageArgs {
  @Field(() => PartnershipState, {
    nullable: true,
    description: 'Only partnerships in this state.',
  })
  state?: PartnershipState | null;
}

@ArgsType()
export class PartnerCustomersArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description:
      'Only customers that this indirect reseller also has an active relationship with (R-22): a provider filtering by reseller, or a reseller listing the customers it shares with a provider.',
  })
  indirectResellerId?: string | null;
}

/**
 * Partner fields a list can serve from a narrowed row (connectionNodeColumns), with the
 * columns their resolvers read; any other field selected fetches the whole row.
 */
export const PARTNER_NODE_COLUMNS: FieldColumns = {
  id: [],
  name: ['name'],
  customers: [],
  indirectResellers: [],
  indirectProviders: [],
  subscriptions: [],
};
