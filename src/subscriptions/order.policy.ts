import type { WriteContext } from '../core/unit-of-work';
import {
  CustomerRelationship,
  CustomerRelationshipStatus,
} from '../customers/customer-relationship.entity';
import { Customer } from '../customers/customer.entity';
import { sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { organizationById } from '../organizations/organization.loaders';
import { Partner } from '../partners/partner.entity';
import { assertCanTransact, assertTransactingKind } from '../partners/partner.policy';
import { findVisibleForWrite } from '../access/visible-for-write';
import { readRows } from '../db/locked-reads';
import { lockOwnPartner } from '../partners/partner-locks';

/** The caller's own partner organization, share-locked (see lockOwnPartner). */
export function readOwnPartner(w: WriteContext): Promise<Partner> {
  return lockOwnPartner(w, 'share');
}

/**
 * R-24 (who orders): the caller's partner, which must be a transacting partner (an indirect
 * provider or a direct-bill partner: RESELLER_CANNOT_TRANSACT for an indirect reseller) that may
 * transact now (R-04: PARTNER_NOT_ACTIVE, AGREEMENT_NOT_ACCEPTED).
 */
export async function loadTransactingPartner(w: WriteContext): Promise<Partner> {
  const partner = await readOwnPartner(w);
  assertTransactingKind(partner);
  assertCanTransact(partner);
  return partner;
}

/**
 * R-24 (for whom): a customer the transacting partner may order for, i.e. one with which it has
 * an ACTIVE reseller relationship (read with a shared lock, so a concurrent removal waits). A
 * customer the caller cannot see is NOT_FOUND, exactly like an unknown one; one it sees
 * only through delegated admin or a subscription is NO_CUSTOMER_RELATIONSHIP.
 */
export async function loadCustomerToOrderFor(
  w: WriteContext,
  partner: Partner,
  customerId: number,
  field: string,
): Promise<Customer> {
  const customer = await findVisibleForWrite(w, organizationById, customerId);
  if (!(customer instanceof Customer)) {
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such customer.', field);
  }
  const [relationship] = await readRows(
    w,
    CustomerRelationship,
    sql`x.customer_id = ${customer.id} AND x.partner_id = ${partner.id}
        AND x.status = ${CustomerRelationshipStatus.ACTIVE} AND x.reseller_relationship = ${true}`,
    'share',
  );
  if (!relationship) {
    throw new RuleViolation(
      UserErrorCode.NO_CUSTOMER_RELATIONSHIP,
      `${partner.name} has no active reseller relationship with ${customer.name}; ask the customer for one first.`,
      field,
    );
  }
  return customer;
}
