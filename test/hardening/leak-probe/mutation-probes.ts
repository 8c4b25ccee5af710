import { randomBytes, randomUUID } from 'node:crypto';
import { toGlobalId, type NodeType } from '../../../src/core/node-id';
import type { Caller, GroundTruth, ProbeObject } from './ground-truth';

/** What a probe's input is built from: the identifying value, and the object it names. */
export interface ProbeCase {
  /** The value aimed at: a global ID, a link token, a tenant domain, an MPN ID, an email. */
  value: string;
  /** The object named; undefined for the reference case (a value naming nothing). */
  target?: ProbeObject;
  caller: Caller;
  truth: GroundTruth;
}

/**
 * How to aim one identifying input of a mutation at objects of other organizations. The probe
 * sends it, for every caller, with up to a few objects the caller may not see (one request,
 * one alias per object, after an alias naming nothing), and expects each object's answer to be
 * the reference answer (same payload, same errors, the value sent aside), nothing written and
 * nothing of an unrelated organization in the response.
 */
export interface MutationProbe {
  /** The Mutation field. */
  mutation: string;
  /** The input field aimed at (several probes may cover one mutation). */
  aim: string;
  /** Which objects to aim at; the probe keeps those out of the caller's scope. */
  targets(truth: GroundTruth, caller: Caller): ProbeObject[];
  /** The identifying value of a target; its global ID unless said otherwise. */
  value?(target: ProbeObject, truth: GroundTruth): string | undefined;
  /** What the server may derive from the value and say back (a prefix's full tenant domain). */
  echo?(value: string): string[];
  /** A value of the same form that names nothing: the reference answer. */
  unknown: () => string;
  /** The input for one case; null when the caller has no object of its own to pair it with. */
  input(c: ProbeCase): Record<string, unknown> | null;
  /**
   * Codes that show the probe reached what it is about (past the role gate and R-04), for at
   * least one caller: NOT_FOUND unless said otherwise; OK for an accepted by-design write.
   */
  reaches?: string[];
  /**
   * Set where the spec makes the answer depend on the object by design (public unique
   * identifiers, R-20 and R-28 addressing organizations the caller has no relationship with
   * yet): no comparison with the reference then, but still no unexpected error and nothing of
   * any other organization in the response; `writes` when a success is the spec's answer.
   */
  byDesign?: { why: string; writes?: boolean };
}

const UNKNOWN_ID = 999_999;
const unknownId = (type: NodeType) => () => toGlobalId(type, UNKNOWN_ID);
const unknownToken = () => randomBytes(32).toString('base64url');
const ofType =
  (...types: NodeType[]) =>
  (truth: GroundTruth) =>
    truth.objects.filter((o) => types.includes(o.type));
const version = (c: ProbeCase) => (c.target ? Number(c.truth.row(c.target).version) : 1);
/** A probe-unique suffix, so that only the value aimed at can collide with existing rows. */
const fresh = () => `probe${randomBytes(5).toString('hex')}`;

/** The caller's own subscriptions (R-30 visible), for inputs that pair one with a foreign ID. */
function ownSubscription(c: ProbeCase, kind: 'billed' | 'elsewhere'): ProbeObject | undefined {
  return c.truth.objects.find((o) => {
    if (o.type !== 'Subscription' || !c.truth.visible(c.caller, o)) return false;
    const row = c.truth.row(o);
    return kind === 'billed'
      ? Number(row.billing_partner_id) === c.caller.org.id
      : row.channel === 'ELSEWHERE' && row.status !== 'CANCELLED';
  });
}

/** An offer every region buys in quantities of 5. */
function anOffer(truth: GroundTruth): string {
  const offer = truth.objects.find((o) => {
    if (o.type !== 'Offer') return false;
    const row = truth.row(o);
    return (
      row.retired_at == null &&
      Number(row.min_quantity ?? 1) <= 5 &&
      Number(row.max_quantity ?? 5) >= 5 &&
      /Microsoft 365/.test(o.label)
    );
  });
  return offer!.gid;
}

