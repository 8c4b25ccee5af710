import { inList, runSql, sql, Sql } from '../db/sql';
import type { Queryable } from '../db/sql';
import type { Viewer } from '../core/viewer';

/**
 * R-30, field by field (SPEC section 7): a partner that a caller sees only through a
 * partnership that has never been `ACTIVE` (invited, declined, withdrawn, expired) shows what
 * the invitation shows, its name and MPN ID; contact, address, tenant domain and everything
 * else appear once the partnership is or was `ACTIVE`. Without this, a provider that knows an
 * MPN ID could request a partnership, read the reseller's contacts and withdraw.
 *
 * Every field of the GraphQL type `Partner` is named here, so a field added later does not
 * build until it is classified (partner-disclosure.ts in src/partners applies the table):
 * - `shown`: read as stored by whoever sees the partner at all.
 * - `hidden`: needs a partnership that is or was ACTIVE; before that it reads as `hiddenAs`.
 */
export type PartnerFieldRule =
  | { shown: string }
  | { hidden: true; hiddenAs: 'null' | 'emptyList' | 'emptyConnection' | 'emptyObject' };

const hidden = (hiddenAs: 'null' | 'emptyList' | 'emptyConnection' | 'emptyObject') =>
  ({ hidden: true, hiddenAs }) as const;

export const PARTNER_FIELD_RULES: Record<string, PartnerFieldRule> = {
  id: { shown: 'what the invitation names' },
  name: { shown: 'what the invitation names' },
  mpnId: { shown: 'what the invitation names' },
  kind: { shown: 'the invitation states it: a provider invites an indirect reseller (R-10, R-14)' },
  // The non-null fields of the Organization interface. The region is what R-08 checked before
  // the request was sent (REGION_MISMATCH names it for any MPN ID); country and creation date
  // cannot read as null without changing the interface for every organization type.
  countryCode: { shown: 'non-null on Organization; within the region R-08 already told' },
  country: { shown: 'non-null on Organization; within the region R-08 already told' },
  cspRegion: { shown: 'R-08: a request needs the same region, REGION_MISMATCH names it' },
  createdAt: { shown: 'non-null on Organization' },
  status: hidden('null'),
  tenantDomain: hidden('null'),
  address: hidden('emptyObject'),
  primaryContact: hidden('emptyObject'),
  supportContact: hidden('emptyObject'),
  emailVerifiedAt: hidden('null'),
  reviewedAt: hidden('null'),
  reviewNote: hidden('null'),
  agreementAcceptedAt: hidden('null'),
  authorizedRegions: hidden('emptyList'),
  providerProfile: hidden('null'),
  customers: hidden('emptyConnection'),
  subscriptions: hidden('emptyConnection'),
  indirectResellers: hidden('emptyConnection'),
  indirectProviders: hidden('emptyConnection'),
  users: hidden('emptyConnection'),
};

/**
 * Whether the viewer may read the hidden fields of this partner without asking the database:
 * true for the vendor, the partner itself, a customer (it sees only partners that serve it or
 * asked it for a relationship) and an anonymous caller (public mutations answer with the
 * caller's own enrollment); undefined when a partnership decides.
 */
export function disclosedWithoutLookup(viewer: Viewer | null, partnerId: number): true | undefined {
  if (!viewer || viewer.organizationType !== 'PARTNER') return true;
  if (viewer.organizationId === partnerId) return true;
  return undefined;
}

/** A partnership of `me` with the partner `other` (SQL) that is or was ACTIVE. */
function activeOnce(me: number, other: Sql, alias: string): Sql {
  const p = Sql.raw(alias);
  return sql`((${p}.provider_id = ${me} AND ${p}.reseller_id = ${other})
      OR (${p}.reseller_id = ${me} AND ${p}.provider_id = ${other}))
    AND (${p}.accepted_at IS NOT NULL OR ${p}.state IN ('ACTIVE', 'SUSPENDED'))`;
}

/**
 * The same answer as a column of a statement that reads partners (`alias` the organization
 * row), so that a list learns it with its rows instead of one more statement; undefined when
 * no lookup is needed (see `disclosedWithoutLookup`).
 */
export function disclosureColumn(viewer: Viewer | null, alias: string): Sql | undefined {
  if (!viewer || viewer.organizationType !== 'PARTNER') return undefined;
  const me = viewer.organizationId;
  const a = Sql.raw(alias);
  return sql`CASE WHEN ${a}.id = ${me} OR EXISTS (SELECT 1 FROM partnership dp WHERE ${activeOnce(me, sql`${a}.id`, 'dp')}) THEN 1 ELSE 0 END`;
}

/**
 * Of these partners, those the viewer (a partner) has a partnership with that is or was ACTIVE:
 * accepted once (R-11; SUSPENDED and REVOKED partnerships keep their acceptance date). One
 * statement per batch of partners.
 */
export async function partnersMetThroughActivePartnership(
  db: Queryable,
  viewer: Viewer,
  partnerIds: readonly number[],
): Promise<Set<number>> {
  const me = viewer.organizationId;
  const rows = await runSql<{ provider_id: number; reseller_id: number }>(
    db,
    sql`SELECT p.provider_id, p.reseller_id FROM partnership p
        WHERE ((p.provider_id = ${me} AND p.reseller_id IN ${inList(partnerIds)})
            OR (p.reseller_id = ${me} AND p.provider_id IN ${inList(partnerIds)}))
          AND (p.accepted_at IS NOT NULL OR p.state IN ('ACTIVE', 'SUSPENDED'))`,
  );
  return new Set(
    rows.map((r) => (Number(r.provider_id) === me ? Number(r.reseller_id) : Number(r.provider_id))),
  );
}
