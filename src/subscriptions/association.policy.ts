import type { WriteContext } from '../core/unit-of-work';
import {
  CustomerRelationship,
  CustomerRelationshipStatus,
} from '../customers/customer-relationship.entity';
import { sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Organization } from '../organizations/organization.entity';
import { PartnerKind } from '../partners/partner-kind';
import { PartnerStatus } from '../partners/partner-status';
import { Partner } from '../partners/partner.entity';
import { findActivePartnership } from '../partnerships/partnership.policy';
import { readRows } from '../db/locked-reads';

/** Which association of a subscription a reseller is designated for. */
export type ResellerAssociation = 'partner of record' | 'support contact';

function notAssociated(message: string, field: string): RuleViolation {
  return new RuleViolation(UserErrorCode.RESELLER_NOT_ASSOCIATED, message, field);
}

/**
 * R-25 (partner of record) and R-26 (support contact), in one place: the reseller must be an
 * ACTIVE indirect reseller that accepted the partner agreement, have an ACTIVE partnership with
 * the subscription's billing provider and an active relationship (of any kind) with the
 * customer. Checked at the time of the transaction, on rows read with shared locks, so a
 * partnership revoked yesterday blocks today's order and one revoked concurrently waits. The
 * partnership comes from the partnerships domain's guard (`findActivePartnership`).
 *
 * The partnership is checked first: until it exists the billing partner cannot see the
 * reseller, so an unknown ID, a provider's ID and an unrelated reseller's ID all get the
 * same answer, which names nobody.
 */
export async function assertResellerAssociated(
  w: WriteContext,
  args: {
    resellerId: number;
    billingPartnerId: number | null;
    customerId: number;
    association: ResellerAssociation;
    field: string;
  },
): Promise<Partner> {
  const { resellerId, billingPartnerId, customerId, association, field } = args;
  const partnership =
    billingPartnerId === null ? null : await findActivePartnership(w, billingPartnerId, resellerId);
  if (!partnership) {
    throw notAssociated(
      `The ${association} must be an indirect reseller with an active partnership with the subscription's indirect provider (R-${association === 'partner of record' ? 25 : 26}).`,
      field,
    );
  }
  const [reseller] = await readRows(w, Organization, sql`x.id = ${resellerId}`, 'share');
  if (
    !(reseller instanceof Partner) ||
    reseller.kind !== PartnerKind.INDIRECT_RESELLER ||
    reseller.status !== PartnerStatus.ACTIVE
  ) {
    throw notAssociated(
      `The ${association} must be an active indirect reseller; ${reseller?.name ?? 'this partner'} is not.`,
      field,
    );
  }
  if (!reseller.agreementAcceptedAt) {
    throw notAssociated(
      `${reseller.name} has not accepted the partner agreement, so it cannot be ${association}.`,
      field,
    );
  }
  const [relationship] = await readRows(
    w,
    CustomerRelationship,
    sql`x.customer_id = ${customerId} AND x.partner_id = ${resellerId}
        AND x.status = ${CustomerRelationshipStatus.ACTIVE}`,
    'share',
  );
  if (!relationship) {
    throw notAssociated(
      `${reseller.name} has no relationship with this customer, so it cannot be ${association}.`,
      field,
    );
  }
  return reseller;
}
