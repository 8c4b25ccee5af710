import type { WriteContext } from '../core/unit-of-work';
import { Partner } from '../partners/partner.entity';
import { assertCanTransact } from '../partners/partner.policy';
import { CustomerRelationship, RelationshipOrigin } from './customer-relationship.entity';
import { grantRelationship } from './customer-relationship.service';
import { ownPartner } from './own-partner';
import { Customer } from './customer.entity';
import { assertSellsInCustomerRegion, assertResellerPartnered } from './customer.policy';
import { RelationshipRequest, RelationshipRequestKind } from './relationship-request.entity';
import {
  auditAcceptance,
  claimRelationshipRequest,
  sendRelationshipRequest,
  type SentRelationshipRequest,
} from './relationship-request.service';

export interface CustomerInvitationCommand {
  indirectProviderId: number;
  recipientEmail: string;
  message: string | null;
  delegatedAdmin: boolean;
}

const NOT_PARTNERED =
  'Only an indirect reseller with an ACTIVE partnership with this indirect provider can invite customers for it.';

/**
 * an indirect reseller invites a customer, by email, to authorize relationships with the
 * reseller and one of its indirect providers at once. The reseller must be able to transact
 * and have an ACTIVE partnership with that provider (RESELLER_NOT_PARTNERED, also for a
 * caller that is not a reseller of it and for an unknown provider ID).
 */
export async function inviteCustomer(
  w: WriteContext,
  command: CustomerInvitationCommand,
): Promise<SentRelationshipRequest> {
  const reseller = await ownPartner(w);
  assertCanTransact(reseller);
  const field = 'input.indirectProviderId';
  await assertResellerPartnered(w, command.indirectProviderId, reseller.id, field, NOT_PARTNERED);
  const provider = await w.manager.findOneOrFail(Partner, {
    where: { id: command.indirectProviderId },
  });
  assertCanTransact(provider, field);
  return sendRelationshipRequest(w, {
    kind: RelationshipRequestKind.CUSTOMER_INVITATION,
    partner: reseller,
    indirectProvider: provider,
    customerId: null,
    recipientEmail: command.recipientEmail,
    message:
      command.message ??
      `${reseller.name} would like to be your Cloud Solution Provider reseller, with ${provider.name} as its indirect provider.`,
    resellerRelationship: true,
    delegatedAdmin: command.delegatedAdmin,
    ask: `${reseller.name} asks you to authorize a reseller relationship${command.delegatedAdmin ? ' with delegated admin privileges' : ''} with it, and a reseller relationship with its indirect provider ${provider.name}.`,
  });
}

export interface InvitationAcceptance {
  request: RelationshipRequest;
  customer: Customer;
  relationships: CustomerRelationship[];
}

/**
 * a customer admin accepts an invitation: in one step the customer gets a relationship
 * with the reseller (reseller relationship, plus delegated admin when the invitation asked for
 * it) and one with the indirect provider (reseller relationship only: R-24 needs it to place
 * orders; administration stays with the reseller). Everything is checked again now: both
 * partners can transact, their partnership is still ACTIVE (RESELLER_NOT_PARTNERED)
 * and both sell in the customer's region.
 */
export async function acceptCustomerInvitation(
  w: WriteContext,
  token: string,
): Promise<InvitationAcceptance> {
  const request = await claimRelationshipRequest(
    w,
    token,
    RelationshipRequestKind.CUSTOMER_INVITATION,
  );
  const customer = await w.manager.findOneOrFail(Customer, {
    where: { id: w.viewer.organizationId },
  });
  const providerId = request.indirectProviderId!;
  await assertResellerPartnered(
    w,
    providerId,
    request.partnerId,
    null,
    'The reseller no longer has an ACTIVE partnership with the indirect provider named in this invitation.',
  );
  const reseller = await w.manager.findOneOrFail(Partner, { where: { id: request.partnerId } });
  const provider = await w.manager.findOneOrFail(Partner, { where: { id: providerId } });
  for (const partner of [reseller, provider]) {
    assertCanTransact(partner);
    await assertSellsInCustomerRegion(w, partner, customer.countryCode, null);
  }
  const relationships = [
    await grantRelationship(w, {
      customerId: customer.id,
      partnerId: reseller.id,
      resellerRelationship: true,
      delegatedAdmin: request.delegatedAdmin,
      origin: RelationshipOrigin.CUSTOMER_INVITATION,
    }),
    await grantRelationship(w, {
      customerId: customer.id,
      partnerId: provider.id,
      resellerRelationship: true,
      delegatedAdmin: false,
      origin: RelationshipOrigin.CUSTOMER_INVITATION,
    }),
  ];
  await auditAcceptance(w, request);
  return { request, customer, relationships };
}
