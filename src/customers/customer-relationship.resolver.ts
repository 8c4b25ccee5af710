import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { loadPartner } from '../partners/partner.loaders';
import { loadCustomer } from './customer.loaders';
import { Partner } from '../partners/partner.entity';
import { CustomerRelationship } from './customer-relationship.entity';
import { Customer } from './customer.entity';
import { toPageRequest } from '../core/pagination';
import { RelationshipRequest } from './relationship-request.entity';
import { listRelationshipRequests, previewRelationshipRequest } from './relationship-request.reads';
import {
  RelationshipRequestConnection,
  RelationshipRequestListArgs,
  RelationshipRequestPreview,
} from './relationship-request.types';

@Resolver(() => CustomerRelationship)
export class CustomerRelationshipResolver {
  @FieldResolver(() => Customer, { nullable: true, description: 'The customer.' })
  customer(@Root() relationship: CustomerRelationship, @Ctx() ctx: RequestContext) {
    return loadCustomer(ctx, relationship.customerId);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The partner.' })
  partner(@Root() relationship: CustomerRelationship, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, relationship.partnerId);
  }
}

@Resolver(() => RelationshipRequest)
export class RelationshipRequestResolver {
  @Query(() => RelationshipRequestConnection, {
    description:
      'Customer invitations (R-19) and relationship requests (R-20) you can see (R-30): a partner those it sent and invitations naming it as indirect provider; a customer admin those addressed to its tenant (an invitation once accepted); the vendor all.',
  })
  relationshipRequests(@Args() args: RelationshipRequestListArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    return listRelationshipRequests(
      ctx,
      { kind: args.kind ?? undefined, status: args.status ?? undefined },
      toPageRequest(args),
    );
  }

  @Query(() => RelationshipRequestPreview, {
    nullable: true,
    description:
      'For a customer admin who opened an emailed link: what it asks, before consenting (R-19, R-20). The token is the capability; null unless the link is PENDING, unexpired and yours to accept (an invitation not yet accepted, or a request addressed to your tenant). Null for partners and the vendor.',
  })
  relationshipRequestPreview(
    @Arg('token', { description: 'The token of the emailed link (`?token=...`).' }) token: string,
    @Ctx() ctx: RequestContext,
  ) {
    return previewRelationshipRequest(ctx, token);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The partner asking.' })
  partner(@Root() request: RelationshipRequest, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, request.partnerId);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description: 'R-19: the indirect provider the customer authorizes together with the reseller.',
  })
  indirectProvider(@Root() request: RelationshipRequest, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, request.indirectProviderId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer asked, once known.' })
  customer(@Root() request: RelationshipRequest, @Ctx() ctx: RequestContext) {
    return loadCustomer(ctx, request.customerId);
  }
}
