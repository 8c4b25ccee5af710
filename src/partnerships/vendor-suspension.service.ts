import type { WriteContext } from '../core/unit-of-work';
import { snapshot } from '../core/audit-log';
import { runSql, sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { PartnerStatus } from '../partners/partner-status';
import { Partner } from '../partners/partner.entity';
import { readRows } from '../db/locked-reads';
import { lockPartner, lockPartners } from '../partners/partner-locks';
import { lockPartnership } from './partnership-locks';
import { PartnershipState } from './partnership-state';
import { Partnership } from './partnership.entity';
import { assertPartnershipState } from './partnership.policy';
import { partnershipSnapshot, updatePartnership } from './partnership.service';

/*
 * the vendor moves partnerships between ACTIVE and SUSPENDED, one at a time or all of a
 * partner's at once when it suspends the partner. Locks follow the domain's order:
 * organizations (ascending id), then partnerships.
 */

function notFound(field: string, what: string): RuleViolation {
  return new RuleViolation(UserErrorCode.NOT_FOUND, `No such ${what}.`, field);
}

async function auditPartnership(
  w: WriteContext,
  partnership: Partnership,
  before: unknown,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await w.audit({
    resourceType: 'Partnership',
    resourceId: partnership.id,
    oldValue: before,
    newValue: { ...partnershipSnapshot(partnership), ...extra },
    organizations: [partnership.providerId, partnership.resellerId],
  });
}

/** The vendor suspends an ACTIVE partnership; it no longer counts as active for any rule. */
export async function suspendPartnership(
  w: WriteContext,
  partnershipId: number,
  reason: string | null,
): Promise<Partnership> {
  const partnership = await lockPartnership(w, partnershipId);
  if (!partnership) throw notFound('input.partnershipId', 'partnership');
  assertPartnershipState(partnership, [PartnershipState.ACTIVE], 'suspend');
  const before = partnershipSnapshot(partnership);
  await updatePartnership(w, partnership, {
    state: PartnershipState.SUSPENDED,
    suspendedAt: w.now,
    suspendedByPartnerId: null,
  });
  await auditPartnership(w, partnership, before, { reason });
  return partnership;
}

/**
 * The vendor reactivates a SUSPENDED partnership. Refused (INVALID_STATE) while either partner
 * is suspended: reinstating that partner reactivates it. An INVITED partnership never becomes
 * ACTIVE this way; only the reseller's acceptance does that.
 */
export async function reactivatePartnership(
  w: WriteContext,
  partnershipId: number,
): Promise<Partnership> {
  const seen = await w.manager.findOne(Partnership, { where: { id: partnershipId } });
  if (!seen) throw notFound('input.partnershipId', 'partnership');
  const partners = await lockPartners(w, [seen.providerId, seen.resellerId]);
  const partnership = await lockPartnership(w, partnershipId);
  if (!partnership) throw notFound('input.partnershipId', 'partnership');
  assertPartnershipState(partnership, [PartnershipState.SUSPENDED], 'reactivate');
  for (const id of [partnership.providerId, partnership.resellerId]) {
    const partner = partners.get(id);
    if (partner?.status !== PartnerStatus.ACTIVE) {
      throw new RuleViolation(
        UserErrorCode.INVALID_STATE,
        `${partner?.name ?? 'A partner'} is ${partner?.status ?? 'missing'}; reinstate the partner to reactivate its partnerships.`,
      );
    }
  }
  const before = partnershipSnapshot(partnership);
  await updatePartnership(w, partnership, {
    state: PartnershipState.ACTIVE,
    suspendedByPartnerId: null,
  });
  await auditPartnership(w, partnership, before);
  return partnership;
}

export interface PartnerSuspensionResult {
  partner: Partner;
  /** The partnerships whose state changed with the partner's. */
  partnerships: Partnership[];
}

async function setPartnerStatus(
  w: WriteContext,
  partner: Partner,
  status: PartnerStatus,
  reason: string | null,
): Promise<void> {
  const before = snapshot(partner, ['status']);
  partner.status = status;
  partner.updatedAt = w.now;
  await w.manager.update(Partner, { id: partner.id }, { status, updatedAt: w.now });
  await w.audit({
    resourceType: 'Partner',
    resourceId: partner.id,
    oldValue: before,
    newValue: { status, reason },
    organizations: [partner.id],
  });
}

/**
 * The vendor suspends an ACTIVE partner: it stops transacting (R-04: PARTNER_NOT_ACTIVE) and all
 * its ACTIVE partnerships, on either side, are SUSPENDED because of it. Pending requests stay;
 * they cannot be accepted while either side is suspended (R-04, R-14 at acceptance).
 */
export async function suspendPartner(
  w: WriteContext,
  partnerId: number,
  reason: string | null,
): Promise<PartnerSuspensionResult> {
  const partner = await lockPartner(w, partnerId);
  if (!partner) throw notFound('input.partnerId', 'partner');
  if (partner.status !== PartnerStatus.ACTIVE) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `Only an ACTIVE partner can be suspended; ${partner.name} is ${partner.status}.`,
    );
  }
  await setPartnerStatus(w, partner, PartnerStatus.SUSPENDED, reason);
  const partnerships = await readRows(
    w,
    Partnership,
    sql`(x.provider_id = ${partnerId} OR x.reseller_id = ${partnerId}) AND x.state = ${PartnershipState.ACTIVE}`,
  );
  for (const partnership of partnerships) {
    const before = partnershipSnapshot(partnership);
    await updatePartnership(w, partnership, {
      state: PartnershipState.SUSPENDED,
      suspendedAt: w.now,
      suspendedByPartnerId: partnerId,
    });
    await auditPartnership(w, partnership, before, { reason });
  }
  return { partner, partnerships };
}

