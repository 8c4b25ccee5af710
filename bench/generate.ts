import { createConnection, type Connection } from 'mysql2/promise';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/entry/data-source';
import { migrateDatabase } from '../src/entry/migrate';
import regions from '../src/regions/regions.data.json';

/** Size of the generated channel (`npm run bench -- --help`). */
export interface ChannelSize {
  providers: number;
  resellers: number;
  customers: number;
  subscriptions: number;
  offers: number;
  seed: number;
}

export const DEFAULT_SIZE: ChannelSize = {
  providers: 10,
  resellers: 200,
  customers: 5000,
  subscriptions: 15000,
  offers: 40,
  seed: 42,
};

/** What the runner needs to know about the generated channel. */
export interface Channel {
  size: ChannelSize;
  /** The caller of every benchmark query: a GLOBAL_ADMIN of the first (largest) provider. */
  caller: { userId: number; organizationId: number };
  /** Subscriptions billed by the caller, ACTIVE, for the quantity-change mutation (Q3). */
  mutableSubscriptionIds: number[];
  /** A subscription billed by the caller (Q1). */
  sampleSubscriptionId: number;
  rows: Record<string, number>;
  seconds: number;
}

/** mulberry32: a small seeded PRNG, so that the same size and seed give the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = Date.parse('2026-11-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (daysAgo: number) =>
  new Date(NOW - daysAgo * DAY).toISOString().replace('T', ' ').replace('Z', '');

const WORDS = [
  'Alpine',
  'Blue',
  'Cedar',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orchid',
  'Pioneer',
  'Quartz',
  'Riverside',
  'Summit',
  'Tundra',
];
const FAMILIES = [
  'MICROSOFT_365',
  'OFFICE_365',
  'AZURE',
  'DYNAMICS_365',
  'POWER_PLATFORM',
  'SECURITY',
];
const CYCLES = ['MONTHLY', 'ANNUAL', 'USAGE'];
const EUROPE = (regions.countries as string[][]).filter((c) => c[2] === 'EUROPE').map((c) => c[0]);
const REGION_CODES = regions.regions.map((r) => r.code);

/** Multi-row INSERTs of up to 1,000 rows: the fast path to a channel of 15,000 subscriptions. */
async function insertRows(
  conn: Connection,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await conn.query(head + chunk.map(() => tuple).join(', '), chunk.flat());
  }
}

