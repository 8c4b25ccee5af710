import { ArgsType, Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { Partner } from '../partners/partner.entity';
import { PartnershipState } from './partnership-state';
import { Partnership } from './partnership.entity';

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
export class PartnershipListArgs extends PageArgs {
  @Field(() => PartnershipState, {
    nullable: true,
    description: 'Only partnerships in this state.',
  })
  state?: PartnershipState | null;
}
