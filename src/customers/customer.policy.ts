import type { WriteContext } from '../core/unit-of-work';
import { runSql, sql } from '../db/sql';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Organization } from '../organizations/organization.entity';
import { OrganizationType } from '../core/organization-type';
import { PartnerKind } from '../partners/partner-kind';
import type { Partner } from '../partners/partner.entity';
import { assertActivePartnership, cspRegionOf } from '../partnerships/partnership.policy';
import type { Partnership } from '../partnerships/partnership.entity';
import { regionCatalog } from '../regions/region-catalog';
import { normalizeCompanyName } from './company-name';
import { lockClause } from '../db/locked-reads';

/**
 * the CSP regions in which a partner sells. An indirect provider sells in the regions the
 * vendor authorized it for, which need not include its own country's; a direct-bill
 * partner or an indirect reseller sells in the region of its legal country.
 */
export async function sellingRegions(w: WriteContext, partner: Partner): Promise<string[]> {
  if (partner.kind === PartnerKind.INDIRECT_PROVIDER) {
    // Share-locked, as for R-08: a concurrent withdrawal of an authorization waits for us.
    const rows = await runSql<{ region_code: string }>(
      w.manager,
      sql`SELECT region_code FROM provider_authorization WHERE provider_id = ${partner.id}
          ORDER BY region_code${lockClause(w.db, 'share')}`,
    );
    return rows.map((r) => r.region_code);
  }
  const own = cspRegionOf(partner);
  return own ? [own.code] : [];
}

/**
 * a partner sells only to customers located in its region. Checked for every partner
 * that gets a reseller relationship with a customer: the transacting partner adding it, the
 * reseller it designates, both partners of a customer invitation and a partner whose
 * relationship request asks for a reseller relationship.
 */
export async function assertSellsInCustomerRegion(
  w: WriteContext,
  partner: Partner,
  customerCountryCode: string,
  field: string | null,
): Promise<void> {
  const region = regionCatalog.regionOfCountry(customerCountryCode);
  const regions = await sellingRegions(w, partner);
  if (region && regions.includes(region.code)) return;
  const names = regions.map((code) => regionCatalog.region(code)?.name ?? code);
  const where = names.length > 0 ? names.join(', ') : 'no CSP region';
  throw new RuleViolation(
    UserErrorCode.CUSTOMER_OUT_OF_REGION,
    `${partner.name} sells in ${where}; the customer is located in ${region?.name ?? customerCountryCode}.`,
    field,
  );
}

/**
 * the ACTIVE partnership between an indirect provider and an indirect reseller
 * (the partnerships domain's guard, which share-locks it until commit: a concurrent revocation
 * or suspension waits, other transactions relying on it proceed). An unknown partner, one the
 * caller cannot see and one without an ACTIVE partnership are refused alike with
 * RESELLER_NOT_PARTNERED, so the answer reveals nothing about other organizations.
 */
export function assertResellerPartnered(
  w: WriteContext,
  providerId: number,
  resellerId: number,
  field: string | null,
  message: string,
): Promise<Partnership> {
  return assertActivePartnership(w, providerId, resellerId, {
    code: UserErrorCode.RESELLER_NOT_PARTNERED,
    field,
    message,
  });
}

/**
 * a CSP partner cannot be a customer. A tenant domain that belongs to a partner
 * organization is refused with PARTNER_CANNOT_BE_CUSTOMER.
 */
export async function assertTenantIsNotAPartner(
  w: WriteContext,
  tenantDomain: string,
  field: string,
): Promise<void> {
  const owner = await w.manager.findOne(Organization, { where: { tenantDomain } });
  if (owner?.type === OrganizationType.PARTNER) {
    throw new RuleViolation(
      UserErrorCode.PARTNER_CANNOT_BE_CUSTOMER,
      `${tenantDomain} is the tenant of a registered CSP partner; a partner cannot be a customer.`,
      field,
    );
  }
}

/** Stored partner names with spaces and common punctuation dropped (built from constants). */
const SQUASHED_NAME = [' ', '.', ',', '-', "''", '&', '(', ')', '/'].reduce(
  (expr, char) => `REPLACE(${expr}, '${char}', '')`,
  'LOWER(o.name)',
);

/**
 * a company name equal to a partner's legal name once both are normalized (see
 * normalizeCompanyName: case, accents, punctuation, spacing, a leading "the" and trailing legal
 * forms are ignored) is refused with PARTNER_CANNOT_BE_CUSTOMER. Candidates are found in SQL
 * (the partner name with spaces and common punctuation removed contains the normalized name);
 * the exact comparison runs here. MariaDB's accent-insensitive collation also finds partners
 * whose stored name has accents; SQLite's LIKE compares such letters exactly.
 */
export async function assertNameIsNotAPartner(
  w: WriteContext,
  companyName: string,
  field: string,
): Promise<void> {
  const wanted = normalizeCompanyName(companyName);
  const candidates = (await w.manager.query(
    `SELECT o.name AS name FROM organization o WHERE o.type = 'PARTNER' AND ${SQUASHED_NAME} LIKE ?`,
    [`%${wanted}%`],
  )) as Array<{ name: string }>;
  if (candidates.some((c) => normalizeCompanyName(c.name) === wanted)) {
    throw new RuleViolation(
      UserErrorCode.PARTNER_CANNOT_BE_CUSTOMER,
      `"${companyName}" is the name of a registered CSP partner; a partner cannot be a customer.`,
      field,
    );
  }
}

/**
 * a reseller relationship cannot be removed while its partner still bills ACTIVE
 * subscriptions of the customer; SUSPENDED and CANCELLED ones do not count, nor those where
 * the partner is only partner of record, support contact or service partner. The caller holds
 * the relationship's row lock (see removeCustomerRelationship), which orders this check after
 * any order that was placed on the strength of that relationship.
 */
export async function assertNoActiveBilledSubscriptions(
  w: WriteContext,
  customerId: number,
  partnerId: number,
  field: string,
): Promise<void> {
  const rows = (await w.manager.query(
    `SELECT COUNT(*) AS n FROM subscription
      WHERE customer_id = ? AND billing_partner_id = ? AND status = ?`,
    // SubscriptionStatus.ACTIVE: subscriptions sit above customers in the domain order.
    [customerId, partnerId, 'ACTIVE'],
  )) as Array<{ n: number | string }>;
  const active = Number(rows[0]?.n ?? 0);
  if (active > 0) {
    throw new RuleViolation(
      UserErrorCode.ACTIVE_SUBSCRIPTIONS_EXIST,
      `The partner still bills ${active} active subscription(s) of this customer; suspend or cancel them before removing the reseller relationship.`,
      field,
    );
  }
}
