import type { EntityManager } from 'typeorm';
import { BillingCycle, ProductFamily } from '../../catalog/catalog-enums';
import type { Offer } from '../../catalog/offer.entity';
import { RelationshipOrigin } from '../../customers/customer-relationship.entity';
import { RelationshipRequestKind } from '../../customers/relationship-request.entity';
import { Role } from '../../core/role';
import type { Organization } from '../../organizations/organization.entity';
import { PartnerKind } from '../../partners/partner-kind';
import { PartnerStatus } from '../../partners/partner-status';
import { PartnershipState } from '../../partnerships/partnership-state';
import { SubscriptionStatus, SuspensionReason } from '../../subscriptions/subscription-enums';
import { ChannelBuilder } from './channel-builder';

export interface DemoUser {
  email: string;
  organization: string;
  roles: Role[];
}

/** The token of the pending partnership request Fabrikam sent Lucerne, for the README tour. */
export const DEMO_INVITATION_TOKEN = 'demo-fabrikam-invites-lucerne';

/** Tokens of the pending customer invitation and relationship request, for the docs. */
export const DEMO_CUSTOMER_INVITATION_TOKEN = 'demo-trey-invites-munsons-pickles';
export const DEMO_RELATIONSHIP_REQUEST_TOKEN = 'demo-fabrikam-asks-alpine-ski-house';

const ALL_REGIONS = [
  'NORTH_AMERICA',
  'LATIN_AMERICA',
  'EUROPE',
  'MIDDLE_EAST_AFRICA',
  'ASIA_PACIFIC',
];

/**
 * A small, believable channel in three CSP regions: two indirect providers, a direct-bill
 * partner, resellers in every partnership state (one partnered with both providers),
 * customers served by each, offers of several product families and a user for every role.
 */
