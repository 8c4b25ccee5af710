import {
  addCustomerOk,
  customerInput,
  lastEmailedToken,
  orgId,
  orgKey,
} from '../../support/customers';
import { countRows } from '../../support/db-state';
import { demo } from '../../support/demo';
import { Ids, newKey, PLACE_ORDER } from '../../support/subscriptions';
import { startTestServer, type GqlClient, type TestServer } from '../../support/test-server';
import { auditCount, outcomes, PARALLEL, race, rowId, tally } from './race';

const REQUEST = `mutation($input: RequestCustomerRelationshipInput!) {
  requestCustomerRelationship(input: $input) { relationshipRequest { id } userErrors { code } }
}`;

const ACCEPT_REQUEST = `mutation($input: AcceptRelationshipRequestInput!) {
  acceptRelationshipRequest(input: $input) {
    relationshipRequest { id status }
    relationships { id status resellerRelationship delegatedAdmin partner { name } }
    userErrors { code field message }
  }
}`;

const INVITE = `mutation($input: InviteCustomerInput!) {
  inviteCustomer(input: $input) { relationshipRequest { id } userErrors { code } }
}`;

const ACCEPT_INVITATION = `mutation($input: AcceptCustomerInvitationInput!) {
  acceptCustomerInvitation(input: $input) {
    relationshipRequest { id status }
    relationships { id origin partner { name } }
    userErrors { code field message }
  }
}`;

const REMOVE = `mutation($input: RemoveCustomerRelationshipInput!) {
  removeCustomerRelationship(input: $input) {
    relationship { id status }
    userErrors { code field message }
  }
}`;

/**
 * under concurrency: customers answering relationship requests and
 * invitations, and a customer removing a partner while it orders. Guarded by the conditional
 * `UPDATE relationship_request ... WHERE stored_status = 'PENDING'` (a link is used once), the
 * unique index (customer, partner, live_key) (one live relationship per pair; a concurrent
 * grant loses on it and reruns into an update), and the relationship's row lock (orders read
 * it shared, a removal exclusively, so the removal's subscription check sees every order).
 */
