import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { parseId } from '../core/node-id';
import { runMutation } from '../core/run-mutation';
import {
  AcceptPartnershipInvitationInput,
  EndPartnershipInput,
  PartnershipPayload,
  ReactivatePartnershipInput,
  RemoveProviderAdminAccessInput,
  RequestPartnershipInput,
  RequestPartnershipPayload,
  SuspendPartnershipInput,
} from './partnership.payloads';
import {
  acceptPartnershipInvitation,
  endPartnership,
  removeProviderAdminAccess,
  requestPartnership,
} from './partnership.service';
import { reactivatePartnership, suspendPartnership } from './vendor-suspension.service';

const PARTNER_RELATIONSHIPS = {
  roles: Capability.MANAGE_PARTNER_RELATIONSHIPS,
  organizationTypes: ['PARTNER'],
} as const;

const VENDOR = { roles: Capability.VENDOR_OPERATIONS, organizationTypes: ['VENDOR'] } as const;

@Resolver()
export class PartnershipMutationResolver {
  @Mutation(() => RequestPartnershipPayload, {
    description:
      "R-10: as an indirect provider (GLOBAL_ADMIN or ADMIN_AGENT), ask an indirect reseller for a partnership. Emails your message with a personal single-use link, valid 30 days, and returns it once. Refusals: FORBIDDEN (not an indirect provider), PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04), NOT_AN_INDIRECT_RESELLER (R-14), REGION_MISMATCH (R-08: you are not authorized in the reseller's CSP region), ALREADY_EXISTS (R-13: a live partnership or a pending request exists; an expired request is replaced).",
  })
  requestPartnership(
    @Arg('input', () => RequestPartnershipInput, { description: 'Whom to ask, and how.' })
    input: RequestPartnershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(
      ctx,
      { operation: 'requestPartnership', ...PARTNER_RELATIONSHIPS },
      RequestPartnershipPayload,
      (w) => requestPartnership(w, input),
    );
  }

  @Mutation(() => PartnershipPayload, {
    description:
      'R-11, R-12: as a GLOBAL_ADMIN or ADMIN_AGENT of the invited reseller, accept a partnership request ("Authorize indirect provider"). The partnership becomes ACTIVE and the provider gets admin access to your work account. Refusals: INVITATION_INVALID (expired, used, unknown or meant for another organization), PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED (R-04, either side), NOT_AN_INDIRECT_RESELLER (R-14), REGION_MISMATCH (R-08), all checked at acceptance time.',
  })
  acceptPartnershipInvitation(
    @Arg('input', () => AcceptPartnershipInvitationInput, {
      description: 'The token from the link, and your consent.',
    })
    input: AcceptPartnershipInvitationInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(
      ctx,
      { operation: 'acceptPartnershipInvitation', ...PARTNER_RELATIONSHIPS },
      PartnershipPayload,
      async (w) => ({ partnership: await acceptPartnershipInvitation(w, input.token) }),
    );
  }

  @Mutation(() => PartnershipPayload, {
    description:
      "R-12: as the reseller (GLOBAL_ADMIN or ADMIN_AGENT), remove your provider's admin access to your work account. The partnership stays as it is. Refusals: NOT_FOUND (not your partnership), FORBIDDEN (you are its provider), INVALID_STATE (not ACTIVE or SUSPENDED).",
  })
  removeProviderAdminAccess(
    @Arg('input', () => RemoveProviderAdminAccessInput, { description: 'Which partnership.' })
    input: RemoveProviderAdminAccessInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnershipId = parseId(input.partnershipId, 'Partnership', 'input.partnershipId');
    return runMutation(
      ctx,
      { operation: 'removeProviderAdminAccess', ...PARTNER_RELATIONSHIPS },
      PartnershipPayload,
      async (w) => ({ partnership: await removeProviderAdminAccess(w, partnershipId) }),
    );
  }

  @Mutation(() => PartnershipPayload, {
    description:
      'R-13: as either side (GLOBAL_ADMIN or ADMIN_AGENT), end a partnership: it becomes REVOKED and the pair may partner again later. Withdraws (provider) or declines (reseller) a pending request too. Existing subscriptions are not changed. Refusals: NOT_FOUND (not your partnership), INVALID_STATE (already REVOKED).',
  })
  endPartnership(
    @Arg('input', () => EndPartnershipInput, { description: 'Which partnership.' })
    input: EndPartnershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnershipId = parseId(input.partnershipId, 'Partnership', 'input.partnershipId');
    return runMutation(
      ctx,
      { operation: 'endPartnership', ...PARTNER_RELATIONSHIPS },
      PartnershipPayload,
      async (w) => ({ partnership: await endPartnership(w, partnershipId) }),
    );
  }

  @Mutation(() => PartnershipPayload, {
    description:
      'R-10 (vendor, VENDOR_ADMIN): suspend an ACTIVE partnership. While SUSPENDED it does not count as an active partnership for any rule. Refusals: NOT_FOUND, INVALID_STATE (not ACTIVE).',
  })
  suspendPartnership(
    @Arg('input', () => SuspendPartnershipInput, { description: 'Which partnership, and why.' })
    input: SuspendPartnershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnershipId = parseId(input.partnershipId, 'Partnership', 'input.partnershipId');
    return runMutation(
      ctx,
      { operation: 'suspendPartnership', ...VENDOR },
      PartnershipPayload,
      async (w) => ({
        partnership: await suspendPartnership(w, partnershipId, input.reason ?? null),
      }),
    );
  }

  @Mutation(() => PartnershipPayload, {
    description:
      "R-10 (vendor, VENDOR_ADMIN): reactivate a SUSPENDED partnership. Refusals: NOT_FOUND, INVALID_STATE (not SUSPENDED, or one of its partners is suspended: reinstate the partner instead). An INVITED partnership becomes ACTIVE only by the reseller's acceptance.",
  })
  reactivatePartnership(
    @Arg('input', () => ReactivatePartnershipInput, { description: 'Which partnership.' })
    input: ReactivatePartnershipInput,
    @Ctx() ctx: RequestContext,
  ) {
    const partnershipId = parseId(input.partnershipId, 'Partnership', 'input.partnershipId');
    return runMutation(
      ctx,
      { operation: 'reactivatePartnership', ...VENDOR },
      PartnershipPayload,
      async (w) => ({ partnership: await reactivatePartnership(w, partnershipId) }),
    );
  }
}
