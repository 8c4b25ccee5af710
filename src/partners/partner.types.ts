import type { FieldColumns } from '../core/selected-columns';
import { ArgsType, Field } from 'type-graphql';
import { connectionTypes } from '../core/connection';
import { PageArgs } from '../core/pagination';
import { PartnerKind } from './partner-kind';
import { PartnerStatus } from './partner-status';
import { Partner } from './partner.entity';

export const { Connection: PartnerConnection } = connectionTypes(
  'Partner',
  Partner,
  'A page of partners.',
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
