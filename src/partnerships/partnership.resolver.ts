import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { toPageRequest } from '../core/pagination';
import { loadPartner } from '../partners/partner.loaders';
import { Partner } from '../partners/partner.entity';
import { invitationRecipient } from './invitation-recipient';
import { invitationStatus, PartnershipInvitationStatus } from './partnership-invitation-status';
import { PartnershipInvitation } from './partnership-invitation.entity';
import { PartnershipState } from './partnership-state';
import { Partnership } from './partnership.entity';
import { latestInvitation, listPartnershipInvitations, loadPartnership } from './partnership.reads';
import {
  PartnershipInvitationConnection,
  PartnershipInvitationListArgs,
} from './partnership.types';

@Resolver(() => Partnership)
export class PartnershipResolver {
  @FieldResolver(() => Partner, { nullable: true, description: 'The indirect provider.' })
  provider(@Root() partnership: Partnership, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, partnership.providerId);
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The indirect reseller.' })
  reseller(@Root() partnership: Partnership, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, partnership.resellerId);
  }

  @FieldResolver(() => PartnershipInvitation, {
    nullable: true,
    description: 'The latest partnership request emailed for this partnership (R-10).',
  })
  invitation(@Root() partnership: Partnership, @Ctx() ctx: RequestContext) {
    return latestInvitation(ctx, partnership.id);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description:
      'The side that ended the partnership (R-13), or withdrew or declined the request; null while it is live.',
  })
  endedBy(@Root() partnership: Partnership, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, partnership.endedByOrganizationId);
  }

  @FieldResolver(() => Partner, {
    nullable: true,
    description:
      'While SUSPENDED because the vendor suspended one of its partners, that partner: reinstating it reactivates the partnership. Null when the vendor suspended the partnership itself, or when it is not suspended.',
  })
  suspendedBecauseOf(@Root() partnership: Partnership, @Ctx() ctx: RequestContext) {
    return loadPartner(ctx, partnership.suspendedByPartnerId);
  }

  @Query(() => PartnershipInvitationConnection, {
    description:
      'Partnership requests your organization received (as an indirect reseller: accept them with `acceptPartnershipInvitation`) or sent (as an indirect provider); the vendor sees all (R-30). Tokens are never readable.',
  })
  partnershipInvitations(@Args() args: PartnershipInvitationListArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    return listPartnershipInvitations(ctx, args.status ?? undefined, toPageRequest(args));
  }
}

@Resolver(() => PartnershipInvitation)
export class PartnershipInvitationResolver {
  @FieldResolver(() => Partnership, {
    nullable: true,
    description: 'The partnership it asks to establish.',
  })
  partnership(@Root() invitation: PartnershipInvitation, @Ctx() ctx: RequestContext) {
    return loadPartnership(ctx, invitation.partnershipId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Where the request was emailed. Null for the provider when it went to the reseller's primary contact and the partnership has never been ACTIVE (R-30: contacts appear once it is or was).",
  })
  recipientEmail(@Root() invitation: PartnershipInvitation, @Ctx() ctx: RequestContext) {
    return invitationRecipient(ctx, invitation);
  }

  @FieldResolver(() => PartnershipInvitationStatus, {
    description:
      'PENDING, USED, EXPIRED or WITHDRAWN, derived from the dates and the partnership (R-10, R-11).',
  })
  async status(
    @Root() invitation: PartnershipInvitation,
    @Ctx() ctx: RequestContext,
  ): Promise<PartnershipInvitationStatus> {
    // Visible with its partnership, so the partnership loads; INVITED is the safe default.
    const partnership = await loadPartnership(ctx, invitation.partnershipId);
    return invitationStatus(invitation, partnership?.state ?? PartnershipState.INVITED, new Date());
  }
}