/**
 * The vendor reinstates a SUSPENDED partner: it is ACTIVE again and so are the partnerships its
 * suspension suspended, and only those (not those the vendor suspended one by one). A
 * partnership whose other partner is suspended too stays SUSPENDED, now because of that
 * partner, and comes back when that one is reinstated.
 */
export async function reinstatePartner(
  w: WriteContext,
  partnerId: number,
): Promise<PartnerSuspensionResult> {
  const counterparts = await runSql<{ provider_id: number; reseller_id: number }>(
    w.manager,
    sql`SELECT provider_id, reseller_id FROM partnership
        WHERE suspended_by_partner_id = ${partnerId} AND state = ${PartnershipState.SUSPENDED}`,
  );
  const partners = await lockPartners(w, [
    partnerId,
    ...counterparts.flatMap((r) => [Number(r.provider_id), Number(r.reseller_id)]),
  ]);
  const partner = partners.get(partnerId);
  if (!partner) throw notFound('input.partnerId', 'partner');
  if (partner.status !== PartnerStatus.SUSPENDED) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `Only a SUSPENDED partner can be reinstated; ${partner.name} is ${partner.status}.`,
    );
  }
  await setPartnerStatus(w, partner, PartnerStatus.ACTIVE, null);
  const partnerships = await readRows(
    w,
    Partnership,
    sql`x.suspended_by_partner_id = ${partnerId} AND x.state = ${PartnershipState.SUSPENDED}`,
  );
  const changed: Partnership[] = [];
  for (const partnership of partnerships) {
    const otherId =
      partnership.providerId === partnerId ? partnership.resellerId : partnership.providerId;
    const other = partners.get(otherId) ?? (await lockPartner(w, otherId));
    const before = partnershipSnapshot(partnership);
    if (other?.status === PartnerStatus.SUSPENDED) {
      await updatePartnership(w, partnership, { suspendedByPartnerId: otherId });
    } else {
      await updatePartnership(w, partnership, {
        state: PartnershipState.ACTIVE,
        suspendedByPartnerId: null,
      });
      changed.push(partnership);
    }
    await auditPartnership(w, partnership, before);
  }
  return { partner, partnerships: changed };
}
