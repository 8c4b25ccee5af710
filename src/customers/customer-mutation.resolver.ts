import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Capability } from '../access/capabilities';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { parseId, parseOptionalId } from '../core/node-id';
import { assertAllowed, runMutation, type MutationOptions } from '../core/run-mutation';
import { addCustomer, type AddCustomerCommand } from './add-customer.service';
import { removeCustomerRelationship } from './customer-relationship.service';
import { acceptCustomerInvitation, inviteCustomer } from './customer-invitation.service';
import { AddCustomerInput, AddCustomerPayload } from './customer.payloads';
import { newTemporaryPassword } from './temporary-password';
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

/** IDs parsed and text tidied before anything is written (BAD_USER_INPUT names the field). */
function toAddCustomerCommand(input: AddCustomerInput): AddCustomerCommand {
  return {
    companyName: input.companyName.trim(),
    countryCode: input.countryCode,
    tenantDomain: `${input.tenantDomainPrefix.toLowerCase()}.onmicrosoft.com`,
    address: {
      line1: input.address.line1.trim(),
      line2: input.address.line2?.trim() || null,
      city: input.address.city.trim(),
      region: input.address.region?.trim() || null,
      postalCode: input.address.postalCode?.trim() || null,
    },
    companyContact: {
      name: input.companyContact.name.trim(),
      email: input.companyContact.email,
      phone: input.companyContact.phone?.trim() || null,
    },
    culture: input.culture,
    indirectResellerId:
      parseOptionalId(input.indirectResellerId, 'Partner', 'input.indirectResellerId') ?? null,
    subscriptions: (input.subscriptions ?? []).map((line, i) => {
      const field = `input.subscriptions.${i}`;
      return {
        offerId: parseId(line.offerId, 'Offer', `${field}.offerId`),
        quantity: line.quantity,
        partnerOfRecordId:
          parseOptionalId(line.partnerOfRecordId, 'Partner', `${field}.partnerOfRecordId`) ?? null,
        supportContactId:
          parseOptionalId(line.supportContactId, 'Partner', `${field}.supportContactId`) ?? null,
        friendlyName: line.friendlyName?.trim() || null,
        field,
      };
    }),
    idempotencyKey: input.idempotencyKey?.toLowerCase() ?? null,
  };
}

@Resolver()
export class CustomerMutationResolver {
  @Mutation(() => AddCustomerPayload, {
    description:
      "R-15..R-18: add a customer tenant as a transacting partner (indirect provider or direct-bill; R-04 PARTNER_NOT_ACTIVE / AGREEMENT_NOT_ACCEPTED, an indirect reseller gets RESELLER_CANNOT_TRANSACT). The customer must be in your region (R-09: CUSTOMER_OUT_OF_REGION) and not a partner (R-18: PARTNER_CANNOT_BE_CUSTOMER); a taken tenant domain is ALREADY_EXISTS. You get an ACTIVE relationship with reseller relationship and delegated admin; a designated reseller (R-15) gets one with delegated admin. The admin's user name and temporary password are returned once (R-17). First subscriptions are ordered in the same all-or-nothing operation (R-16). GLOBAL_ADMIN, ADMIN_AGENT or SALES_AGENT.",
  })
  async addCustomer(
    @Arg('input', () => AddCustomerInput, { description: 'The customer to add.' })
    input: AddCustomerInput,
    @Ctx() ctx: RequestContext,
  ) {
    const command = toAddCustomerCommand(input);
    const options: MutationOptions = {
      operation: 'addCustomer',
      roles: Capability.MANAGE_CUSTOMERS,
      organizationTypes: ['PARTNER'],
    };
    assertAllowed(ctx.requireViewer(), options);
    // Hashed outside the transaction, which then holds no lock (nor SQLite's gate) during scrypt,
    // and only for callers the role gate lets through.
    const password = await newTemporaryPassword();
    return runMutation(ctx, options, AddCustomerPayload, (w) => addCustomer(w, command, password));
  }

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
