import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { parseId } from '../core/node-id';
import { runMutation } from '../core/run-mutation';
import { removeCustomerRelationship } from './customer-relationship.service';
import { acceptCustomerInvitation, inviteCustomer } from './customer-invitation.service';
import { acceptRelationshipRequest, requestCustomerRelationship } from './multi-partner.service';
import {
  AcceptCustomerInvitationInput,
  AcceptRelationshipRequestInput,
  AcceptRelationshipRequestPayload,
  CustomerRelationshipPayload,
  InviteCustomerInput,
  RelationshipRequestPayload,
  RemoveCustomerRelationshipInput,
  RequestCustomerRelationshipInput,
} from './relationship-request.payloads';

@Resolver()
export class CustomerMutationResolver {
  @Mutation(() => RelationshipRequestPayload, {
    description:
      'R-19: as an indirect reseller, invite a customer by email to authorize relationships with you and one of your indirect providers at once (a personal link, single use, valid 30 days, returned once and emailed). Needs an ACTIVE partnership with that provider (RESELLER_NOT_PARTNERED) and R-04. GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT.',
  })
  inviteCustomer(
    @Arg('input', () => InviteCustomerInput, {
      description: 'Whom to invite, with which provider.',
    })
    input: InviteCustomerInput,
    @Ctx() ctx: RequestContext,
  ) {
    const indirectProviderId = parseId(
      input.indirectProviderId,
      'Partner',
      'input.indirectProviderId',
    );
    return runMutation(
      ctx,
      {
        operation: 'inviteCustomer',
        roles: Capability.MANAGE_CUSTOMERS,
        organizationTypes: ['PARTNER'],
      },
      RelationshipRequestPayload,
      async (w) => {
        const sent = await inviteCustomer(w, {
          indirectProviderId,
          recipientEmail: input.recipientEmail,
          message: input.message?.trim() || null,
          delegatedAdmin: input.delegatedAdmin,
        });
        return { relationshipRequest: sent.request, invitationLink: sent.invitationLink };
      },
    );
  }

  @Mutation(() => AcceptRelationshipRequestPayload, {
    description:
      "R-19: as a customer admin, accept a reseller's invitation: your organization gets a relationship with the reseller and one with its indirect provider in one step. Expired, used or unknown links: INVITATION_INVALID; the partnership, R-04 and R-09 are checked again now.",
  })
  acceptCustomerInvitation(
    @Arg('input', () => AcceptCustomerInvitationInput, {
      description: 'The link token and your consent.',
    })
    input: AcceptCustomerInvitationInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(
      ctx,
      {
        operation: 'acceptCustomerInvitation',
        roles: Capability.CUSTOMER_ADMINISTRATION,
        organizationTypes: ['CUSTOMER'],
      },
      AcceptRelationshipRequestPayload,
      async (w) => {
        const accepted = await acceptCustomerInvitation(w, input.token);
        return {
          relationshipRequest: accepted.request,
          customer: accepted.customer,
          relationships: accepted.relationships,
        };
      },
    );
  }

  @Mutation(() => RelationshipRequestPayload, {
    description:
      'R-20 (multi-partner): ask an existing customer, named by its tenant domain, for a reseller relationship and/or delegated admin privileges; a link is emailed to its administrator. Any partner that can transact (R-04). GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT.',
  })
  requestCustomerRelationship(
    @Arg('input', () => RequestCustomerRelationshipInput, { description: 'What to ask whom.' })
    input: RequestCustomerRelationshipInput,
    @Ctx() ctx: RequestContext,
  ) {
    if (!input.resellerRelationship && !input.delegatedAdmin) {
      throw badUserInput(
        'input.resellerRelationship',
        'Ask for resellerRelationship, delegatedAdmin or both.',
      );
    }
    return runMutation(
      ctx,
      {
        operation: 'requestCustomerRelationship',
        roles: Capability.MANAGE_CUSTOMERS,
        organizationTypes: ['PARTNER'],
      },
      RelationshipRequestPayload,
      async (w) => {
        const sent = await requestCustomerRelationship(w, {
          customerTenantDomain: input.customerTenantDomain.toLowerCase(),
          recipientEmail: input.recipientEmail,
          message: input.message?.trim() || null,
          resellerRelationship: input.resellerRelationship,
          delegatedAdmin: input.delegatedAdmin,
        });
        return { relationshipRequest: sent.request, invitationLink: sent.invitationLink };
      },
    );
  }

  @Mutation(() => AcceptRelationshipRequestPayload, {
    description:
      "R-20: as a customer admin, accept a partner's relationship request addressed to your organization. Your existing subscriptions and other partners do not change (R-21). Expired, used, unknown or another tenant's links: INVITATION_INVALID.",
  })
  acceptRelationshipRequest(
    @Arg('input', () => AcceptRelationshipRequestInput, {
      description: 'The link token and your consent.',
    })
    input: AcceptRelationshipRequestInput,
    @Ctx() ctx: RequestContext,
  ) {
    return runMutation(
      ctx,
      {
        operation: 'acceptRelationshipRequest',
        roles: Capability.CUSTOMER_ADMINISTRATION,
        organizationTypes: ['CUSTOMER'],
      },
      AcceptRelationshipRequestPayload,
      async (w) => {
        const accepted = await acceptRelationshipRequest(w, input.token);
        return {
          relationshipRequest: accepted.request,
          customer: accepted.customer,
          relationships: [accepted.relationship],
        };
      },
    );
  }

  @Mutation(() => CustomerRelationshipPayload, {
    description:
      "R-20: remove a partner's delegated admin privileges and/or reseller relationship: as the customer's admin, or as the partner ending its own (GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT). A reseller relationship whose partner still bills ACTIVE subscriptions of the customer stays: ACTIVE_SUBSCRIPTIONS_EXIST. No subscription changes (R-21).",
  })
  removeCustomerRelationship(
    @Arg('input', () => RemoveCustomerRelationshipInput, {
      description: 'The relationship and what to remove.',
    })
    input: RemoveCustomerRelationshipInput,
    @Ctx() ctx: RequestContext,
  ) {
    const relationshipId = parseId(
      input.relationshipId,
      'CustomerRelationship',
      'input.relationshipId',
    );
    if (!input.delegatedAdmin && !input.resellerRelationship) {
      throw badUserInput(
        'input.delegatedAdmin',
        'Remove delegatedAdmin, resellerRelationship or both.',
      );
    }
    return runMutation(
      ctx,
      {
        operation: 'removeCustomerRelationship',
        roles: [...Capability.MANAGE_CUSTOMERS, ...Capability.CUSTOMER_ADMINISTRATION],
        organizationTypes: ['PARTNER', 'CUSTOMER'],
      },
      CustomerRelationshipPayload,
      async (w) => ({
        relationship: await removeCustomerRelationship(w, {
          relationshipId,
          delegatedAdmin: input.delegatedAdmin,
          resellerRelationship: input.resellerRelationship,
        }),
      }),
    );
  }
}
