import { expectDbUnchanged } from '../../support/db-state';
import { demo } from '../../support/demo';
import { startTestServer, type TestServer } from '../../support/test-server';

/**
 * What the property tests found, pinned as plain examples so that a regression fails here
 * whatever seed the property run uses.
 */
describe('R-32 inputs the property tests found', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => api?.close());

  // A lone UTF-16 surrogate ("\ud83d" in JSON) made validator's isEmail throw URIError, which
  // reached the client as INTERNAL_SERVER_ERROR.
  test.each([
    ['\ud83d', 'a high surrogate alone'],
    ['a\udc00b@contoso.example', 'a low surrogate alone'],
    ['x@contoso.example\ud83d', 'a trailing high surrogate'],
  ])('R-32 an email with %j (%s) is BAD_USER_INPUT naming the field', async (email) => {
    const seller = await api.as(demo.contoso.globalAdmin);
    const result = await expectDbUnchanged(api.dataSource, () =>
      seller.query(
        `mutation ($input: CreatePartnerUserInput!) {
           createPartnerUser(input: $input) { userErrors { code } }
         }`,
        { input: { email, displayName: 'Someone', roles: ['SALES_AGENT'] } },
      ),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.email',
    });
  });

  test('R-32 a lone surrogate in a nested field names the nested path', async () => {
    const reseller = await api.as(demo.trey.globalAdmin);
    const result = await reseller.query(
      `mutation ($input: InviteCustomerInput!) {
         inviteCustomer(input: $input) { userErrors { code } }
       }`,
      {
        input: {
          indirectProviderId: 'UGFydG5lcjox',
          recipientEmail: 'admin@fabrikam.example',
          message: 'Hello \udfff',
          delegatedAdmin: true,
        },
      },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.message',
    });
  });

  test('R-32 well-formed emoji and right-to-left text are still accepted as text', async () => {
    const admin = await api.as(demo.contoso.globalAdmin);
    const result = await admin.query(
      `mutation ($input: CreatePartnerUserInput!) {
         createPartnerUser(input: $input) { user { displayName } userErrors { code } }
       }`,
      {
        input: {
          email: 'emoji.user@contosodistribution.example',
          displayName: 'مرحبا 😀 Zoë',
          roles: ['SALES_AGENT'],
        },
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.createPartnerUser).toEqual({
      user: { displayName: 'مرحبا 😀 Zoë' },
      userErrors: [],
    });
  });

  // Values GraphQL refuses while coercing variables named their field only inside the message.
  test.each([
    [{ subscriptionId: 'x', quantity: 2_147_483_648, version: 1 }, 'input.quantity'],
    [{ subscriptionId: 'x', quantity: 1.5, version: 1 }, 'input.quantity'],
    [{ subscriptionId: 'x', quantity: 1 }, 'input.version'],
    [{ subscriptionId: null, quantity: 1, version: 1 }, 'input.subscriptionId'],
    [{ subscriptionId: 'x', quantity: 1, version: 1, extra: 1 }, 'input.extra'],
    [null, 'input'],
  ])(
    'R-32 a value GraphQL cannot coerce (%j) is BAD_USER_INPUT naming %s',
    async (input, field) => {
      const seller = await api.as(demo.contoso.globalAdmin);
      const result = await seller.query(
        `mutation ($input: ChangeSubscriptionQuantityInput!) {
         changeSubscriptionQuantity(input: $input) { userErrors { code } }
       }`,
        { input },
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    },
  );

  test('R-32 a coercion error inside a list names the item', async () => {
    const seller = await api.as(demo.contoso.globalAdmin);
    const result = await seller.query(
      `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { userErrors { code } } }`,
      {
        input: {
          customerId: 'x',
          idempotencyKey: '6f1c1f5e-3b0a-4f43-9a55-0c6a3c1d2b7e',
          lines: [
            { offerId: 'x', quantity: 1 },
            { offerId: 'x', quantity: -2_147_483_649 },
          ],
        },
      },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.lines.1.quantity',
    });
  });
});
