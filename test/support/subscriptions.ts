import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BillingCycle, ProductFamily } from '../../src/catalog/catalog-enums';
import type { ChannelBuilder } from '../../src/entry/seed/channel-builder';
import { toGlobalId } from '../../src/core/node-id';
import { Role } from '../../src/core/role';
import { PartnerKind } from '../../src/partners/partner-kind';
import { PartnerStatus } from '../../src/partners/partner-status';
import { PartnershipState } from '../../src/partnerships/partnership-state';
import { expectOk, type GqlClient, type GqlResult } from './test-server';

/** GraphQL documents and lookups shared by the order and subscription workflow tests. */

export const SUBSCRIPTION_FIELDS = `id quantity status suspensionReason version channel friendlyName
  startedAt termEndsAt cancelledAt
  customer { id name } offer { code } billingPartner { name } partnerOfRecord { name }
  supportContact { name } servicePartner { name } order { id }`;

export const PLACE_ORDER = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) {
    order { id idempotencyKey createdAt customer { name } billingPartner { name } }
    subscriptions { ${SUBSCRIPTION_FIELDS} }
    userErrors { code field message }
  }
}`;

const subscriptionMutation = (name: string, input: string) => `mutation($input: ${input}!) {
  ${name}(input: $input) {
    subscription { ${SUBSCRIPTION_FIELDS} }
    userErrors { code field message }
  }
}`;

export const CHANGE_QUANTITY = subscriptionMutation(
  'changeSubscriptionQuantity',
  'ChangeSubscriptionQuantityInput',
);
export const SUSPEND = subscriptionMutation('suspendSubscription', 'SuspendSubscriptionInput');
export const REACTIVATE = subscriptionMutation(
  'reactivateSubscription',
  'ReactivateSubscriptionInput',
);
export const CANCEL = subscriptionMutation('cancelSubscription', 'CancelSubscriptionInput');
export const SET_PARTNER_OF_RECORD = subscriptionMutation(
  'setSubscriptionPartnerOfRecord',
  'SetSubscriptionPartnerOfRecordInput',
);
export const SET_SUPPORT_CONTACT = subscriptionMutation(
  'setSubscriptionSupportContact',
  'SetSubscriptionSupportContactInput',
);
export const RECORD_EXTERNAL = subscriptionMutation(
  'recordExternalSubscription',
  'RecordExternalSubscriptionInput',
);
export const HIRE = subscriptionMutation('hireServicePartner', 'HireServicePartnerInput');
export const END_HIRE = subscriptionMutation('endServicePartnerHire', 'EndServicePartnerHireInput');

export const newKey = () => randomUUID();

/** The payload of a mutation (`data[name]`), failing the test on top-level errors. */
export function payload(result: GqlResult, name: string): any {
  return expectOk(result)[name];
}

/** The single top-level error's extensions (FORBIDDEN, BAD_USER_INPUT...). */
export function topLevelError(result: GqlResult): Record<string, any> | undefined {
  expect(result.errors).toHaveLength(1);
  return result.errors?.[0]?.extensions;
}

/** Global IDs of fixture rows, looked up by name (organizations) or code (offers). */
export class Ids {
  constructor(private readonly dataSource: DataSource) {}

  private async one(sqlText: string, params: unknown[]): Promise<number> {
    const rows = (await this.dataSource.query(sqlText, params)) as Array<{ id: number }>;
    if (rows.length !== 1) throw new Error(`expected one row for ${params.join(', ')}`);
    return Number(rows[0].id);
  }

  async organizationId(name: string): Promise<number> {
    return this.one('SELECT id FROM organization WHERE name = ?', [name]);
  }

  async partner(name: string): Promise<string> {
    return toGlobalId('Partner', await this.organizationId(name));
  }

  async customer(name: string): Promise<string> {
    return toGlobalId('Customer', await this.organizationId(name));
  }

  async offer(code: string): Promise<string> {
    return toGlobalId('Offer', await this.one('SELECT id FROM offer WHERE code = ?', [code]));
  }

  /** The (first) subscription of a customer to an offer. */
  async subscription(customer: string, offerCode: string): Promise<string> {
    const id = await this.one(
      `SELECT MIN(s.id) AS id FROM subscription s JOIN organization o ON o.id = s.customer_id
       JOIN offer f ON f.id = s.offer_id WHERE o.name = ? AND f.code = ?`,
      [customer, offerCode],
    );
    return toGlobalId('Subscription', id);
  }
}

/** Reads a subscription's current version through the API, as a client would. */
export async function versionOf(client: GqlClient, subscriptionId: string): Promise<number> {
  const data = expectOk(
    await client.query('query($id: ID!) { node(id: $id) { ... on Subscription { version } } }', {
      id: subscriptionId,
    }),
  );
  return data.node.version;
}

/**
 * A channel built to exercise one condition at a time: provider Harbor Distribution
 * and a customer, Kestrel Air, with resellers that each miss exactly one condition.
 */
export const association = {
  provider: 'Harbor Distribution',
  otherProvider: 'Summit Distribution',
  customer: 'Kestrel Air',
  /** Active, agreement, ACTIVE partnership, reseller-only relationship (no delegated admin). */
  good: 'Good Reseller',
  noAgreement: 'Unsigned Reseller',
  suspendedPartner: 'Suspended Reseller',
  suspendedPartnership: 'Paused Reseller',
  revokedPartnership: 'Former Reseller',
  noRelationship: 'Stranger Reseller',
  otherProvidersReseller: 'Elsewhere Reseller',
  users: {
    provider: 'admin@harbor.example',
    providerSales: 'sales@harbor.example',
    good: 'admin@good.example',
    customer: 'admin@kestrel.example',
  },
  offerCode: 'FIX-M365',
};

export async function buildAssociationFixture(b: ChannelBuilder): Promise<void> {
  const a = association;
  const reseller = (
    name: string,
    extra: { status?: PartnerStatus; agreementAccepted?: boolean } = {},
  ) => b.partner({ name, kind: PartnerKind.INDIRECT_RESELLER, countryCode: 'US', ...extra });
  const provider = await b.partner({
    name: a.provider,
    kind: PartnerKind.INDIRECT_PROVIDER,
    countryCode: 'US',
  });
  await b.authorizeProvider(provider, ['NORTH_AMERICA']);
  const otherProvider = await b.partner({
    name: a.otherProvider,
    kind: PartnerKind.INDIRECT_PROVIDER,
    countryCode: 'US',
  });
  await b.authorizeProvider(otherProvider, ['NORTH_AMERICA']);
  const good = await reseller(a.good);
  const noAgreement = await reseller(a.noAgreement, { agreementAccepted: false });
  const suspendedPartner = await reseller(a.suspendedPartner, { status: PartnerStatus.SUSPENDED });
  const suspendedPartnership = await reseller(a.suspendedPartnership);
  const revokedPartnership = await reseller(a.revokedPartnership);
  const noRelationship = await reseller(a.noRelationship);
  const otherProvidersReseller = await reseller(a.otherProvidersReseller);

  await b.partnership(provider, good, PartnershipState.ACTIVE);
  await b.partnership(provider, noAgreement, PartnershipState.ACTIVE);
  await b.partnership(provider, suspendedPartner, PartnershipState.ACTIVE);
  await b.partnership(provider, suspendedPartnership, PartnershipState.SUSPENDED);
  await b.partnership(provider, revokedPartnership, PartnershipState.REVOKED);
  await b.partnership(provider, noRelationship, PartnershipState.ACTIVE);
  await b.partnership(otherProvider, otherProvidersReseller, PartnershipState.ACTIVE);

  const offer = await b.offer({
    code: a.offerCode,
    name: 'Fixture 365',
    productFamily: ProductFamily.MICROSOFT_365,
    billingCycle: BillingCycle.MONTHLY,
    regions: ['NORTH_AMERICA'],
    maxQuantity: 500,
  });
  const customer = await b.customer(a.customer, 'US');
  await b.relationship(customer, provider);
  await b.relationship(customer, good, { reseller: true, admin: false });
  for (const r of [noAgreement, suspendedPartner, suspendedPartnership, revokedPartnership]) {
    await b.relationship(customer, r, { reseller: true, admin: false });
  }
  await b.relationship(customer, otherProvidersReseller, { reseller: true, admin: false });
  await b.subscription({ customer, offer, quantity: 10, billingPartner: provider });

  await b.user(provider, a.users.provider, 'Harbor Admin', [Role.GLOBAL_ADMIN]);
  await b.user(provider, a.users.providerSales, 'Harbor Sales', [Role.SALES_AGENT]);
  await b.user(good, a.users.good, 'Good Admin', [Role.GLOBAL_ADMIN]);
  await b.user(customer, a.users.customer, 'Kestrel Admin', [Role.CUSTOMER_ADMIN]);
}
