import { UserStatus } from '../../../src/identity/user.entity';
import { PartnerStatus } from '../../../src/partners/partner-status';
import type { Partner } from '../../../src/partners/partner.entity';
import { PartnershipState } from '../../../src/partnerships/partnership-state';
import { SubscriptionStatus } from '../../../src/subscriptions/subscription-enums';
import type { Subscription } from '../../../src/subscriptions/subscription.entity';
import { CALLER_ORGS, gid, type MatrixFixture, type PartnerKey, type World } from './fixture';

/**
 * What each cell of the matrix sends: for every mutation, the input naming an object of the
 * caller's own organization ("own") or of an organization it has nothing to do with
 * ("foreign"). Inputs are always well-formed, so a cell's outcome is about who calls on what.
 * Objects an allowed call would change are created for the cell alone, so cells do not depend
 * on each other. `null` means the cell does not exist (n/a in the table).
 */

/** Columns of the matrix: anonymous, partner users of the three kinds, customer and vendor. */
export type CallerKind = 'anonymous' | PartnerKey | 'C' | 'V';
export type Scope = 'own' | 'foreign';

export interface Cell {
  kind: CallerKind;
  scope: Scope;
}

export type Input = Record<string, unknown>;

export interface MutationCase {
  /** What the own and foreign objects are, for the report. */
  own: string;
  foreign: string;
  /** Whose users call, when the row is about a partner's own state (see CALLER_ORGS). */
  callers?: keyof typeof CALLER_ORGS;
  input(fx: MatrixFixture, cell: Cell): Promise<Input | null> | Input | null;
}

/**
 * The partner kind whose objects a caller names: its own kind, or the row's main kind for
 * callers without one (anonymous, customer and vendor users name the same objects, which they
 * are refused before any lookup anyway).
 */
function keyOf(cell: Cell, main: PartnerKey): PartnerKey {
  return cell.kind === 'P' || cell.kind === 'R' || cell.kind === 'D' ? cell.kind : main;
}

const worldOf = (fx: MatrixFixture, cell: Cell): World =>
  cell.scope === 'own' ? fx.own : fx.foreign;

/** A partner of the caller's kind: its own organization, or the foreign world's. */
const partnerOf = (fx: MatrixFixture, cell: Cell): Partner => worldOf(fx, cell)[keyOf(cell, 'P')];

/**
 * Subscription rows: own is a subscription of the caller's organization (billed by P or D, created
 * for the cell since an allowed caller changes it; R is partner of record of P's), foreign one of
 * the foreign world's customers.
 */
async function subscriptionOf(fx: MatrixFixture, cell: Cell, suspended: boolean): Promise<string> {
  const key = keyOf(cell, 'P');
  if (cell.scope === 'own' && key !== 'R') {
    const customer = key === 'P' ? fx.own.providerCustomer : fx.own.directCustomer;
    const status = suspended ? SubscriptionStatus.SUSPENDED : SubscriptionStatus.ACTIVE;
    return gid.subscription(await fx.subscription(customer, fx.own[key], { status }));
  }
  const world = worldOf(fx, cell);
  const subscription: Subscription =
    key === 'D'
      ? suspended
        ? world.directSuspendedSubscription
        : world.directSubscription
      : suspended
        ? world.providerSuspendedSubscription
        : world.providerSubscription;
  return gid.subscription(subscription);
}

const subscriptionCase = (
  change: (subscriptionId: string, cell: Cell, fx: MatrixFixture) => Input,
  suspended = false,
): MutationCase => ({
  own: "a subscription the caller's organization bills (P, D), or is partner of record of (R)",
  foreign: "a subscription of the foreign world's customers",
  input: async (fx, cell) => change(await subscriptionOf(fx, cell, suspended), cell, fx),
});

