import type { WriteContext } from '../core/unit-of-work';
import { snapshot } from '../core/audit-log';
import { Partner } from './partner.entity';
import { lockOwnPartner } from './partner-locks';
import { assertActive } from './partner.policy';

/**
 * a GLOBAL_ADMIN accepts the partner agreement for its organization, once the vendor
 * approved the enrollment (R-03: PARTNER_NOT_ACTIVE before). Accepting again changes nothing
 * and records nothing.
 */
export async function acceptPartnerAgreement(w: WriteContext): Promise<Partner> {
  const partner = await lockOwnPartner(w);
  if (partner.agreementAcceptedAt) return partner;
  assertActive(partner);
  const before = snapshot(partner, ['agreementAcceptedAt']);
  partner.agreementAcceptedAt = w.now;
  partner.agreementAcceptedByUserId = w.viewer.userId;
  partner.updatedAt = w.now;
  await w.manager.update(
    Partner,
    { id: partner.id },
    {
      agreementAcceptedAt: partner.agreementAcceptedAt,
      agreementAcceptedByUserId: partner.agreementAcceptedByUserId,
      updatedAt: w.now,
    },
  );
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: before,
    newValue: snapshot(partner, ['agreementAcceptedAt', 'agreementAcceptedByUserId']),
    organizations: [],
  });
  return partner;
}