/** subscriptionId aimed at out-of-scope subscriptions. */
function subscriptionProbe(
  mutation: string,
  extra: (c: ProbeCase) => Record<string, unknown> = () => ({}),
): MutationProbe {
  return {
    mutation,
    aim: 'subscriptionId',
    targets: ofType('Subscription'),
    unknown: unknownId('Subscription'),
    input: (c) => ({ subscriptionId: c.value, version: version(c), ...extra(c) }),
  };
}

/** A partner ID aimed at partners the caller does not see, paired with its own subscription. */
function subscriptionResellerProbe(mutation: string): MutationProbe {
  return {
    mutation,
    aim: 'resellerId',
    targets: ofType('Partner'),
    reaches: ['RESELLER_NOT_ASSOCIATED'],
    unknown: unknownId('Partner'),
    input: (c) => {
      const own = ownSubscription(c, 'billed');
      if (!own) return null;
      return {
        subscriptionId: own.gid,
        version: Number(c.truth.row(own).version),
        resellerId: c.value,
      };
    },
  };
}

/** VENDOR_ADMIN-only mutations: every probed caller is refused by its role (FORBIDDEN). */
function vendorProbe(
  mutation: string,
  type: 'Partner' | 'Partnership',
  extra: Record<string, unknown> = {},
): MutationProbe {
  const key = type === 'Partner' ? 'partnerId' : 'partnershipId';
  return {
    mutation,
    aim: key,
    targets: ofType(type),
    reaches: ['FORBIDDEN'],
    unknown: unknownId(type),
    input: (c) => ({ [key]: c.value, ...extra }),
  };
}

function userProbe(mutation: string, extra: Record<string, unknown> = {}): MutationProbe {
  return {
    mutation,
    aim: 'userId',
    targets: ofType('User'),
    unknown: unknownId('User'),
    input: (c) => ({ userId: c.value, ...extra }),
  };
}

/** The link tokens the demo seed publishes, aimed at by every accepting mutation. */
function tokenProbe(mutation: string, targets: NodeType[] = []): MutationProbe {
  return {
    mutation,
    aim: 'token',
    reaches: ['INVITATION_INVALID'],
    targets: (truth) =>
      ofType(
        'PartnershipInvitation',
        'RelationshipRequest',
      )(truth).filter((o) => truth.tokenOf(o) && !targets.includes(o.type)),
    value: (target, truth) => truth.tokenOf(target),
    unknown: unknownToken,
    input: (c) => ({ token: c.value, consent: true }),
  };
}

function enrollment(suffix: string, override: Record<string, unknown>): Record<string, unknown> {
  const domain = `${suffix}.example`;
  const contact = (name: string, local: string) => ({
    name,
    email: `${local}@${domain}`,
    phone: '+1 206 555 0100',
  });
  return {
    legalBusinessName: `Probe Partner ${suffix} LLC`,
    address: { line1: '1 Main Street', city: 'Seattle', region: 'WA', postalCode: '98101' },
    countryCode: 'US',
    mpnId: String(7_000_000 + (parseInt(suffix.slice(-5), 16) % 999_999)),
    tenantDomainPrefix: suffix,
    primaryContact: contact('Pat Primary', 'pat'),
    supportContact: contact('Sam Support', 'support'),
    administrator: { displayName: 'Ada Admin', email: `ada@${domain}` },
    ...override,
  };
}

function customerInput(prefix: string): Record<string, unknown> {
  return {
    companyName: `${prefix} Holdings`,
    countryCode: 'US',
    tenantDomainPrefix: prefix,
    address: { line1: '1 Pine Street', city: 'Seattle', region: 'WA', postalCode: '98101' },
    companyContact: { name: 'Pat Doe', email: `pat@${prefix}.example`, phone: '+1 206 555 0111' },
  };
}

const domainPrefix = (domain: string) => domain.replace(/\.onmicrosoft\.com$/, '');

const UNIQUE_IDENTIFIER =
  'R-01: MPN IDs, tenant domains and user emails are unique across the channel; taking one that exists is ALREADY_EXISTS, which tells only that the value sent is taken';

/**
 * Mutations that take no identifier of another organization. Every other mutation has at
 * least one probe below; the test lists the missing ones as todos.
 */