/** A partnership: own is one the caller is a side of (fresh, ACTIVE), D has none. */
async function partnershipOf(
  fx: MatrixFixture,
  cell: Cell,
  main: PartnerKey,
  state = PartnershipState.ACTIVE,
): Promise<string | null> {
  const key = keyOf(cell, main);
  if (cell.scope === 'foreign') return gid.partnership(fx.foreign.partnership);
  if (key === 'D') return null;
  const partnership =
    key === 'P'
      ? await fx.partnership(fx.own.P, await fx.reseller(), state)
      : await fx.partnership(await fx.provider(), fx.own.R, state);
  return gid.partnership(partnership);
}

const vendorPartnerCase = (
  fresh: (fx: MatrixFixture) => Promise<Partner>,
  input: (partnerId: string, fx: MatrixFixture) => Input,
  own: string,
): MutationCase => ({
  own: `VENDOR_ADMIN: ${own}; a partner user: its own organization; a customer admin: its provider`,
  foreign: 'a partner of the foreign world (the vendor has no foreign organization)',
  input: async (fx, cell) =>
    input(
      gid.partner(
        cell.kind === 'V' && cell.scope === 'own' ? await fresh(fx) : partnerOf(fx, cell),
      ),
      fx,
    ),
});

const colleagueCase = (disabled: boolean, extra: Input = {}): MutationCase => ({
  own: `a ${disabled ? 'disabled ' : ''}user of the caller's organization (SALES_AGENT)`,
  foreign: `a ${disabled ? 'disabled ' : ''}user of the foreign partner of the same kind`,
  input: async (fx, cell) => {
    const key = keyOf(cell, 'P');
    const user =
      cell.scope === 'own'
        ? await fx.colleague(fx.own[key], disabled ? UserStatus.DISABLED : UserStatus.ACTIVE)
        : (disabled ? fx.foreign.disabledColleague : fx.foreign.colleague)[key];
    return { userId: gid.user(user), ...extra };
  },
});

function enrollment(n: number): Input {
  const domain = `enrolling${n}.example`;
  const contact = (name: string, local: string) => ({
    name,
    email: `${local}@${domain}`,
    phone: '+1 206 555 0100',
  });
  return {
    legalBusinessName: `Enrolling Partner ${n} LLC`,
    address: { line1: '1 Main Street', city: 'Seattle', region: 'WA', postalCode: '98101' },
    countryCode: 'US',
    mpnId: String(8_000_000 + n),
    tenantDomainPrefix: `enrolling${n}`,
    primaryContact: contact('Pat Primary', 'pat'),
    supportContact: contact('Sam Support', 'support'),
    administrator: { displayName: 'Ada Admin', email: `ada@${domain}` },
  };
}

function newCustomer(n: number, indirectResellerId: string | null): Input {
  return {
    companyName: `Matrix Customer ${n}`,
    countryCode: 'US',
    tenantDomainPrefix: `matrixcustomer${n}`,
    address: { line1: '1 Pine Street', city: 'Seattle', region: 'WA', postalCode: '98101' },
    companyContact: { name: 'Pat Doe', email: `pat@matrixcustomer${n}.example` },
    indirectResellerId,
  };
}

const CONSENT = { consent: true };

