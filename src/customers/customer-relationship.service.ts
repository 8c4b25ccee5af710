import type { WriteContext } from '../core/unit-of-work';
import { toGlobalId } from '../core/node-id';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import {
  CustomerRelationship,
  CustomerRelationshipStatus,
  type RelationshipOrigin,
} from './customer-relationship.entity';
import { assertNoActiveBilledSubscriptions } from './customer.policy';
import { findLocked } from '../db/locked-reads';

export interface RelationshipGrant {
  customerId: number;
  partnerId: number;
  resellerRelationship: boolean;
  delegatedAdmin: boolean;
  origin: RelationshipOrigin;
}

/** What the audit log keeps of a relationship. */
export function relationshipSnapshot(r: CustomerRelationship) {
  return {
    customer: toGlobalId('Customer', r.customerId),
    partner: toGlobalId('Partner', r.partnerId),
    status: r.status,
    resellerRelationship: r.resellerRelationship,
    delegatedAdmin: r.delegatedAdmin,
    origin: r.origin,
  };
}

/**
 * Gives a partner privileges with a customer: creates their live relationship,
 * or adds the privileges to the one that exists (its origin stays). Privileges are only ever
 * added here; removing them is removeCustomerRelationship. A concurrent grant for the same pair
 * loses on the unique live_key index and reruns (runMutation), then finds this one.
 */
export async function grantRelationship(
  w: WriteContext,
  grant: RelationshipGrant,
): Promise<CustomerRelationship> {
  const existing = await findLocked(
    w,
    CustomerRelationship,
    { customerId: grant.customerId, partnerId: grant.partnerId, liveKey: 1 },
    'update',
  );
  if (existing) {
    const before = relationshipSnapshot(existing);
    const resellerRelationship = existing.resellerRelationship || grant.resellerRelationship;
    const delegatedAdmin = existing.delegatedAdmin || grant.delegatedAdmin;
    if (
      resellerRelationship === existing.resellerRelationship &&
      delegatedAdmin === existing.delegatedAdmin
    ) {
      return existing;
    }
    Object.assign(existing, { resellerRelationship, delegatedAdmin, updatedAt: w.now });
    await w.manager.update(
      CustomerRelationship,
      { id: existing.id },
      { resellerRelationship, delegatedAdmin, updatedAt: w.now },
    );
    await w.audit({
      resourceType: 'CustomerRelationship',
      resourceId: existing.id,
      oldValue: before,
      newValue: relationshipSnapshot(existing),
      organizations: [existing.customerId, existing.partnerId],
    });
    return existing;
  }
  return insertRelationship(w, grant);
}

/**
 * A new live relationship, for a customer that cannot have one with this partner yet (it was
 * created in this transaction): no lookup, so concurrent additions never contend for index
 * gaps. Anywhere else use grantRelationship.
 */
export async function insertRelationship(
  w: WriteContext,
  grant: RelationshipGrant,
): Promise<CustomerRelationship> {
  const relationship = Object.assign(new CustomerRelationship(), {
    customerId: grant.customerId,
    partnerId: grant.partnerId,
    status: CustomerRelationshipStatus.ACTIVE,
    liveKey: 1,
    resellerRelationship: grant.resellerRelationship,
    delegatedAdmin: grant.delegatedAdmin,
    origin: grant.origin,
    createdAt: w.now,
    updatedAt: w.now,
    removedAt: null,
  });
  const inserted = await w.manager.insert(CustomerRelationship, relationship);
  relationship.id = inserted.identifiers[0].id as number;
  await w.audit({
    resourceType: 'CustomerRelationship',
    resourceId: relationship.id,
    newValue: relationshipSnapshot(relationship),
    organizations: [relationship.customerId, relationship.partnerId],
  });
  return relationship;
}

export interface RelationshipRemoval {
  relationshipId: number;
  /** Remove the delegated admin privileges. */
  delegatedAdmin: boolean;
  /** Remove the reseller relationship (R-20: not while the partner bills ACTIVE subscriptions). */
  resellerRelationship: boolean;
}

/**
 * the customer (or the partner itself) removes a partner's delegated admin privileges
 * and/or its reseller relationship; when neither remains the relationship is REMOVED and kept
 * as history. R-21: nothing here touches a subscription. The relationship row is locked first,
 * so the subscription check and the change see the latest state and hold until commit.
 * Only the two organizations of the relationship may see it: anything else is NOT_FOUND.
 */
export async function removeCustomerRelationship(
  w: WriteContext,
  removal: RelationshipRemoval,
): Promise<CustomerRelationship> {
  const me = w.viewer.organizationId;
  const relationship = await findLocked(
    w,
    CustomerRelationship,
    { id: removal.relationshipId },
    'update',
  );
  if (
    !relationship ||
    relationship.status !== CustomerRelationshipStatus.ACTIVE ||
    (relationship.customerId !== me && relationship.partnerId !== me)
  ) {
    throw new RuleViolation(
      UserErrorCode.NOT_FOUND,
      'No active relationship with this ID is yours to change.',
      'input.relationshipId',
    );
  }
  const dropReseller = removal.resellerRelationship && relationship.resellerRelationship;
  const dropAdmin = removal.delegatedAdmin && relationship.delegatedAdmin;
  if (!dropReseller && !dropAdmin) return relationship;
  if (dropReseller) {
    await assertNoActiveBilledSubscriptions(
      w,
      relationship.customerId,
      relationship.partnerId,
      'input.resellerRelationship',
    );
  }
  const before = relationshipSnapshot(relationship);
  const resellerRelationship = relationship.resellerRelationship && !dropReseller;
  const delegatedAdmin = relationship.delegatedAdmin && !dropAdmin;
  const ended = !resellerRelationship && !delegatedAdmin;
  const changes = {
    resellerRelationship,
    delegatedAdmin,
    updatedAt: w.now,
    ...(ended
      ? { status: CustomerRelationshipStatus.REMOVED, liveKey: null, removedAt: w.now }
      : {}),
  };
  await w.manager.update(CustomerRelationship, { id: relationship.id }, changes);
  Object.assign(relationship, changes);
  await w.audit({
    resourceType: 'CustomerRelationship',
    resourceId: relationship.id,
    oldValue: before,
    newValue: relationshipSnapshot(relationship),
    organizations: [relationship.customerId, relationship.partnerId],
  });
  return relationship;
}