export async function seedDemoChannel(
  manager: EntityManager,
  now = new Date(),
): Promise<DemoUser[]> {
  const b = new ChannelBuilder(manager, now);
  const users: DemoUser[] = [];
  const user = async (org: Organization, local: string, name: string, roles: Role[]) => {
    const domain = org.tenantDomain!.replace('.onmicrosoft.com', '.example');
    const email = `${local}@${domain}`;
    await b.user(org, email, name, roles);
    users.push({ email, organization: org.name, roles });
  };

  const vendor = await b.vendor('Microsoft');
  await user(vendor, 'operator', 'Val Operator', [Role.VENDOR_ADMIN]);

  // Indirect providers (distributors)
  const contoso = await b.partner({
    name: 'Contoso Distribution',
    kind: PartnerKind.INDIRECT_PROVIDER,
    countryCode: 'US',
    city: 'Seattle',
  });
  await b.authorizeProvider(contoso, ['NORTH_AMERICA', 'LATIN_AMERICA']);
  await b.providerProfile(contoso, {
    summary:
      'Full-service distributor for the Americas: 24x7 billing and technical support, onboarding bootcamps.',
    website: 'https://contoso-distribution.example',
    contact: {
      name: 'Partner Desk',
      email: 'partners@contosodistribution.example',
      phone: '+1 206 555 0100',
    },
    offersTechnicalTraining: true,
    offersMarketingHelp: true,
    offersFinancing: true,
  });
  const fabrikam = await b.partner({
    name: 'Fabrikam Distribution',
    kind: PartnerKind.INDIRECT_PROVIDER,
    countryCode: 'DE',
    city: 'Munich',
  });
  await b.authorizeProvider(fabrikam, ['EUROPE', 'NORTH_AMERICA']);
  await b.providerProfile(fabrikam, {
    summary:
      'European distributor with a North American branch; flexible credit lines for growing resellers.',
    website: 'https://fabrikam-distribution.example',
    contact: {
      name: 'Reseller Onboarding',
      email: 'onboarding@fabrikamdistribution.example',
      phone: '+49 89 555 0100',
    },
    offersTechnicalTraining: true,
    offersFinancing: true,
  });

  // Direct-bill partner
  const adatum = await b.partner({
    name: 'Adatum Cloud Services',
    kind: PartnerKind.DIRECT_BILL,
    countryCode: 'US',
    city: 'Boston',
  });

  // Indirect resellers
  const trey = await b.partner({
    name: 'Trey Research IT',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'US',
    city: 'Portland',
  });
  const litware = await b.partner({
    name: 'Litware Systems',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'CA',
    city: 'Toronto',
  });
  const proseware = await b.partner({
    name: 'Proseware Consulting',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'FR',
    city: 'Lyon',
  });
  const lucerne = await b.partner({
    name: 'Lucerne IT Services',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'DE',
    city: 'Berlin',
  });
  const vanarsdel = await b.partner({
    name: 'VanArsdel Tech',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'MX',
    city: 'Monterrey',
  });
  const southridge = await b.partner({
    name: 'Southridge Solutions',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'US',
    city: 'Denver',
    agreementAccepted: false,
  });
  const relecloud = await b.partner({
    name: 'Relecloud Partners',
    kind: PartnerKind.INDIRECT_RESELLER,
    countryCode: 'GB',
    city: 'Leeds',
    status: PartnerStatus.PENDING_REVIEW,
  });

  await b.partnership(contoso, trey, PartnershipState.ACTIVE);
  await b.partnership(fabrikam, trey, PartnershipState.ACTIVE);
  await b.partnership(contoso, litware, PartnershipState.ACTIVE);
  await b.partnership(fabrikam, proseware, PartnershipState.ACTIVE);
  await b.partnership(fabrikam, lucerne, PartnershipState.INVITED, {
    invitationToken: DEMO_INVITATION_TOKEN,
  });
  await b.partnership(contoso, vanarsdel, PartnershipState.REVOKED);

  // Catalog
  const offer = (
    code: string,
    name: string,
    productFamily: ProductFamily,
    billingCycle: BillingCycle,
    extra: Partial<Parameters<ChannelBuilder['offer']>[0]> = {},
  ) => b.offer({ code, name, productFamily, billingCycle, regions: ALL_REGIONS, ...extra });
  const offers: Record<string, Offer> = {
    m365Basic: await offer(
      'MS-365-BB-M',
      'Microsoft 365 Business Basic',
      ProductFamily.MICROSOFT_365,
      BillingCycle.MONTHLY,
      { maxQuantity: 300 },
    ),
    m365Standard: await offer(
      'MS-365-BS-M',
      'Microsoft 365 Business Standard',
      ProductFamily.MICROSOFT_365,
      BillingCycle.MONTHLY,
      { maxQuantity: 300 },
    ),
    m365Premium: await offer(
      'MS-365-BP-A',
      'Microsoft 365 Business Premium',
      ProductFamily.MICROSOFT_365,
      BillingCycle.ANNUAL,
      { maxQuantity: 300 },
    ),
    m365E3: await offer(
      'MS-365-E3-A',
      'Microsoft 365 E3',
      ProductFamily.MICROSOFT_365,
      BillingCycle.ANNUAL,
    ),
    m365E5: await offer(
      'MS-365-E5-A',
      'Microsoft 365 E5',
      ProductFamily.MICROSOFT_365,
      BillingCycle.ANNUAL,
    ),
    o365E1: await offer(
      'O365-E1-M',
      'Office 365 E1',
      ProductFamily.OFFICE_365,
      BillingCycle.MONTHLY,
    ),
    o365E3: await offer(
      'O365-E3-A',
      'Office 365 E3',
      ProductFamily.OFFICE_365,
      BillingCycle.ANNUAL,
    ),
    azurePlan: await offer('AZ-PLAN', 'Azure plan', ProductFamily.AZURE, BillingCycle.USAGE, {
      licenseUnit: 'Subscriptions',
      maxQuantity: 1,
      description: 'Pay-as-you-go Azure consumption, billed monthly in arrears.',
    }),
    azureReserved: await offer(
      'AZ-RI-VM-1Y',
      'Azure Reserved VM Instances (1 year)',
      ProductFamily.AZURE,
      BillingCycle.ANNUAL,
      {
        licenseUnit: 'Instances',
        maxQuantity: 1000,
        regions: ['NORTH_AMERICA', 'EUROPE'],
      },
    ),
    d365Sales: await offer(
      'D365-SALES-PRO',
      'Dynamics 365 Sales Professional',
      ProductFamily.DYNAMICS_365,
      BillingCycle.MONTHLY,
      {
        maxQuantity: 5000,
        regions: ['NORTH_AMERICA', 'LATIN_AMERICA', 'EUROPE'],
      },
    ),
    d365Bc: await offer(
      'D365-BC-ESS',
      'Dynamics 365 Business Central Essentials',
      ProductFamily.DYNAMICS_365,
      BillingCycle.ANNUAL,
      {
        maxQuantity: 5000,
        regions: ['NORTH_AMERICA', 'EUROPE'],
      },
    ),
    powerBi: await offer(
      'PBI-PRO-M',
      'Power BI Pro',
      ProductFamily.POWER_PLATFORM,
      BillingCycle.MONTHLY,
    ),
    defender: await offer(
      'DEF-O365-P2',
      'Microsoft Defender for Office 365 (Plan 2)',
      ProductFamily.SECURITY,
      BillingCycle.ANNUAL,
      {
        regions: ['EUROPE'],
      },
    ),
    retired: await offer(
      'O365-PROPLUS',
      'Office 365 ProPlus (retired)',
      ProductFamily.OFFICE_365,
      BillingCycle.MONTHLY,
      {
        available: false,
      },
    ),
  };

  // Customers and their subscriptions
  const northwind = await b.customer('Northwind Traders', 'US', 'Chicago');
  await b.relationship(northwind, contoso);
  await b.relationship(northwind, trey, { origin: RelationshipOrigin.DESIGNATED_RESELLER });
  await b.subscription({
    customer: northwind,
    offer: offers.m365Standard,
    quantity: 25,
    billingPartner: contoso,
    partnerOfRecord: trey,
    supportContact: trey,
  });
  await b.subscription({
    customer: northwind,
    offer: offers.azurePlan,
    quantity: 1,
    billingPartner: contoso,
    partnerOfRecord: trey,
  });

  const tailspin = await b.customer('Tailspin Toys', 'CA', 'Vancouver');
  await b.relationship(tailspin, contoso);
  await b.relationship(tailspin, litware, { origin: RelationshipOrigin.DESIGNATED_RESELLER });
  await b.subscription({
    customer: tailspin,
    offer: offers.m365E3,
    quantity: 120,
    billingPartner: contoso,
    partnerOfRecord: litware,
    supportContact: litware,
  });
  await b.subscription({
    customer: tailspin,
    offer: offers.d365Sales,
    quantity: 15,
    billingPartner: contoso,
    partnerOfRecord: litware,
    status: SubscriptionStatus.SUSPENDED,
    suspensionReason: SuspensionReason.NON_PAYMENT,
  });

  const wingtip = await b.customer('Wingtip Toys', 'US', 'Austin');
  await b.relationship(wingtip, fabrikam);
  await b.relationship(wingtip, trey, { origin: RelationshipOrigin.DESIGNATED_RESELLER });
  await b.subscription({
    customer: wingtip,
    offer: offers.o365E1,
    quantity: 40,
    billingPartner: fabrikam,
    partnerOfRecord: trey,
  });

  const coho = await b.customer('Coho Winery', 'FR', 'Bordeaux');
  await b.relationship(coho, fabrikam);
  await b.relationship(coho, proseware, { origin: RelationshipOrigin.DESIGNATED_RESELLER });
  await b.subscription({
    customer: coho,
    offer: offers.m365Premium,
    quantity: 18,
    billingPartner: fabrikam,
    partnerOfRecord: proseware,
    supportContact: proseware,
  });
  await b.subscription({
    customer: coho,
    offer: offers.powerBi,
    quantity: 5,
    billingPartner: fabrikam,
    status: SubscriptionStatus.CANCELLED,
  });

  const fourthCoffee = await b.customer('Fourth Coffee', 'DE', 'Hamburg');
  await b.relationship(fourthCoffee, fabrikam);
  await b.subscription({
    customer: fourthCoffee,
    offer: offers.azurePlan,
    quantity: 1,
    billingPartner: fabrikam,
  });
  await b.subscription({
    customer: fourthCoffee,
    offer: offers.defender,
    quantity: 60,
    billingPartner: fabrikam,
  });

  const bestForYou = await b.customer('Best For You Organics', 'MX', 'Guadalajara');
  await b.relationship(bestForYou, contoso);
  await b.subscription({
    customer: bestForYou,
    offer: offers.o365E3,
    quantity: 12,
    billingPartner: contoso,
  });

  const woodgrove = await b.customer('Woodgrove Bank', 'US', 'New York');
  await b.relationship(woodgrove, adatum);
  await b.subscription({
    customer: woodgrove,
    offer: offers.m365E5,
    quantity: 300,
    billingPartner: adatum,
  });

  // Multi-partner: Alpine Ski House buys from Adatum and gave Contoso delegated admin.
  const alpine = await b.customer('Alpine Ski House', 'US', 'Aspen');
  await b.relationship(alpine, adatum);
  await b.relationship(alpine, contoso, {
    reseller: false,
    admin: true,
    origin: RelationshipOrigin.RELATIONSHIP_REQUEST,
  });
  await b.subscription({
    customer: alpine,
    offer: offers.m365Basic,
    quantity: 45,
    billingPartner: adatum,
  });

  // Multi-channel: bought elsewhere, Trey hired to provision and support it.
  const margies = await b.customer("Margie's Travel", 'US', 'Miami');
  await b.relationship(margies, trey, {
    reseller: false,
    admin: true,
    origin: RelationshipOrigin.MULTI_CHANNEL,
  });
  await b.subscription({
    customer: margies,
    offer: offers.m365Premium,
    quantity: 10,
    servicePartner: trey,
  });

  // No partner yet: a target for invitations and relationship requests.
  const munson = await b.customer("Munson's Pickles", 'US', 'Buffalo');

  // Pending links a customer admin can accept; see docs/workflows-customers.md.
  await b.relationshipRequest({
    kind: RelationshipRequestKind.CUSTOMER_INVITATION,
    partner: trey,
    indirectProvider: contoso,
    recipientEmail: 'admin@munsonspickles.example',
    message: 'Trey Research IT would like to be your cloud reseller, with Contoso Distribution.',
    resellerRelationship: true,
    delegatedAdmin: true,
    token: DEMO_CUSTOMER_INVITATION_TOKEN,
  });
  await b.relationshipRequest({
    kind: RelationshipRequestKind.RELATIONSHIP_REQUEST,
    partner: fabrikam,
    customer: alpine,
    recipientEmail: 'admin@alpineskihouse.example',
    message: 'Fabrikam Distribution would like to handle your Azure business.',
    resellerRelationship: true,
    delegatedAdmin: true,
    token: DEMO_RELATIONSHIP_REQUEST_TOKEN,
  });

  // Users: every role at Contoso and Trey, admins elsewhere.
  await user(contoso, 'globaladmin', 'Gina Global', [Role.GLOBAL_ADMIN]);
  await user(contoso, 'adminagent', 'Arturo Agent', [Role.ADMIN_AGENT]);
  await user(contoso, 'sales', 'Sasha Sales', [Role.SALES_AGENT]);
  await user(contoso, 'helpdesk', 'Hugo Helpdesk', [Role.HELPDESK_AGENT]);
  await user(contoso, 'billing', 'Bea Billing', [Role.BILLING_ADMIN]);
  await user(fabrikam, 'globaladmin', 'Franz Global', [Role.GLOBAL_ADMIN]);
  await user(fabrikam, 'adminagent', 'Frieda Agent', [Role.ADMIN_AGENT, Role.SALES_AGENT]);
  await user(adatum, 'globaladmin', 'Ada Global', [Role.GLOBAL_ADMIN]);
  await user(adatum, 'sales', 'Adrian Sales', [Role.SALES_AGENT]);
  await user(trey, 'globaladmin', 'Tara Global', [Role.GLOBAL_ADMIN]);
  await user(trey, 'adminagent', 'Theo Agent', [Role.ADMIN_AGENT]);
  await user(trey, 'sales', 'Tina Sales', [Role.SALES_AGENT]);
  await user(trey, 'helpdesk', 'Tomas Helpdesk', [Role.HELPDESK_AGENT]);
  await user(trey, 'billing', 'Tess Billing', [Role.BILLING_ADMIN]);
  await user(litware, 'globaladmin', 'Lia Global', [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT]);
  await user(proseware, 'globaladmin', 'Pierre Global', [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT]);
  await user(lucerne, 'globaladmin', 'Lena Global', [Role.GLOBAL_ADMIN, Role.ADMIN_AGENT]);
  await user(vanarsdel, 'globaladmin', 'Valeria Global', [Role.GLOBAL_ADMIN]);
  await user(southridge, 'globaladmin', 'Sam Global', [Role.GLOBAL_ADMIN]);
  await user(relecloud, 'globaladmin', 'Rita Global', [Role.GLOBAL_ADMIN]);
  for (const customer of [
    northwind,
    tailspin,
    wingtip,
    coho,
    fourthCoffee,
    bestForYou,
    woodgrove,
    alpine,
    margies,
    munson,
  ]) {
    await user(customer, 'admin', `${customer.name} Admin`, [Role.CUSTOMER_ADMIN]);
  }
  return users;
}
