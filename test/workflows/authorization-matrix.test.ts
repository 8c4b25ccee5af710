import { buildGraphQLSchema } from '../../src/entry/schema';
import { startTestServer, type TestServer } from '../support/test-server';
import { CASES } from './authorization-matrix/cases';
import { MatrixFixture } from './authorization-matrix/fixture';
import { formatMatrix } from './authorization-matrix/report';
import { runMatrix, type ExpectedRow } from './authorization-matrix/runner';
import { ChannelBuilder } from '../../src/entry/seed/channel-builder';

/*
 * The authorization matrix (SPEC section 1, R-04, R-05, R-10..R-30): every mutation, called by
 * every kind of caller on an object of its own organization and on one of an organization it
 * has nothing to do with, with the outcome each gets. The callers are users of one role each:
 * anonymous; GLOBAL_ADMIN, ADMIN_AGENT, SALES_AGENT, HELPDESK_AGENT, BILLING_ADMIN of an
 * indirect provider (P), an indirect reseller (R) and a direct-bill partner (D); a
 * CUSTOMER_ADMIN; a VENDOR_ADMIN (one vendor: nothing is foreign to it). What "own" and
 * "foreign" name for each mutation is in ./authorization-matrix/cases.ts; the channel in
 * ./authorization-matrix/fixture.ts.
 *
 * Outcomes: A allowed (committed, with its audit record); U UNAUTHENTICATED and F FORBIDDEN
 * (top-level: no token; wrong role or kind of organization); otherwise the userError code. A
 * foreign object reads like an absent one (NF NOT_FOUND, II INVITATION_INVALID), never a leak
 * . Every refusal is checked to have changed nothing, audit log included. `_` is n/a: the
 * input names no object of another organization, or the caller's kind has no such object.
 */

const A = 'ALLOWED';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const NF = 'NOT_FOUND';
const II = 'INVITATION_INVALID';
const IS = 'INVALID_STATE';
const RCT = 'RESELLER_CANNOT_TRANSACT';
const RNP = 'RESELLER_NOT_PARTNERED';
const NBP = 'NOT_BILLING_PARTNER';
const _ = null;

