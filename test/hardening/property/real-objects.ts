import type { DataSource } from 'typeorm';
import { toGlobalId, type NodeType } from '../../../src/core/node-id';

/**
 * IDs and values of objects that exist, read straight from the tables, so that generated inputs
 * sometimes name real things and the success paths run too. Read again before each mutation's
 * property, as earlier runs create and change objects.
 */
export interface RealObjects {
  ids: Partial<Record<NodeType, string[]>>;
  /** IDs of objects that concern the caller's organization, by type (see scopedTo). */
  scoped: Partial<Record<NodeType, string[]>>;
  /** Every ID above, of any type (a real ID of the wrong type is a classic mistake). */
  anyIds: string[];
  versions: number[];
  mpnIds: string[];
  tenantDomains: string[];
  tenantPrefixes: string[];
  emails: string[];
  regionCodes: string[];
  countryCodes: string[];
  /** Link tokens from the outbox (invitations, email verification), used or not. */
  tokens: string[];
}

const TABLES: Array<[NodeType, string]> = [
  ['Partner', "organization WHERE type = 'PARTNER'"],
  ['Customer', "organization WHERE type = 'CUSTOMER'"],
  ['Vendor', "organization WHERE type = 'VENDOR'"],
  ['User', 'app_user'],
  ['Partnership', 'partnership'],
  ['PartnershipInvitation', 'partnership_invitation'],
  ['CustomerRelationship', 'customer_relationship'],
  ['RelationshipRequest', 'relationship_request'],
  ['Offer', 'offer'],
  ['Subscription', 'subscription'],
  ['Order', 'csp_order'],
];

async function column(ds: DataSource, sql: string): Promise<string[]> {
  const rows = (await ds.query(sql)) as Array<Record<string, unknown>>;
  return rows.map((r) => Object.values(r)[0]).filter((v): v is string => typeof v === 'string');
}

/** `excludedUserEmails`: the callers, kept out of the User IDs so no run disables its own callers. */
export async function readRealObjects(
  ds: DataSource,
  excludedUserEmails: readonly string[],
): Promise<RealObjects> {
  const ids: RealObjects['ids'] = {};
  for (const [type, from] of TABLES) {
    const where =
      type === 'User'
        ? ` WHERE email NOT IN (${excludedUserEmails.map((e) => `'${e}'`).join(', ')})`
        : '';
    const rows = (await ds.query(`SELECT id FROM ${from}${where} ORDER BY id`)) as Array<{
      id: number | string;
    }>;
    ids[type] = rows.map((r) => toGlobalId(type, Number(r.id)));
  }
  const versions = (
    (await ds.query('SELECT DISTINCT version FROM subscription')) as Array<{ version: unknown }>
  ).map((r) => Number(r.version));
  const tenantDomains = await column(
    ds,
    'SELECT tenant_domain FROM organization WHERE tenant_domain IS NOT NULL',
  );
  return {
    ids,
    scoped: {},
    anyIds: Object.values(ids).flat(),
    versions: versions.length ? versions : [1],
    mpnIds: await column(ds, 'SELECT mpn_id FROM organization WHERE mpn_id IS NOT NULL'),
    tenantDomains,
    tenantPrefixes: tenantDomains.map((d) => d.split('.')[0]),
    emails: await column(ds, 'SELECT email FROM app_user'),
    regionCodes: await column(ds, 'SELECT code FROM csp_region'),
    countryCodes: await column(ds, 'SELECT code FROM country'),
    tokens: (await column(ds, 'SELECT body FROM email_outbox')).flatMap((body) =>
      [...body.matchAll(/[?&]token=([^\s&"'<>)]+)/g)].map((m) => decodeURIComponent(m[1])),
    ),
  };
}

/**
 * Objects that concern one organization: what its users can usually act on. Plausible calls
 * name these more often than random real objects, so that the success paths run.
 */
const SCOPED: Array<[NodeType, string]> = [
  [
    'Subscription',
    `SELECT id FROM subscription
      WHERE billing_partner_id = :org OR customer_id = :org OR service_partner_id = :org`,
  ],
  [
    'Customer',
    `SELECT customer_id AS id FROM customer_relationship WHERE partner_id = :org AND status = 'ACTIVE'`,
  ],
  ['Partnership', 'SELECT id FROM partnership WHERE provider_id = :org OR reseller_id = :org'],
  [
    'CustomerRelationship',
    'SELECT id FROM customer_relationship WHERE partner_id = :org OR customer_id = :org',
  ],
  [
    'Partner',
    `SELECT reseller_id AS id FROM partnership WHERE provider_id = :org
     UNION SELECT provider_id AS id FROM partnership WHERE reseller_id = :org`,
  ],
];

export async function scopedTo(
  ds: DataSource,
  real: RealObjects,
  organizationId: number,
  excludedUserEmails: readonly string[],
): Promise<RealObjects> {
  const scoped: RealObjects['scoped'] = {};
  for (const [type, sql] of SCOPED) {
    const rows = (await ds.query(sql.replace(/:org/g, String(organizationId)))) as Array<{
      id: number | string;
    }>;
    scoped[type] = rows.map((r) => toGlobalId(type, Number(r.id)));
  }
  const users = (await ds.query(
    `SELECT id FROM app_user WHERE organization_id = ${organizationId}
        AND email NOT IN (${excludedUserEmails.map((e) => `'${e}'`).join(', ')})`,
  )) as Array<{ id: number | string }>;
  scoped.User = users.map((r) => toGlobalId('User', Number(r.id)));
  // Versions of the organization's own subscriptions: a plausible call is not stale.
  const versions = (
    (await ds.query(
      `SELECT DISTINCT version FROM subscription WHERE billing_partner_id = ${organizationId}`,
    )) as Array<{ version: unknown }>
  ).map((r) => Number(r.version));
  return { ...real, scoped, versions: versions.length ? versions : real.versions };
}
