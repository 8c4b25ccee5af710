import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { searchText } from '../core/filters';
import { parseOptionalId } from '../core/node-id';
import { PageArgs, toPageRequest } from '../core/pagination';
import { UserConnection } from '../identity/user.types';
import { organizationUsers } from '../identity/user.reads';
import { Customer } from './customer.entity';
import { customerPartners, listCustomers } from './customer.reads';
import {
  CustomerConnection,
  CustomerListArgs,
  CustomerPartnerConnection,
  CustomerPartnersArgs,
} from './customer.types';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => CustomerConnection, {
    description:
      'Customers you can see (R-30): those your organization has an active relationship with or serves on a subscription; a customer admin sees its own tenant; the vendor all.',
  })
  customers(@Args() args: CustomerListArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    const req = toPageRequest(args);
    const indirectResellerId = parseOptionalId(
      args.indirectResellerId,
      'Partner',
      'indirectResellerId',
    );
    return listCustomers(ctx, { indirectResellerId, search: searchText(args.search) }, req);
  }

  @FieldResolver(() => CustomerPartnerConnection, {
    description:
      "The customer's partners with each relationship (multi-partner, R-20), as far as you can see them.",
  })
  partners(
    @Root() customer: Customer,
    @Args() args: CustomerPartnersArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return customerPartners(ctx, customer.id, args.includeRemoved, toPageRequest(args));
  }

  @FieldResolver(() => UserConnection, {
    description: "The customer's users; visible to its own users and the vendor only.",
  })
  users(@Root() customer: Customer, @Args() args: PageArgs, @Ctx() ctx: RequestContext) {
    return organizationUsers(ctx, customer.id, toPageRequest(args));
  }
}