export const CASES: Record<string, MutationCase> = {
  // Enrollment (R-01..R-04) and users
  enrollPartner: {
    own: 'a new enrollment: public, any token is ignored',
    foreign: 'n/a: the input names no existing object',
    input: (fx, cell) => (cell.scope === 'own' ? enrollment(fx.next()) : null),
  },
  verifyPartnerEmail: {
    own: 'the emailed token of a partner in PENDING_EMAIL_VERIFICATION: public',
    foreign: 'n/a: the token is the only credential',
    input: async (fx, cell) =>
      cell.scope === 'own' ? { token: await fx.pendingVerification() } : null,
  },
  resendPartnerEmailVerification: {
    own: "the caller's own enrollment; the reseller's callers are users of Pending Reseller (R-01: only a reseller enrolls), the others' partners are verified already",
    foreign: "n/a: it acts on the caller's organization",
    callers: 'pendingVerification',
    input: (_fx, cell) => (cell.scope === 'own' ? {} : null),
  },
  reviewPartnerEnrollment: vendorPartnerCase(
    (fx) => fx.reseller({ status: PartnerStatus.PENDING_REVIEW }),
    (partnerId) => ({ partnerId, decision: 'APPROVE' }),
    'a partner in PENDING_REVIEW',
  ),
  acceptPartnerAgreement: {
    own: "the caller's own partner, which has not accepted the agreement yet (Unsigned *)",
    foreign: "n/a: it acts on the caller's organization",
    callers: 'unsigned',
    input: (_fx, cell) => (cell.scope === 'own' ? CONSENT : null),
  },
  createPartnerUser: {
    own: "a new SALES_AGENT of the caller's organization",
    foreign: "n/a: users are always created in the caller's organization",
    input: (fx, cell) =>
      cell.scope === 'own'
        ? {
            email: `new${fx.next()}@matrix.example`,
            displayName: 'New User',
            roles: ['SALES_AGENT'],
          }
        : null,
  },
  updatePartnerUserRoles: colleagueCase(false, { roles: ['SALES_AGENT', 'HELPDESK_AGENT'] }),
  disablePartnerUser: colleagueCase(false),
  enablePartnerUser: colleagueCase(true),
  sendIdentityLink: colleagueCase(false),
  redeemIdentityLink: {
    own: "a token that is no provider's: the matrix runs without an identity provider (redeeming is tested in test/identity/oidc-sign-in.test.ts)",
    foreign: 'n/a: the link is the only credential',
    input: (_fx, cell) =>
      cell.scope === 'own' ? { token: 'no-such-link', accessToken: 'not-a-provider-token' } : null,
  },
  linkExternalIdentity: {
    ...colleagueCase(false),
    input: async (fx, cell) => ({
      ...(await colleagueCase(false).input(fx, cell)),
      issuer: 'https://login.example.com/tenant',
      subject: `matrix-subject-${fx.next()}`,
    }),
  },

  // Provider authorization
  authorizeIndirectProvider: vendorPartnerCase(
    (fx) => fx.reseller(),
    (partnerId) => ({ partnerId, regionCodes: ['NORTH_AMERICA'] }),
    'an active reseller without partnerships',
  ),
  updateIndirectProviderRegions: vendorPartnerCase(
    (fx) => fx.provider(),
    (partnerId) => ({ partnerId, addRegionCodes: ['EUROPE'] }),
    'an indirect provider',
  ),
  updateProviderProfile: vendorPartnerCase(
    (fx) => fx.provider(),
    (partnerId, fx) => ({ partnerId, profile: { summary: `Profile ${fx.next()}` } }),
    'an indirect provider',
  ),

  // Partnerships (R-08, R-10..R-14)
  requestPartnership: {
    own: 'an active reseller of the region without a partnership',
    foreign: "a reseller partnered with the foreign world's provider (a reseller may have several)",
    input: async (fx, cell) => {
      const reseller = await fx.reseller();
      if (cell.scope === 'foreign')
        await fx.partnership(fx.foreign.P, reseller, PartnershipState.ACTIVE);
      return { resellerMpnId: reseller.mpnId };
    },
  },
  acceptPartnershipInvitation: {
    own: 'R: a pending request addressed to it; P: one it sent; D has none',
    foreign: "a pending request addressed to the foreign world's reseller",
    input: async (fx, cell) => {
      if (cell.scope === 'foreign') return { token: fx.invitationToForeignReseller, ...CONSENT };
      const key = keyOf(cell, 'R');
      if (key === 'D') return null;
      const token =
        key === 'R'
          ? await fx.invitation(await fx.provider(), fx.own.R)
          : await fx.invitation(fx.own.P, await fx.reseller());
      return { token, ...CONSENT };
    },
  },
  removeProviderAdminAccess: {
    own: 'an ACTIVE partnership the caller is a side of (provider admin access granted); D has none',
    foreign: "the foreign world's partnership",
    input: async (fx, cell) => {
      const partnershipId = await partnershipOf(fx, cell, 'R');
      return partnershipId ? { partnershipId } : null;
    },
  },
  endPartnership: {
    own: 'an ACTIVE partnership the caller is a side of; D has none',
    foreign: "the foreign world's partnership",
    input: async (fx, cell) => {
      const partnershipId = await partnershipOf(fx, cell, 'P');
      return partnershipId ? { partnershipId } : null;
    },
  },
  suspendPartnership: {
    own: 'an ACTIVE partnership of the own world (a side of it, for partner users; D has none)',
    foreign: "the foreign world's partnership",
    input: async (fx, cell) => {
      const partnershipId = await partnershipOf(fx, cell, 'P');
      return partnershipId ? { partnershipId, reason: 'matrix' } : null;
    },
  },
  reactivatePartnership: {
    own: 'a SUSPENDED partnership of the own world (a side of it, for partner users; D has none)',
    foreign: "the foreign world's partnership",
    input: async (fx, cell) => {
      const partnershipId = await partnershipOf(fx, cell, 'P', PartnershipState.SUSPENDED);
      return partnershipId ? { partnershipId } : null;
    },
  },
  suspendPartner: vendorPartnerCase(
    (fx) => fx.reseller(),
    (partnerId) => ({ partnerId, reason: 'matrix' }),
    'an ACTIVE partner',
  ),
  reinstatePartner: vendorPartnerCase(
    (fx) => fx.reseller({ status: PartnerStatus.SUSPENDED }),
    (partnerId) => ({ partnerId }),
    'a SUSPENDED partner',
  ),

  // Customers (R-15..R-22)
  addCustomer: {
    own: 'a new customer; P designates its own reseller R',
    foreign: "a new customer designating the foreign world's reseller",
    input: (fx, cell) => {
      const key = keyOf(cell, 'P');
      const reseller =
        cell.scope === 'foreign'
          ? gid.partner(fx.foreign.R)
          : key === 'P'
            ? gid.partner(fx.own.R)
            : null;
      return newCustomer(fx.next(), reseller);
    },
  },
  inviteCustomer: {
    own: 'R: its provider P; P: itself; D has no provider',
    foreign: "the foreign world's provider",
    input: (fx, cell) => {
      const key = keyOf(cell, 'R');
      if (cell.scope === 'own' && key === 'D') return null;
      const provider = cell.scope === 'own' ? fx.own.P : fx.foreign.P;
      return {
        indirectProviderId: gid.partner(provider),
        recipientEmail: `it${fx.next()}@prospect.example`,
      };
    },
  },
  acceptCustomerInvitation: {
    own: "a pending invitation from R (with P) to the caller's customer (Cedar)",
    foreign: 'an invitation the foreign world customer accepted already',
    input: async (fx, cell) => ({
      token:
        cell.scope === 'own'
          ? await fx.customerInvitationToken()
          : fx.customerInvitationAcceptedElsewhere,
      ...CONSENT,
    }),
  },
  requestCustomerRelationship: {
    own: 'a customer the caller administers only (asking for a reseller relationship)',
    foreign: "the foreign world's customer (R-20: any partner may ask any customer)",
    input: (fx, cell) => ({
      customerTenantDomain: (cell.scope === 'own'
        ? fx.adminOnlyCustomer
        : fx.foreign.providerCustomer
      ).tenantDomain,
      recipientEmail: 'it@customer.example',
      resellerRelationship: true,
    }),
  },
  acceptRelationshipRequest: {
    own: "a pending request to the caller's customer (Cedar) for delegated admin",
    foreign: 'a pending request addressed to the foreign world customer',
    input: async (fx, cell) => ({
      token:
        cell.scope === 'own'
          ? await fx.relationshipRequest(await fx.provider(), fx.own.providerCustomer)
          : fx.relationshipRequestToForeignCustomer,
      ...CONSENT,
    }),
  },
  removeCustomerRelationship: {
    own: "a delegated-admin relationship of the caller's organization (partner or customer side)",
    foreign: "a relationship of the foreign world's provider and customer",
    input: async (fx, cell) => {
      let relationshipId: number;
      if (cell.scope === 'foreign') relationshipId = fx.foreignCustomerRelationship;
      else if (cell.kind === 'C')
        relationshipId = await fx.adminRelationship(await fx.provider(), fx.own.providerCustomer);
      else relationshipId = await fx.adminRelationship(fx.own[keyOf(cell, 'P')]);
      return { relationshipId: gid.relationship(relationshipId), resellerRelationship: false };
    },
  },

  // Orders and subscriptions (R-23..R-29)
  placeOrder: {
    own: "the caller's customer (P: Cedar, D: Elm; R is Cedar's designated reseller)",
    foreign: "the foreign world's customer of the same kind of partner",
    input: (fx, cell) => {
      const world = worldOf(fx, cell);
      const customer = keyOf(cell, 'P') === 'D' ? world.directCustomer : world.providerCustomer;
      return {
        customerId: gid.customer(customer),
        idempotencyKey: `00000000-0000-4000-8000-${String(fx.next()).padStart(12, '0')}`,
        lines: [{ offerId: gid.offer(fx.offer), quantity: 1 }],
      };
    },
  },
  changeSubscriptionQuantity: subscriptionCase((subscriptionId) => ({
    subscriptionId,
    version: 1,
    quantity: 11,
  })),
  suspendSubscription: subscriptionCase((subscriptionId) => ({
    subscriptionId,
    version: 1,
    reason: 'NON_PAYMENT',
  })),
  reactivateSubscription: subscriptionCase(
    (subscriptionId) => ({ subscriptionId, version: 1 }),
    true,
  ),
  cancelSubscription: subscriptionCase((subscriptionId) => ({ subscriptionId, version: 1 })),
  setSubscriptionPartnerOfRecord: subscriptionCase((subscriptionId, cell, fx) => ({
    subscriptionId,
    resellerId: keyOf(cell, 'P') === 'P' ? gid.partner(fx.own.R) : null,
  })),
  setSubscriptionSupportContact: subscriptionCase((subscriptionId, cell, fx) => ({
    subscriptionId,
    resellerId: keyOf(cell, 'P') === 'P' ? gid.partner(fx.own.R) : null,
  })),

  // Multi-channel: the customer's own
  recordExternalSubscription: {
    own: "a subscription the caller's customer bought elsewhere",
    foreign: "n/a: it is recorded for the caller's organization",
    input: (fx, cell) =>
      cell.scope === 'own' ? { offerId: gid.offer(fx.offer), quantity: 3 } : null,
  },
  hireServicePartner: {
    own: "Cedar's subscription bought elsewhere, hiring P",
    foreign: "the foreign world customer's subscription bought elsewhere",
    input: async (fx, cell) => ({
      subscriptionId: gid.subscription(
        cell.scope === 'own'
          ? await fx.subscription(fx.own.providerCustomer, null)
          : fx.foreign.externalSubscription,
      ),
      partnerId: gid.partner(fx.own.P),
    }),
  },
  endServicePartnerHire: {
    own: "Cedar's subscription bought elsewhere, P hired",
    foreign: "the foreign world customer's subscription bought elsewhere, its provider hired",
    input: async (fx, cell) => ({
      subscriptionId: gid.subscription(
        cell.scope === 'own'
          ? await fx.subscription(fx.own.providerCustomer, null, { servicePartner: fx.own.P })
          : fx.foreign.hiredExternalSubscription,
      ),
    }),
  },
};
