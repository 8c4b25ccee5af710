import type { WriteContext } from '../core/unit-of-work';
import { sql } from '../db/sql';
import { ProviderAuthorization } from '../directory/provider-authorization.entity';
import { forbidden } from '../core/errors';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { PartnerKind } from '../partners/partner-kind';
import { PartnerStatus } from '../partners/partner-status';
import type { Partner } from '../partners/partner.entity';
import { regionCatalog } from '../regions/region-catalog';
import type { CspRegion } from '../regions/region.entity';
import { readRows } from '../db/locked-reads';
import { PartnershipState } from './partnership-state';
import { Partnership } from './partnership.entity';

/** What the guards need of a write: the transaction and the database it runs on. */
export type PartnershipReader = Pick<WriteContext, 'manager' | 'db' | 'hydrator'>;

/**
 * R-13 and the rules of other domains that need "an active partnership" (R-15 designating a
 * reseller, R-19 inviting a customer with a provider, R-25 partner of record, R-26 support
 * contact): the ACTIVE partnership between this provider and this reseller, or null. INVITED,
 * SUSPENDED (by the vendor) and REVOKED partnerships do not count. Checked at the time of the
 * transaction, so a partnership ended yesterday blocks today's order.
 *
 * The row is read with a shared lock (MySQL/MariaDB): a concurrent `endPartnership`,
 * `suspendPartnership` or `suspendPartner` waits until the caller's transaction commits, so the
 * caller's decision cannot be overtaken between its check and its commit.
 */
export async function findActivePartnership(
  w: PartnershipReader,
  providerId: number,
  resellerId: number,
): Promise<Partnership | null> {
  const [partnership] = await readRows(
    w,
    Partnership,
    sql`x.provider_id = ${providerId} AND x.reseller_id = ${resellerId} AND x.live_key = 1
        AND x.state = ${PartnershipState.ACTIVE}`,
    'share',
  );
  return partnership ?? null;
}

/**
 * `findActivePartnership`, refusing with the caller's rule when there is none: e.g.
 * `assertActivePartnership(w, providerId, resellerId, { code: UserErrorCode.RESELLER_NOT_PARTNERED,
 * field: 'input.resellerId' })` for R-15, `RESELLER_NOT_ASSOCIATED` for.
 */
export async function assertActivePartnership(
  w: PartnershipReader,
  providerId: number,
  resellerId: number,
  refusal: { code: UserErrorCode; field?: string | null; message?: string },
): Promise<Partnership> {
  const partnership = await findActivePartnership(w, providerId, resellerId);
  if (!partnership) {
    throw new RuleViolation(
      refusal.code,
      refusal.message ?? 'There is no active partnership between this provider and reseller.',
      refusal.field ?? null,
    );
  }
  return partnership;
}

/**
 * the live (not REVOKED) partnership of a pair, locked for update; the unique index on
 * (provider, reseller, live_key) guarantees there is at most one.
 */
export async function lockLivePartnership(
  w: PartnershipReader,
  providerId: number,
  resellerId: number,
): Promise<Partnership | null> {
  const [partnership] = await readRows(
    w,
    Partnership,
    sql`x.provider_id = ${providerId} AND x.reseller_id = ${resellerId} AND x.live_key = 1`,
  );
  return partnership ?? null;
}

/** only an indirect provider requests partnerships; other partners are not allowed to. */
export function assertIndirectProvider(partner: Partner): void {
  if (partner.kind !== PartnerKind.INDIRECT_PROVIDER) {
    throw forbidden('Only an indirect provider can request a partnership with a reseller (R-10).');
  }
}

/**
 * the invitee must be an enrolled, ACTIVE indirect reseller. An unknown partner gets the
 * same answer as a provider, a direct-bill partner or a reseller still in review, so that the
 * answer reveals nothing more about partners the caller cannot see.
 */
export function assertActiveIndirectReseller(
  partner: Partner | null | undefined,
  field: string | null,
): asserts partner is Partner {
  if (
    !partner ||
    partner.kind !== PartnerKind.INDIRECT_RESELLER ||
    partner.status !== PartnerStatus.ACTIVE
  ) {
    throw new RuleViolation(
      UserErrorCode.NOT_AN_INDIRECT_RESELLER,
      'There is no enrolled, active indirect reseller with this partner ID.',
      field,
    );
  }
}

/** a partner's CSP region is the region of its legal country (shipped region data). */
export function cspRegionOf(partner: Pick<Partner, 'countryCode'>): CspRegion | undefined {
  return regionCatalog.regionOfCountry(partner.countryCode);
}

/**
 * R-08, in one place: a reseller partners only with providers the vendor authorized in the
 * reseller's CSP region. The authorization is read with a shared lock so that a
 * concurrent withdrawal of it waits for this transaction.
 */
export async function assertProviderServesResellerRegion(
  w: PartnershipReader,
  provider: Partner,
  reseller: Partner,
  field: string | null = null,
): Promise<void> {
  const region = cspRegionOf(reseller);
  const authorized = region
    ? await readRows(
        w,
        ProviderAuthorization,
        sql`x.provider_id = ${provider.id} AND x.region_code = ${region.code}`,
        'share',
      )
    : [];
  if (authorized.length === 0) {
    throw new RuleViolation(
      UserErrorCode.REGION_MISMATCH,
      // the requesting provider may know the reseller only by its MPN ID; the answer
      // names the region it lacks, never the reseller.
      `${provider.name} is not authorized as an indirect provider in the reseller's CSP region (${region?.name ?? 'none'}).`,
      field,
    );
  }
}

/**
 * the partnership state machine (INVITED -> ACTIVE -> REVOKED, ACTIVE <-> SUSPENDED). A
 * transition from any other state is refused with INVALID_STATE.
 */
export function assertPartnershipState(
  partnership: Partnership,
  allowed: readonly PartnershipState[],
  action: string,
): void {
  if (!allowed.includes(partnership.state)) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `Cannot ${action} a partnership that is ${partnership.state} (allowed: ${allowed.join(', ')}).`,
    );
  }
}

/** The organization on the other side of a partnership from `organizationId`. */
export function counterpartOf(partnership: Partnership, organizationId: number): number {
  return partnership.providerId === organizationId
    ? partnership.resellerId
    : partnership.providerId;
}

/** a partnership is named in an input only by its parties; anyone else gets NOT_FOUND. */
export function assertPartyTo(
  partnership: Partnership | null,
  organizationId: number,
  field: string,
): asserts partnership is Partnership {
  if (
    !partnership ||
    (partnership.providerId !== organizationId && partnership.resellerId !== organizationId)
  ) {
    throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such partnership.', field);
  }
}
