import { RuleViolation, UserErrorCode } from '../core/user-error';
import { PartnerKind } from './partner-kind';
import { PartnerStatus } from './partner-status';
import { Partner } from './partner.entity';

/**
 * a partner transacts (relationships, customers, orders) only when ACTIVE and after a
 * GLOBAL_ADMIN accepted the partner agreement. Checked at the time of the transaction.
 */
export function assertCanTransact(partner: Partner, field: string | null = null): void {
  assertActive(partner, field);
  if (!partner.agreementAcceptedAt) {
    throw new RuleViolation(
      UserErrorCode.AGREEMENT_NOT_ACCEPTED,
      `${partner.name} has not accepted the partner agreement; a GLOBAL_ADMIN must accept it first.`,
      field,
    );
  }
}

/**
 * R-04 (first half): the partner's enrollment was approved and it is not suspended:
 * otherwise PARTNER_NOT_ACTIVE. Also what accepting the agreement and becoming a provider
 * require.
 */
export function assertActive(partner: Partner, field: string | null = null): void {
  if (partner.status !== PartnerStatus.ACTIVE) {
    throw new RuleViolation(
      UserErrorCode.PARTNER_NOT_ACTIVE,
      `${partner.name} is not an active partner (status ${partner.status}).`,
      field,
    );
  }
}

/** only providers and direct-bill partners transact; a reseller's provider does it for it. */
export function assertTransactingKind(partner: Partner): void {
  if (partner.kind === PartnerKind.INDIRECT_RESELLER) {
    throw new RuleViolation(
      UserErrorCode.RESELLER_CANNOT_TRANSACT,
      'An indirect reseller cannot place orders itself; its indirect provider does so on its behalf.',
    );
  }
}