describe('races: customer relationships (R-19, R-20, R-24)', () => {
  let api: TestServer;
  let alpine: GqlClient;
  let alpineKey: number;
  let customers = 0;

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
    alpine = await api.as(demo.customers.alpine);
    alpineKey = await orgKey(api.dataSource, 'Alpine Ski House');
  });
  afterAll(() => api.close());

  async function sendRequest(
    client: GqlClient,
    recipientEmail: string,
    resellerRelationship = true,
  ): Promise<string> {
    const { requestCustomerRelationship: sent } = (
      await client.query(REQUEST, {
        input: {
          customerTenantDomain: 'AlpineSkiHouse.onmicrosoft.com',
          recipientEmail,
          resellerRelationship,
          delegatedAdmin: true,
        },
      })
    ).data;
    expect(sent.userErrors).toEqual([]);
    return lastEmailedToken(api.dataSource, recipientEmail);
  }

  const liveRelationships = async (customerId: number, partner: string) =>
    countRows(
      api.dataSource,
      'customer_relationship',
      'customer_id = ? AND partner_id = ? AND live_key IS NOT NULL',
      [customerId, await orgKey(api.dataSource, partner)],
    );

  test(`R-20 ${PARALLEL} parallel acceptances of one relationship request: one relationship, one acceptance record, the rest INVITATION_INVALID`, async () => {
    const litware = await api.as(demo.litware.globalAdmin);
    const token = await sendRequest(litware, 'race-one@alpineskihouse.example');
    const answers = outcomes(
      await race(PARALLEL, () => alpine.query(ACCEPT_REQUEST, { input: { token, consent: true } })),
      'acceptRelationshipRequest',
    );
    expect(tally(answers)).toEqual({ OK: 1, INVITATION_INVALID: PARALLEL - 1 });
    const winner = answers.find((a) => a.ok)!.payload;
    expect(winner.relationships).toEqual([
      expect.objectContaining({
        status: 'ACTIVE',
        resellerRelationship: true,
        delegatedAdmin: true,
      }),
    ]);
    for (const loser of answers.filter((a) => !a.ok))
      expect(loser.payload.relationships).toEqual([]);
    expect(await liveRelationships(alpineKey, 'Litware Systems')).toBe(1);
    expect(
      await auditCount(api.dataSource, 'acceptRelationshipRequest', winner.relationshipRequest.id),
    ).toBe(1);
  });

  test(`R-20 one partner's ten requests, each accepted five times at once: ten acceptances, still one live relationship per pair`, async () => {
    // Proseware (Europe) asks for delegated admin only: R-09 does not apply to it.
    const proseware = await api.as(demo.proseware.globalAdmin);
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) {
      tokens.push(await sendRequest(proseware, `race-many-${i}@alpineskihouse.example`, false));
    }
    const answers = outcomes(
      await race(PARALLEL, (i) =>
        alpine.query(ACCEPT_REQUEST, { input: { token: tokens[i % 10], consent: true } }),
      ),
      'acceptRelationshipRequest',
    );
    expect(tally(answers)).toEqual({ OK: 10, INVITATION_INVALID: PARALLEL - 10 });
    // Every acceptance answers with the one relationship, created by one and found by the rest.
    const ids = new Set(answers.filter((a) => a.ok).map((a) => a.payload.relationships[0].id));
    expect(ids.size).toBe(1);
    expect(await liveRelationships(alpineKey, 'Proseware Consulting')).toBe(1);
    expect(
      await countRows(
        api.dataSource,
        'relationship_request',
        "recipient_email LIKE 'race-many-%' AND stored_status = 'ACCEPTED'",
      ),
    ).toBe(10);
  });

  test(`R-19 five customers racing for one invitation link (${PARALLEL} requests): one customer gets both relationships`, async () => {
    const adatum = await api.as(demo.adatum.globalAdmin);
    const admins: GqlClient[] = [];
    const keys: number[] = [];
    for (let i = 0; i < 5; i++) {
      const prefix = `raceinvited${++customers}`;
      await addCustomerOk(adatum, customerInput(prefix));
      admins.push(await api.as(`admin@${prefix}.onmicrosoft.com`));
      keys.push(await orgKey(api.dataSource, `${prefix} Holdings`));
    }
    const trey = await api.as(demo.trey.sales);
    const invited = (
      await trey.query(INVITE, {
        input: {
          indirectProviderId: await orgId(api.dataSource, 'Fabrikam Distribution'),
          recipientEmail: 'race-invite@customer.example',
        },
      })
    ).data.inviteCustomer;
    expect(invited.userErrors).toEqual([]);
    const token = await lastEmailedToken(api.dataSource, 'race-invite@customer.example');

    const answers = outcomes(
      await race(PARALLEL, (i) =>
        admins[i % 5].query(ACCEPT_INVITATION, { input: { token, consent: true } }),
      ),
      'acceptCustomerInvitation',
    );
    expect(tally(answers)).toEqual({ OK: 1, INVITATION_INVALID: PARALLEL - 1 });
    const winner = answers.findIndex((a) => a.ok) % 5;
    for (const [i, key] of keys.entries()) {
      expect(
        await countRows(
          api.dataSource,
          'customer_relationship',
          "customer_id = ? AND origin = 'CUSTOMER_INVITATION'",
          [key],
        ),
      ).toBe(i === winner ? 2 : 0);
    }
    expect(
      await auditCount(api.dataSource, 'acceptCustomerInvitation', invited.relationshipRequest.id),
    ).toBe(1);
  });

  test(`R-20/R-24 a customer removing its partner while the partner orders (${PARALLEL} requests): never a removed relationship with ACTIVE subscriptions billed by it`, async () => {
    const contoso = await api.as(demo.contoso.sales);
    const added = await addCustomerOk(contoso, customerInput('RaceRemoval'));
    const customerId: string = added.customer.id;
    const customerAdmin = await api.as('admin@raceremoval.onmicrosoft.com');
    const basic = await new Ids(api.dataSource).offer('MS-365-BB-M');

    const results = await race(PARALLEL, (i) =>
      i % 2 === 0
        ? customerAdmin.query(REMOVE, { input: { relationshipId: added.relationship.id } })
        : contoso.query(PLACE_ORDER, {
            input: {
              customerId,
              idempotencyKey: newKey(),
              lines: [{ offerId: basic, quantity: 1 }],
            },
          }),
    );
    const removals = outcomes(
      results.filter((_, i) => i % 2 === 0),
      'removeCustomerRelationship',
    );
    const orders = outcomes(
      results.filter((_, i) => i % 2 === 1),
      'placeOrder',
    );
    const [row] = (await api.dataSource.query(
      'SELECT status, reseller_relationship FROM customer_relationship WHERE id = ?',
      [rowId(added.relationship.id)],
    )) as Array<{ status: string; reseller_relationship: number | boolean }>;
    const active = await countRows(
      api.dataSource,
      'subscription',
      "customer_id = ? AND status = 'ACTIVE'",
      [rowId(customerId)],
    );

    const half = PARALLEL / 2;
    if (removals.some((r) => r.ok)) {
      // The removal came first: no order before it went through, and none after it
      // . An order that started after the removal committed no longer sees the customer
      // NOT_FOUND); one that saw it and then waited on the removal's row lock finds the
      // relationship gone (NO_CUSTOMER_RELATIONSHIP).
      expect(tally(removals)).toEqual({ OK: 1, NOT_FOUND: half - 1 });
      for (const order of orders) {
        expect(['NOT_FOUND', 'NO_CUSTOMER_RELATIONSHIP']).toContain(order.code);
      }
      expect(row.status).toBe('REMOVED');
      expect(active).toBe(0);
    } else {
      // An order came first: every removal meets its subscription, every order passes.
      expect(tally(removals)).toEqual({ ACTIVE_SUBSCRIPTIONS_EXIST: half });
      expect(tally(orders)).toEqual({ OK: half });
      expect(row.status).toBe('ACTIVE');
      expect(active).toBe(half);
    }
  });
});