/** Recreates `database` on the server of `serverUrl` and migrates it (schema and reference data). */
export async function recreateDatabase(serverUrl: string, database: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`unsafe database name ${database}`);
  const url = new URL(serverUrl);
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(
    `CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await admin.end();
  url.pathname = `/${database}`;
  const dbUrl = url.toString().replace(/^mysql:/, 'mariadb:');
  const config = loadConfig({ DATABASE_URL: dbUrl, NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  await dataSource.destroy();
  return dbUrl;
}

/**
 * Writes a deterministic channel: P providers, R resellers each partnered with the first
 * provider (a large distributor, the benchmark's caller) and with one more provider, C customers
 * spread over the resellers and served by one of the reseller's providers, S subscriptions billed
 * by that provider with the reseller as partner of record. Rows go in with explicit IDs and
 * multi-row INSERTs; foreign keys are checked by the data's construction, not row by row.
 */
export async function generateChannel(dbUrl: string, size: ChannelSize): Promise<Channel> {
  const started = Date.now();
  const random = prng(size.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const url = new URL(dbUrl);
  const conn = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    timezone: 'Z',
  });
  const rows: Record<string, number> = {};
  try {
    await conn.query('SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0');
    await conn.query('START TRANSACTION');

    // Organizations: the vendor, providers, resellers, customers (one table, `type` column).
    const orgColumns = [
      'id',
      'type',
      'name',
      'country_code',
      'tenant_domain',
      'address_line1',
      'address_city',
      'address_postal_code',
      'created_at',
      'updated_at',
      'kind',
      'status',
      'mpn_id',
      'primary_contact_name',
      'primary_contact_email',
      'primary_contact_phone',
      'support_contact_name',
      'support_contact_email',
      'support_contact_phone',
      'email_verified_at',
      'reviewed_at',
      'agreement_accepted_at',
      'company_contact_name',
      'company_contact_email',
      'company_contact_phone',
      'culture',
    ];
    const orgs: unknown[][] = [];
    let nextOrg = 1;
    orgs.push([
      nextOrg++,
      'VENDOR',
      'Microsoft',
      'US',
      'microsoft.onmicrosoft.com',
      'One Microsoft Way',
      'Redmond',
      '98052',
      at(400),
      at(400),
      ...Array(16).fill(null),
    ]);
    const partner = (kind: string, index: number) => {
      const id = nextOrg++;
      const name = `${pick(WORDS)} ${kind === 'INDIRECT_PROVIDER' ? 'Distribution' : 'IT'} ${index + 1}`;
      const domain = `${kind === 'INDIRECT_PROVIDER' ? 'prov' : 'resl'}${index + 1}`;
      orgs.push([
        id,
        'PARTNER',
        name,
        pick(EUROPE),
        `${domain}.onmicrosoft.com`,
        `${index + 1} Main Street`,
        'Springfield',
        '10001',
        at(300),
        at(280),
        kind,
        'ACTIVE',
        String(4_400_000 + id),
        `${name} Primary Contact`,
        `partner.contact@${domain}.example`,
        '+1 555 0100',
        `${name} Support`,
        `support@${domain}.example`,
        '+1 555 0199',
        at(300),
        at(290),
        at(280),
        null,
        null,
        null,
        null,
      ]);
      return id;
    };
    const providers = Array.from({ length: size.providers }, (_, i) =>
      partner('INDIRECT_PROVIDER', i),
    );
    const resellers = Array.from({ length: size.resellers }, (_, i) =>
      partner('INDIRECT_RESELLER', i),
    );
    const customers: number[] = [];
    for (let i = 0; i < size.customers; i++) {
      const id = nextOrg++;
      const name = `${pick(WORDS)} ${pick(WORDS)} Customer ${i + 1}`;
      customers.push(id);
      orgs.push([
        id,
        'CUSTOMER',
        name,
        pick(EUROPE),
        `cust${i + 1}.onmicrosoft.com`,
        '100 Commerce Way',
        'Springfield',
        '20002',
        at(180),
        at(180),
        ...Array(12).fill(null),
        `${name} IT`,
        `it@cust${i + 1}.example`,
        '+1 555 0200',
        'en-US',
      ]);
    }
    await insertRows(conn, 'organization', orgColumns, orgs);
    rows.organization = orgs.length;

    // One GLOBAL_ADMIN per partner (tokens are signed for the first provider's).
    const users = [...providers, ...resellers].map((orgId, i) => [
      i + 1,
      orgId,
      `admin${i + 1}@partner${orgId}.example`,
      `Admin ${i + 1}`,
      'ADMIN_AGENT,GLOBAL_ADMIN',
      'ACTIVE',
      null,
      0,
      at(250),
      at(250),
    ]);
    await insertRows(
      conn,
      'app_user',
      [
        'id',
        'organization_id',
        'email',
        'display_name',
        'roles',
        'status',
        'password_hash',
        'must_change_password',
        'created_at',
        'updated_at',
      ],
      users,
    );
    rows.app_user = users.length;

    // The directory (Q4): every provider authorized in Europe and up to two more regions.
    const authorizations: unknown[][] = [];
    const profiles: unknown[][] = [];
    providers.forEach((id, i) => {
      const codes = new Set(['EUROPE', pick(REGION_CODES), pick(REGION_CODES)]);
      for (const code of [...codes].sort()) {
        authorizations.push([authorizations.length + 1, id, code, at(270), null]);
      }
      profiles.push([
        id,
        `Distributor ${i + 1}: licensing, billing and 24/7 support for resellers.`,
        `https://prov${i + 1}.example`,
        `Partner desk ${i + 1}`,
        `partners@prov${i + 1}.example`,
        '+1 555 0300',
        i % 2 === 0 ? 1 : 0,
        i % 3 === 0 ? 1 : 0,
        i % 4 === 0 ? 1 : 0,
        1,
        at(200),
      ]);
    });
    await insertRows(
      conn,
      'provider_authorization',
      ['id', 'provider_id', 'region_code', 'authorized_at', 'authorized_by_user_id'],
      authorizations,
    );
    await insertRows(
      conn,
      'provider_profile',
      [
        'provider_id',
        'summary',
        'website',
        'contact_name',
        'contact_email',
        'contact_phone',
        'offers_technical_training',
        'offers_marketing_help',
        'offers_financing',
        'listed',
        'updated_at',
      ],
      profiles,
    );
    rows.provider_authorization = authorizations.length;
    rows.provider_profile = profiles.length;

    // Partnerships: reseller i with provider i mod P, and with the first provider. A few are
    // suspended, invited or revoked, as in a real channel.
    const partnerships: unknown[][] = [];
    const providersOf = new Map<number, number[]>();
    const partnership = (providerId: number, resellerId: number, state: string) => {
      const active = state !== 'INVITED';
      partnerships.push([
        partnerships.length + 1,
        providerId,
        resellerId,
        state,
        state === 'REVOKED' ? null : 1,
        active && state !== 'REVOKED' ? 1 : 0,
        at(active ? 200 : 3),
        active ? at(198) : null,
        state === 'SUSPENDED' ? at(10) : null,
        state === 'REVOKED' ? at(20) : null,
        state === 'REVOKED' ? providerId : null,
        at(active ? 198 : 3),
      ]);
      if (state === 'ACTIVE') providersOf.get(resellerId)!.push(providerId);
    };
    resellers.forEach((resellerId, i) => {
      providersOf.set(resellerId, []);
      const own = providers[i % providers.length];
      const extraState = i % 37 === 5 ? 'SUSPENDED' : i % 53 === 7 ? 'INVITED' : 'ACTIVE';
      if (own !== providers[0]) partnership(own, resellerId, 'ACTIVE');
      partnership(providers[0], resellerId, own === providers[0] ? 'ACTIVE' : extraState);
      if (i % 41 === 3 && providers.length > 2)
        partnership(providers[(i + 1) % providers.length] ?? own, resellerId, 'REVOKED');
    });
    await insertRows(
      conn,
      'partnership',
      [
        'id',
        'provider_id',
        'reseller_id',
        'state',
        'live_key',
        'provider_admin_access',
        'invited_at',
        'accepted_at',
        'suspended_at',
        'ended_at',
        'ended_by_organization_id',
        'updated_at',
      ],
      partnerships,
    );
    rows.partnership = partnerships.length;

    // Customers: contiguous blocks per reseller; each served by one of the reseller's active
    // providers, which has a delegated-admin relationship with it, as does the reseller.
    const relationships: unknown[][] = [];
    const servedBy = new Map<number, { provider: number; reseller: number }>();
    const relationship = (customerId: number, partnerId: number, removed = false) => {
      relationships.push([
        relationships.length + 1,
        customerId,
        partnerId,
        removed ? 'REMOVED' : 'ACTIVE',
        removed ? null : 1,
        1,
        1,
        'ADDED_BY_PARTNER',
        at(170),
        at(170),
        removed ? at(5) : null,
      ]);
    };
    customers.forEach((customerId, j) => {
      const reseller = resellers[Math.floor((j * resellers.length) / customers.length)];
      const options = providersOf.get(reseller)!;
      const provider = options.length ? options[j % options.length] : providers[0];
      servedBy.set(customerId, { provider, reseller });
      relationship(customerId, provider);
      relationship(customerId, reseller, j % 97 === 13);
    });
    await insertRows(
      conn,
      'customer_relationship',
      [
        'id',
        'customer_id',
        'partner_id',
        'status',
        'live_key',
        'reseller_relationship',
        'delegated_admin',
        'origin',
        'created_at',
        'updated_at',
        'removed_at',
      ],
      relationships,
    );
    rows.customer_relationship = relationships.length;

    // Offers, sold in every region.
    const offers: unknown[][] = [];
    const offerRegions: unknown[][] = [];
    for (let i = 0; i < size.offers; i++) {
      const family = FAMILIES[i % FAMILIES.length];
      offers.push([
        i + 1,
        `SKU-${String(i + 1).padStart(4, '0')}`,
        `${family.replace(/_/g, ' ')} Plan ${i + 1}`,
        `Plan ${i + 1} of the ${family} family.`,
        family,
        CYCLES[i % CYCLES.length],
        'Licenses',
        1,
        10_000,
        1,
        at(500),
      ]);
      for (const code of REGION_CODES) offerRegions.push([i + 1, code]);
    }
    await insertRows(
      conn,
      'offer',
      [
        'id',
        'code',
        'name',
        'description',
        'product_family',
        'billing_cycle',
        'license_unit',
        'min_quantity',
        'max_quantity',
        'available',
        'created_at',
      ],
      offers,
    );
    await insertRows(conn, 'offer_region', ['offer_id', 'region_code'], offerRegions);
    rows.offer = offers.length;
    rows.offer_region = offerRegions.length;

    // Subscriptions: spread evenly over the customers; 90% active.
    const subscriptions: unknown[][] = [];
    const mutable: number[] = [];
    for (let k = 0; k < size.subscriptions; k++) {
      const customerId = customers[Math.floor((k * customers.length) / size.subscriptions)];
      const { provider, reseller } = servedBy.get(customerId)!;
      const offerIndex = Math.floor(random() * size.offers);
      const roll = random();
      const status = roll < 0.9 ? 'ACTIVE' : roll < 0.97 ? 'SUSPENDED' : 'CANCELLED';
      const id = k + 1;
      if (status === 'ACTIVE' && provider === providers[0]) mutable.push(id);
      subscriptions.push([
        id,
        customerId,
        offerIndex + 1,
        null,
        'PARTNER',
        provider,
        reseller,
        random() < 0.5 ? reseller : null,
        null,
        `Subscription ${id}`,
        1 + Math.floor(random() * 500),
        status,
        status === 'SUSPENDED' ? 'NON_PAYMENT' : null,
        1,
        at(150),
        CYCLES[offerIndex % CYCLES.length] === 'USAGE' ? null : at(150 - 365),
        status === 'CANCELLED' ? at(7) : null,
        at(150),
        at(150),
      ]);
    }
    await insertRows(
      conn,
      'subscription',
      [
        'id',
        'customer_id',
        'offer_id',
        'order_id',
        'channel',
        'billing_partner_id',
        'partner_of_record_id',
        'support_contact_id',
        'service_partner_id',
        'friendly_name',
        'quantity',
        'status',
        'suspension_reason',
        'version',
        'started_at',
        'term_ends_at',
        'cancelled_at',
        'created_at',
        'updated_at',
      ],
      subscriptions,
    );
    rows.subscription = subscriptions.length;

    await conn.query('COMMIT');
    await conn.query('SET FOREIGN_KEY_CHECKS = 1, UNIQUE_CHECKS = 1');
    await conn.query(
      'ANALYZE TABLE organization, partnership, customer_relationship, subscription',
    );
    if (mutable.length === 0) throw new Error('the channel has no subscription for Q3');
    return {
      size,
      caller: { userId: 1, organizationId: providers[0] },
      mutableSubscriptionIds: mutable,
      sampleSubscriptionId: mutable[Math.floor(mutable.length / 2)],
      rows,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await conn.end();
  }
}
