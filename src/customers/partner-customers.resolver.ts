import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { parseOptionalId } from '../core/node-id';
import { toPageRequest } from '../core/pagination';
import type { RequestContext } from '../core/request-context';
import { connectionNodeColumns } from '../core/selected-columns';
import { Partner } from '../partners/partner.entity';
import { CUSTOMER_NODE_COLUMNS, CustomerConnection, PartnerCustomersArgs } from './customer.types';
import { partnerCustomers } from './partner-customers.reads';

/** `Partner.customers`: the customers side of a partner. */
@Resolver(() => Partner)
export class PartnerCustomersResolver {
  @FieldResolver(() => CustomerConnection, {
    description:
      'Customers this partner has an active relationship with, as far as you can see them (R-22: filter by indirect reseller).',
  })
  customers(
    @Root() partner: Partner,
    @Args() args: PartnerCustomersArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const resellerId = parseOptionalId(args.indirectResellerId, 'Partner', 'indirectResellerId');
    return partnerCustomers(
      ctx,
      partner.id,
      resellerId,
      toPageRequest(args),
      connectionNodeColumns(info, CUSTOMER_NODE_COLUMNS),
    );
  }
}