// prettier-ignore
const EXPECTED: Record<string, ExpectedRow> = {
  //                                  provider (P)         reseller (R)         direct-bill (D)
  //                           anon   GA  AA  SA  HA  BA   GA  AA  SA  HA  BA   GA  AA  SA  HA  BA   CA  VA
  // Enrollment (R-01..R-04): public, then each partner's own
  enrollPartner: {
    own:                     [ A,     A,  A,  A,  A,  A,   A,  A,  A,  A,  A,   A,  A,  A,  A,  A,   A,  A ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  verifyPartnerEmail: {
    own:                     [ A,     A,  A,  A,  A,  A,   A,  A,  A,  A,  A,   A,  A,  A,  A,  A,   A,  A ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  resendPartnerEmailVerification: {
    own:                     [ U,     IS, IS, F,  F,  F,   A,  A,  F,  F,  F,   IS, IS, F,  F,  F,   F,  F ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  reviewPartnerEnrollment: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  acceptPartnerAgreement: {
    own:                     [ U,     A,  F,  F,  F,  F,   A,  F,  F,  F,  F,   A,  F,  F,  F,  F,   F,  F ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  // Partner users: GLOBAL_ADMIN and ADMIN_AGENT of the same partner only
  createPartnerUser: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   F,  F ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  updatePartnerUserRoles: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   F,  _ ],
  },
  disablePartnerUser: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   F,  _ ],
  },
  enablePartnerUser: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   F,  _ ],
  },
  // Sign-in identities (SPEC section 1): each organization's administrators, own users only
  linkExternalIdentity: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   NF, NF ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, _  ],
  },
  sendIdentityLink: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   NF, NF ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, _  ],
  },
  // Public: the provider's token is the credential, and the matrix's server has no provider
  redeemIdentityLink: {
    own:                     [ U,     U,  U,  U,  U,  U,   U,  U,  U,  U,  U,   U,  U,  U,  U,  U,   U,  U ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  // Provider authorization: the vendor
  authorizeIndirectProvider: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  updateIndirectProviderRegions: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  updateProviderProfile: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  // Partnerships (R-10..R-14): the provider's and the reseller's GLOBAL_ADMIN / ADMIN_AGENT
  requestPartnership: {
    own:                     [ U,     A,  A,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F ],
    foreign:                 [ U,     A,  A,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  acceptPartnershipInvitation: {
    own:                     [ U,     II, II, F,  F,  F,   A,  A,  F,  F,  F,   _,  _,  _,  _,  _,   F,  F ],
    foreign:                 [ U,     II, II, F,  F,  F,   II, II, F,  F,  F,   II, II, F,  F,  F,   F,  _ ],
  },
  removeProviderAdminAccess: {
    own:                     [ U,     F,  F,  F,  F,  F,   A,  A,  F,  F,  F,   _,  _,  _,  _,  _,   F,  F ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   F,  _ ],
  },
  endPartnership: {
    own:                     [ U,     A,  A,  F,  F,  F,   A,  A,  F,  F,  F,   _,  _,  _,  _,  _,   F,  F ],
    foreign:                 [ U,     NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   NF, NF, F,  F,  F,   F,  _ ],
  },
  suspendPartnership: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   _,  _,  _,  _,  _,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  reactivatePartnership: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   _,  _,  _,  _,  _,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  suspendPartner: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  reinstatePartner: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  A ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  _ ],
  },
  // Customers (R-15..R-21): GLOBAL_ADMIN, ADMIN_AGENT, SALES_AGENT; the customer's admin
  addCustomer: {
    own:                     [ U,     A,  A,  A,  F,  F,   RCT,RCT,RCT,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     RNP,RNP,RNP,F,  F,   RCT,RCT,RCT,F,  F,   RNP,RNP,RNP,F,  F,   F,  _ ],
  },
  inviteCustomer: {
    own:                     [ U,     RNP,RNP,RNP,F,  F,   A,  A,  A,  F,  F,   _,  _,  _,  _,  _,   F,  F ],
    foreign:                 [ U,     RNP,RNP,RNP,F,  F,   RNP,RNP,RNP,F,  F,   RNP,RNP,RNP,F,  F,   F,  _ ],
  },
  acceptCustomerInvitation: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   A,  F ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   II, _ ],
  },
  requestCustomerRelationship: {
    own:                     [ U,     A,  A,  A,  F,  F,   A,  A,  A,  F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     A,  A,  A,  F,  F,   A,  A,  A,  F,  F,   A,  A,  A,  F,  F,   F,  _ ],
  },
  acceptRelationshipRequest: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   A,  F ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   II, _ ],
  },
  removeCustomerRelationship: {
    own:                     [ U,     A,  A,  A,  F,  F,   A,  A,  A,  F,  F,   A,  A,  A,  F,  F,   A,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, _ ],
  },
  // Orders and subscriptions (R-24..R-27): the billing partner's GLOBAL_ADMIN, ADMIN_AGENT, SALES_AGENT
  placeOrder: {
    own:                     [ U,     A,  A,  A,  F,  F,   RCT,RCT,RCT,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   RCT,RCT,RCT,F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  changeSubscriptionQuantity: {
    own:                     [ U,     A,  A,  A,  F,  F,   NBP,NBP,NBP,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  suspendSubscription: {
    own:                     [ U,     A,  A,  A,  F,  F,   NBP,NBP,NBP,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  reactivateSubscription: {
    own:                     [ U,     A,  A,  A,  F,  F,   NBP,NBP,NBP,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  cancelSubscription: {
    own:                     [ U,     A,  A,  A,  F,  F,   NBP,NBP,NBP,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  setSubscriptionPartnerOfRecord: {
    own:                     [ U,     A,  A,  A,  F,  F,   NBP,NBP,NBP,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  setSubscriptionSupportContact: {
    own:                     [ U,     A,  A,  A,  F,  F,   NBP,NBP,NBP,F,  F,   A,  A,  A,  F,  F,   F,  F ],
    foreign:                 [ U,     NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   NF, NF, NF, F,  F,   F,  _ ],
  },
  // Multi-channel: the customer's admin
  recordExternalSubscription: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   A,  F ],
    foreign:                 [ _,     _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _,  _,  _,  _,   _,  _ ],
  },
  hireServicePartner: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   A,  F ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   NF, _ ],
  },
  endServicePartnerHire: {
    own:                     [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   A,  F ],
    foreign:                 [ U,     F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   F,  F,  F,  F,  F,   NF, _ ],
  },
};

describe('authorization matrix: every mutation x every role x own / foreign organization', () => {
  const schema = buildGraphQLSchema();
  let api: TestServer;
  let fixture: MatrixFixture;

  beforeAll(async () => {
    api = await startTestServer({
      seed: async (b) => (fixture = await new MatrixFixture(b).build()),
      // The matrix sends a thousand requests from a few organizations; rate limits are not its subject.
      env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' },
    });
    fixture.use(new ChannelBuilder(api.dataSource.manager));
  }, 60_000);
  afterAll(() => api.close());

  test('every mutation of the schema has a row (add one for a new mutation), and every row is a mutation', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(mutations);
    expect(Object.keys(CASES).sort()).toEqual(mutations);
  });

  test('every cell has the outcome the table says; refusals change nothing, allowed calls are audited', async () => {
    const runs = await runMatrix(api, schema, fixture, EXPECTED, CASES);
    const failed = runs.filter((r) => r.actual !== r.expected || r.problem);
    if (failed.length > 0) throw new Error(`\n${formatMatrix(EXPECTED, runs, CASES)}`);
    expect(runs.length).toBeGreaterThan(900);
  }, 300_000);
});