export const MUTATIONS_WITHOUT_FOREIGN_IDS = new Set([
  // Acts on the caller's own partner only; the input is a consent flag.
  'acceptPartnerAgreement',
  // Acts on the caller's own partner only; the optional email is a new address for its own
  // primary contact, not looked up (contact emails are not unique).
  'resendPartnerEmailVerification',
  // The input is an emailed link token and a provider's access token, never an object id; the
  // provider token is verified first (UNAUTHENTICATED without a provider, as in this probe).
  'redeemIdentityLink',
]);

export const mutationProbes: MutationProbe[] = [
  // the billing partner's lifecycle changes.
  subscriptionProbe('cancelSubscription'),
  subscriptionProbe('changeSubscriptionQuantity', () => ({ quantity: 7 })),
  subscriptionProbe('suspendSubscription', () => ({ reason: 'CUSTOMER_REQUEST' })),
  subscriptionProbe('reactivateSubscription'),
  // both the subscription and the reseller named.
  subscriptionProbe('setSubscriptionPartnerOfRecord', () => ({ resellerId: null })),
  subscriptionProbe('setSubscriptionSupportContact', () => ({ resellerId: null })),
  subscriptionResellerProbe('setSubscriptionPartnerOfRecord'),
  subscriptionResellerProbe('setSubscriptionSupportContact'),
  // the customer's own subscriptions bought elsewhere.
  subscriptionProbe('endServicePartnerHire'),
  subscriptionProbe('hireServicePartner', (c) => ({
    partnerId:
      c.truth.objects.find((o) => o.type === 'Partner' && c.truth.visible(c.caller, o))?.gid ??
      toGlobalId('Partner', UNKNOWN_ID),
  })),
  // an order for a customer out of scope, and a partner of record out of scope.
  {
    mutation: 'placeOrder',
    aim: 'customerId',
    targets: ofType('Customer'),
    unknown: unknownId('Customer'),
    input: (c) => ({
      customerId: c.value,
      idempotencyKey: randomUUID(),
      lines: [{ offerId: anOffer(c.truth), quantity: 5 }],
    }),
  },
  {
    mutation: 'placeOrder',
    aim: 'lines.partnerOfRecordId',
    targets: ofType('Partner'),
    reaches: ['RESELLER_NOT_ASSOCIATED'],
    unknown: unknownId('Partner'),
    input: (c) => {
      const own = ownSubscription(c, 'billed');
      if (!own) return null;
      return {
        customerId: toGlobalId('Customer', Number(c.truth.row(own).customer_id)),
        idempotencyKey: randomUUID(),
        lines: [{ offerId: anOffer(c.truth), quantity: 5, partnerOfRecordId: c.value }],
      };
    },
  },
  {
    mutation: 'placeOrder',
    aim: 'lines.supportContactId',
    targets: ofType('Partner'),
    reaches: ['RESELLER_NOT_ASSOCIATED'],
    unknown: unknownId('Partner'),
    input: (c) => {
      const own = ownSubscription(c, 'billed');
      if (!own) return null;
      return {
        customerId: toGlobalId('Customer', Number(c.truth.row(own).customer_id)),
        idempotencyKey: randomUUID(),
        lines: [{ offerId: anOffer(c.truth), quantity: 5, supportContactId: c.value }],
      };
    },
  },
  // a first subscription credited to a reseller out of scope.
  {
    mutation: 'addCustomer',
    aim: 'subscriptions.partnerOfRecordId',
    targets: ofType('Partner'),
    reaches: ['RESELLER_NOT_ASSOCIATED'],
    unknown: unknownId('Partner'),
    input: (c) => ({
      ...customerInput('probecustomer'),
      subscriptions: [{ offerId: anOffer(c.truth), quantity: 5, partnerOfRecordId: c.value }],
    }),
  },
  // the reseller designated to manage a new customer.
  {
    mutation: 'addCustomer',
    aim: 'indirectResellerId',
    targets: ofType('Partner'),
    reaches: ['RESELLER_NOT_PARTNERED'],
    unknown: unknownId('Partner'),
    input: (c) => ({ ...customerInput('probecustomer'), indirectResellerId: c.value }),
  },
  // the indirect provider named in a customer invitation.
  {
    mutation: 'inviteCustomer',
    aim: 'indirectProviderId',
    targets: ofType('Partner'),
    reaches: ['RESELLER_NOT_PARTNERED'],
    unknown: unknownId('Partner'),
    input: (c) => ({ indirectProviderId: c.value, recipientEmail: 'it@probe-recipient.example' }),
  },
  // another customer's relationships.
  {
    mutation: 'removeCustomerRelationship',
    aim: 'relationshipId',
    targets: ofType('CustomerRelationship'),
    unknown: unknownId('CustomerRelationship'),
    input: (c) => ({ relationshipId: c.value, resellerRelationship: true, delegatedAdmin: true }),
  },
  // partnerships of other partners.
  {
    mutation: 'endPartnership',
    aim: 'partnershipId',
    targets: ofType('Partnership'),
    unknown: unknownId('Partnership'),
    input: (c) => ({ partnershipId: c.value }),
  },
  {
    mutation: 'removeProviderAdminAccess',
    aim: 'partnershipId',
    targets: ofType('Partnership'),
    unknown: unknownId('Partnership'),
    input: (c) => ({ partnershipId: c.value }),
  },
  // users of other organizations.
  userProbe('disablePartnerUser'),
  userProbe('enablePartnerUser'),
  userProbe('updatePartnerUserRoles', { roles: ['SALES_AGENT'] }),
  // SPEC section 1: sign-in identities of the caller's own users only.
  userProbe('linkExternalIdentity', { issuer: 'https://idp.probe.example', subject: 'probe' }),
  userProbe('sendIdentityLink'),
  // links meant for other organizations, or of another kind.
  tokenProbe('acceptPartnershipInvitation'),
  tokenProbe('acceptRelationshipRequest'),
  // A pending customer invitation is addressed to an email, not to an organization: its
  // link is the credential, so only tokens of the other kinds are foreign to it.
  {
    ...tokenProbe('acceptCustomerInvitation'),
    targets: (truth) =>
      ofType(
        'PartnershipInvitation',
        'RelationshipRequest',
      )(truth).filter((o) => truth.tokenOf(o) && truth.row(o).kind !== 'CUSTOMER_INVITATION'),
  },
  { ...tokenProbe('verifyPartnerEmail'), input: (c) => ({ token: c.value }) },
  // the vendor's operations.
  vendorProbe('authorizeIndirectProvider', 'Partner', { regionCodes: ['NORTH_AMERICA'] }),
  vendorProbe('updateIndirectProviderRegions', 'Partner', { addRegionCodes: ['EUROPE'] }),
  vendorProbe('updateProviderProfile', 'Partner', { profile: { summary: 'Probe' } }),
  vendorProbe('reviewPartnerEnrollment', 'Partner', { decision: 'APPROVE' }),
  vendorProbe('suspendPartner', 'Partner', { reason: 'probe' }),
  vendorProbe('reinstatePartner', 'Partner'),
  vendorProbe('suspendPartnership', 'Partnership', { reason: 'probe' }),
  vendorProbe('reactivatePartnership', 'Partnership'),

  // By design: the value names an object outside the caller's scope on purpose.
  {
    mutation: 'createPartnerUser',
    aim: 'email',
    targets: ofType('User'),
    value: (target) => target.label,
    unknown: () => `someone@${fresh()}.example`,
    input: (c) => ({ displayName: 'Probe User', email: c.value, roles: ['SALES_AGENT'] }),
    reaches: ['ALREADY_EXISTS'],
    byDesign: { why: UNIQUE_IDENTIFIER },
  },
  {
    mutation: 'enrollPartner',
    aim: 'mpnId',
    targets: ofType('Partner'),
    value: (target, truth) => truth.row(target).mpn_id ?? undefined,
    unknown: () => '6999999',
    input: (c) => enrollment(fresh(), { mpnId: c.value }),
    reaches: ['ALREADY_EXISTS'],
    byDesign: { why: UNIQUE_IDENTIFIER },
  },
  {
    mutation: 'enrollPartner',
    aim: 'tenantDomainPrefix',
    targets: ofType('Partner', 'Customer'),
    value: (target, truth) => {
      const domain = truth.row(target).tenant_domain;
      return domain ? domainPrefix(domain) : undefined;
    },
    echo: (value) => [`${value}.onmicrosoft.com`],
    unknown: fresh,
    input: (c) => enrollment(fresh(), { tenantDomainPrefix: c.value }),
    reaches: ['ALREADY_EXISTS'],
    byDesign: { why: UNIQUE_IDENTIFIER },
  },
  {
    mutation: 'enrollPartner',
    aim: 'administrator.email',
    targets: ofType('User'),
    value: (target) => target.label,
    unknown: () => `ada@${fresh()}.example`,
    input: (c) =>
      enrollment(fresh(), { administrator: { displayName: 'Ada Admin', email: c.value } }),
    // The enrollment goes through whoever the address belongs to: no answer tells an anonymous
    // caller who is registered (enrollment-email-oracle.test.ts compares the answers).
    reaches: ['OK'],
    byDesign: { why: 'an enrollment is answered alike for known and unknown emails', writes: true },
  },
  {
    mutation: 'addCustomer',
    aim: 'tenantDomainPrefix',
    targets: ofType('Partner', 'Customer'),
    value: (target, truth) => {
      const domain = truth.row(target).tenant_domain;
      return domain ? domainPrefix(domain) : undefined;
    },
    echo: (value) => [`${value}.onmicrosoft.com`],
    unknown: fresh,
    input: (c) => customerInput(c.value),
    reaches: ['ALREADY_EXISTS'],
    byDesign: { why: UNIQUE_IDENTIFIER },
  },
  // Writes last: they relate the caller to the organizations they name.
  {
    mutation: 'requestPartnership',
    aim: 'resellerMpnId',
    targets: ofType('Partner'),
    value: (target, truth) => truth.row(target).mpn_id ?? undefined,
    unknown: () => '6999999',
    input: (c) => ({ resellerMpnId: c.value, message: 'Probe' }),
    reaches: ['REGION_MISMATCH', 'NOT_AN_INDIRECT_RESELLER'],
    byDesign: {
      why: "R-10, R-14, R-08: a provider asks a reseller it has no relationship with yet, by MPN ID; the answer tells the reseller's kind (NOT_AN_INDIRECT_RESELLER) and region (REGION_MISMATCH)",
      writes: true,
    },
  },
  {
    mutation: 'requestCustomerRelationship',
    aim: 'customerTenantDomain',
    targets: ofType('Customer'),
    value: (target, truth) => truth.row(target).tenant_domain ?? undefined,
    unknown: () => `${fresh()}.onmicrosoft.com`,
    input: (c) => ({
      customerTenantDomain: c.value,
      recipientEmail: 'it@probe-recipient.example',
      resellerRelationship: true,
    }),
    reaches: ['OK'],
    byDesign: {
      why: 'R-20: any partner asks an existing customer it has no relationship with, by tenant domain; the answer tells whether a customer has that domain',
      writes: true,
    },
  },
  {
    mutation: 'hireServicePartner',
    aim: 'partnerId',
    targets: ofType('Partner'),
    unknown: unknownId('Partner'),
    input: (c) => {
      // Without a version: each hire of the request replaces the previous one.
      const own = ownSubscription(c, 'elsewhere');
      return own ? { subscriptionId: own.gid, partnerId: c.value } : null;
    },
    reaches: ['OK', 'NOT_FOUND'],
    byDesign: {
      why: 'R-28: a customer hires any partner that can transact, related or not; NOT_FOUND for the others tells which can',
      writes: true,
    },
  },
  {
    mutation: 'recordExternalSubscription',
    aim: 'servicePartnerId',
    targets: ofType('Partner'),
    unknown: unknownId('Partner'),
    input: (c) => ({ offerId: anOffer(c.truth), quantity: 5, servicePartnerId: c.value }),
    reaches: ['OK', 'NOT_FOUND'],
    byDesign: {
      why: 'R-28: as hireServicePartner, when recording the subscription',
      writes: true,
    },
  },
];
