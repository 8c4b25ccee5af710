import type { WriteContext } from '../core/unit-of-work';
import { runSql, sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { PartnerKind } from '../partners/partner-kind';
import { lockPartner } from '../partners/partner-locks';
import type { Partner } from '../partners/partner.entity';
import { regionCatalog } from '../regions/region-catalog';

/** Live partnerships: invited, active or suspended (not REVOKED), see Partnership.liveKey. */
const LIVE = sql`p.live_key IS NOT NULL`;

/**
 * the vendor's authorization applies to a partner in the vendor's sight, by ID; one
 * that does not exist is NOT_FOUND. The row is locked: partnership workflows lock the
 * partners they bind, so a partnership cannot appear while the partner changes kind.
 */
export async function lockPartnerForVendor(w: WriteContext, partnerId: number): Promise<Partner> {
  const partner = await lockPartner(w, partnerId);
  if (!partner)
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such partner.', 'input.partnerId');
  return partner;
}

/** R-06: regions and profile belong to indirect providers only: INVALID_STATE otherwise. */
export function assertIndirectProvider(partner: Partner): void {
  if (partner.kind !== PartnerKind.INDIRECT_PROVIDER) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `${partner.name} is not an indirect provider (kind ${partner.kind}); authorize it first.`,
      'input.partnerId',
    );
  }
}

/**
 * becoming an indirect provider. A partner that is one already is INVALID_STATE (change
 * its regions instead). A reseller with live partnerships as a reseller (invited, active or
 * suspended) is refused with INVALID_STATE: its providers would otherwise be partnered with a
 * provider, which R-14 forbids; those partnerships must end first. Its customer
 * relationships and subscriptions stay as they are.
 */
export async function assertMayBecomeProvider(w: WriteContext, partner: Partner): Promise<void> {
  if (partner.kind === PartnerKind.INDIRECT_PROVIDER) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `${partner.name} is an indirect provider already; change its regions with updateIndirectProviderRegions.`,
      'input.partnerId',
    );
  }
  const [row] = await runSql<{ n: number }>(
    w.manager,
    sql`SELECT COUNT(*) AS n FROM partnership p WHERE p.reseller_id = ${partner.id} AND ${LIVE}`,
  );
  if (Number(row.n) > 0) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `${partner.name} has ${row.n} live partnership(s) with indirect providers; they must end before it becomes a provider.`,
      'input.partnerId',
    );
  }
}

/**
 * R-06 with R-08: a provider keeps at least one region, and keeps every region where it has
 * live partnerships with resellers (whose region is their country's, R-07): withdrawing one
 * of those would leave partnerships that R-08 forbids. Both are INVALID_STATE.
 */
export async function assertRegionsMayBeWithdrawn(
  w: WriteContext,
  provider: Partner,
  withdrawn: readonly string[],
  remaining: readonly string[],
): Promise<void> {
  if (withdrawn.length === 0) return;
  if (remaining.length === 0) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      'An indirect provider stays authorized in at least one CSP region.',
      'input.removeRegionCodes',
    );
  }
  const rows = await runSql<{ country_code: string }>(
    w.manager,
    sql`SELECT DISTINCT r.country_code FROM partnership p JOIN organization r ON r.id = p.reseller_id
        WHERE p.provider_id = ${provider.id} AND ${LIVE}`,
  );
  const busy = new Set(
    rows.map((r) => regionCatalog.regionOfCountry(String(r.country_code))?.code),
  );
  const blocked = withdrawn.filter((code) => busy.has(code));
  if (blocked.length > 0) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `${provider.name} has live partnerships with resellers in ${blocked.join(', ')}; they must end before the region is withdrawn.`,
      'input.removeRegionCodes',
    );
  }
}
