import type { WriteContext } from '../core/unit-of-work';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Partner } from '../partners/partner.entity';
import { assertCanTransact } from '../partners/partner.policy';
import { CustomerRelationship, RelationshipOrigin } from './customer-relationship.entity';
import { grantRelationship } from './customer-relationship.service';
import { Customer } from './customer.entity';
import { assertSellsInCustomerRegion, assertTenantIsNotAPartner } from './customer.policy';
import { ownPartner } from './own-partner';
import { RelationshipRequest, RelationshipRequestKind } from './relationship-request.entity';
import {
  auditAcceptance,
  claimRelationshipRequest,
  sendRelationshipRequest,
  type SentRelationshipRequest,
} from './relationship-request.service';

export interface RelationshipRequestCommand {
  /** `<prefix>.onmicrosoft.com`, lower case. */
  customerTenantDomain: string;
  recipientEmail: string;
  message: string | null;
  resellerRelationship: boolean;
  delegatedAdmin: boolean;
}

function privileges(p: { resellerRelationship: boolean; delegatedAdmin: boolean }): string {
  return [
    p.resellerRelationship ? 'a reseller relationship' : null,
    p.delegatedAdmin ? 'delegated admin privileges' : null,
  ]
    .filter(Boolean)
    .join(' and ');
}

/**
 * R-20 (multi-partner): any partner that can transact asks an existing customer, named
 * by its tenant domain, for a reseller relationship and/or delegated admin privileges. The
 * partner cannot see the customer, so the answer tells only what the tenant domain
 * itself does: NOT_FOUND when no customer has it, PARTNER_CANNOT_BE_CUSTOMER when a partner
 * does, ALREADY_EXISTS when the partner's own relationship already has everything asked.
 * The customer's region is checked when the customer answers, not here, so that a
 * partner learns nothing about a customer that has not accepted it.
 */
export async function requestCustomerRelationship(
  w: WriteContext,
  command: RelationshipRequestCommand,
): Promise<SentRelationshipRequest> {
  const partner = await ownPartner(w);
  assertCanTransact(partner);
  const field = 'input.customerTenantDomain';
  await assertTenantIsNotAPartner(w, command.customerTenantDomain, field);
  const customer = await w.manager.findOne(Customer, {
    where: { tenantDomain: command.customerTenantDomain },
  });
  if (!customer) {
    throw new RuleViolation(
      UserErrorCode.NOT_FOUND,
      `No customer tenant has the domain ${command.customerTenantDomain}.`,
      field,
    );
  }
  const current = await w.manager.findOne(CustomerRelationship, {
    where: { customerId: customer.id, partnerId: partner.id, liveKey: 1 },
  });
  if (
    current &&
    (!command.resellerRelationship || current.resellerRelationship) &&
    (!command.delegatedAdmin || current.delegatedAdmin)
  ) {
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      'Your relationship with this customer already has the privileges you ask for.',
      field,
    );
  }
  const asked = privileges(command);
  return sendRelationshipRequest(w, {
    kind: RelationshipRequestKind.RELATIONSHIP_REQUEST,
    partner,
    indirectProvider: null,
    customerId: customer.id,
    recipientEmail: command.recipientEmail,
    message:
      command.message ??
      `${partner.name} would like to work with you as a Cloud Solution Provider.`,
    resellerRelationship: command.resellerRelationship,
    delegatedAdmin: command.delegatedAdmin,
    ask: `${partner.name} asks your organization for ${asked}. Your subscriptions and your other partners stay as they are.`,
  });
}

export interface RelationshipRequestAcceptance {
  request: RelationshipRequest;
  customer: Customer;
  relationship: CustomerRelationship;
}

/**
 * the customer admin accepts a relationship request addressed to its tenant: the partner
 * gets the privileges asked for, in a new relationship or added to its existing one. The
 * partner must still be able to transact and, for a reseller relationship, sell in the
 * customer's region. R-21: no subscription is read or changed.
 */
export async function acceptRelationshipRequest(
  w: WriteContext,
  token: string,
): Promise<RelationshipRequestAcceptance> {
  const request = await claimRelationshipRequest(
    w,
    token,
    RelationshipRequestKind.RELATIONSHIP_REQUEST,
  );
  const customer = await w.manager.findOneOrFail(Customer, {
    where: { id: w.viewer.organizationId },
  });
  const partner = await w.manager.findOneOrFail(Partner, { where: { id: request.partnerId } });
  assertCanTransact(partner);
  if (request.resellerRelationship) {
    await assertSellsInCustomerRegion(w, partner, customer.countryCode, null);
  }
  const relationship = await grantRelationship(w, {
    customerId: customer.id,
    partnerId: partner.id,
    resellerRelationship: request.resellerRelationship,
    delegatedAdmin: request.delegatedAdmin,
    origin: RelationshipOrigin.RELATIONSHIP_REQUEST,
  });
  await auditAcceptance(w, request);
  return { request, customer, relationship };
}
