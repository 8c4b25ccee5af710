import { randomUUID } from 'node:crypto';
import { getNamedType, isInputObjectType, isListType, getNullableType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildGraphQLSchema } from '../../src/entry/schema';
import { validateArgs } from '../../src/schema/validate-args';
import { addCustomer, customerInput } from '../support/customers';
import { expectDbUnchanged } from '../support/db-state';
import { demo } from '../support/demo';
import { mpnIdOf, REQUEST } from '../support/partnerships';
import { Ids, PLACE_ORDER } from '../support/subscriptions';
import {
  expectOk,
  startTestServer,
  type GqlClient,
  type GqlResult,
  type TestServer,
} from '../support/test-server';

/**
 * The fields that hold several lines of text (messages, notes, reasons); every other string of
 * every input is text on one line. A new multi-line field is a decision: add it here.
 */
const MULTI_LINE = [
  'InviteCustomerInput.message',
  'ProviderProfileInput.summary',
  'RequestCustomerRelationshipInput.message',
  'RequestPartnershipInput.message',
  'ReviewPartnerEnrollmentInput.note',
  'SuspendPartnerInput.reason',
  'SuspendPartnershipInput.reason',
];

function refusedField(result: GqlResult): string | undefined {
  expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  return result.errors![0].extensions!.field as string;
}

describe('R-32 one definition of text on one line, for every free-text input', () => {
  describe('every String field of every input type (walked from the schema)', () => {
    const schema = buildGraphQLSchema();
    const inputClasses = new Map(
      getMetadataStorage().inputTypes.map((t) => [t.name, t.target as new () => object]),
    );
    const fields = Object.values(schema.getTypeMap())
      .filter(isInputObjectType)
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((f) => getNamedType(f.type).name === 'String')
          .map((f) => ({
            type: type.name,
            field: f.name,
            list: isListType(getNullableType(f.type)),
          })),
      );

    /** The text rule's verdict on one value of one field, before any other rule runs. */
    async function textError(type: string, field: string, list: boolean, value: string) {
      const Input = inputClasses.get(type)!;
      const instance = Object.assign(new Input(), { [field]: list ? [value] : value });
      try {
        await validateArgs(instance, Input as never, {} as never);
        return undefined;
      } catch (error: any) {
        const found = (error.extensions?.validationErrors ?? error.validationErrors ?? []).find(
          (e: any) => e.property === field,
        );
        const constraints = list ? found?.children?.[0]?.constraints : found?.constraints;
        return constraints?.isWellFormed as string | undefined;
      }
    }

    test('the schema has the free-text inputs the findings named, and every input type has its class', () => {
      const names = fields.map((f) => `${f.type}.${f.field}`);
      expect(names).toEqual(
        expect.arrayContaining([
          'AddCustomerInput.companyName',
          'CustomerAddressInput.line1',
          'CustomerContactInput.name',
          'NewCustomerSubscriptionInput.friendlyName',
          'OrderLineInput.friendlyName',
          ...MULTI_LINE,
        ]),
      );
      expect(fields.filter((f) => !inputClasses.has(f.type))).toEqual([]);
    });

    test('NUL, BEL, escape, C1 controls and Unicode line separators are refused in every one of them', async () => {
      const accepted: string[] = [];
      for (const { type, field, list } of fields) {
        for (const bad of ['a\u0000b', 'a\u0007b', 'a\u001b[31mb', 'a\u0085b', 'a\u2028b']) {
          if (!(await textError(type, field, list, bad))) {
            accepted.push(`${type}.${field} ${JSON.stringify(bad)}`);
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    test('line breaks are refused everywhere but in the multi-line fields', async () => {
      const multi: string[] = [];
      for (const { type, field, list } of fields) {
        const lf = await textError(type, field, list, 'line one\nline two');
        const crlf = await textError(type, field, list, 'line one\r\nline two');
        if (!lf && !crlf) multi.push(`${type}.${field}`);
        else
          expect({ field: `${type}.${field}`, lf: !!lf, crlf: !!crlf }).toMatchObject({
            lf: true,
            crlf: true,
          });
      }
      expect(multi.sort()).toEqual(MULTI_LINE);
    });
  });

  describe('through the HTTP API', () => {
    let api: TestServer;
    let contoso: GqlClient;
    let ids: Ids;
    beforeAll(async () => {
      api = await startTestServer({ seed: 'demo', env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' } });
      contoso = await api.as(demo.contoso.globalAdmin);
      ids = new Ids(api.dataSource);
    });
    afterAll(() => api.close());

    const refusedCustomer = async (input: Record<string, unknown>) =>
      refusedField(await expectDbUnchanged(api.dataSource, () => addCustomer(contoso, input)));

    test('addCustomer: a control character or line break in the company name, an address line or the contact name is BAD_USER_INPUT naming the field, nothing written', async () => {
      const base = customerInput('TextCo');
      expect(await refusedCustomer({ ...base, companyName: 'Text\u0000Co' })).toBe(
        'input.companyName',
      );
      expect(
        await refusedCustomer({
          ...base,
          address: { ...base.address, line1: '1 Pine\u0007 Street' },
        }),
      ).toBe('input.address.line1');
      expect(
        await refusedCustomer({ ...base, address: { ...base.address, line2: 'Suite 4\nFloor 2' } }),
      ).toBe('input.address.line2');
      expect(
        await refusedCustomer({
          ...base,
          companyContact: { ...base.companyContact, name: 'Pat\r\nBcc: x@evil.example' },
        }),
      ).toBe('input.companyContact.name');
    });

    test("friendlyName of a new customer's first subscription and of an order line: on one line", async () => {
      const basic = await ids.offer('MS-365-BB-M');
      expect(
        await refusedCustomer(
          customerInput('TextSubCo', {
            subscriptions: [{ offerId: basic, quantity: 1, friendlyName: 'Front\u0000desk' }],
          }),
        ),
      ).toBe('input.subscriptions.0.friendlyName');
      const northwind = await ids.customer('Northwind Traders');
      const order = await expectDbUnchanged(api.dataSource, () =>
        contoso.query(PLACE_ORDER, {
          input: {
            customerId: northwind,
            idempotencyKey: randomUUID(),
            lines: [{ offerId: basic, quantity: 1, friendlyName: 'Front\ndesk' }],
          },
        }),
      );
      expect(refusedField(order)).toBe('input.lines.0.friendlyName');
    });

    test('contact phone numbers are in international form on the customer side as on the partner side', async () => {
      const base = customerInput('PhoneCo');
      for (const phone of ['206 555 0100', '+1 (206) 555-0100 ext. 7', '+0 206 555 0100']) {
        expect(
          await refusedCustomer({ ...base, companyContact: { ...base.companyContact, phone } }),
        ).toBe('input.companyContact.phone');
      }
      const ok = expectOk(
        await addCustomer(
          contoso,
          customerInput('PhoneCo', {
            companyContact: { ...base.companyContact, phone: '+1 (206) 555-0100' },
          }),
        ),
      );
      expect(ok.addCustomer.userErrors).toEqual([]);
      expect(ok.addCustomer.customer.companyContact.phone).toBe('+1 (206) 555-0100');
    });

    test('a multi-line field keeps its line breaks and still refuses other control characters', async () => {
      const mpn = await mpnIdOf(api.dataSource, 'Southridge Solutions');
      const refused = await expectDbUnchanged(api.dataSource, () =>
        contoso.query(REQUEST, { input: { resellerMpnId: mpn, message: 'Hello\u0000there' } }),
      );
      expect(refusedField(refused)).toBe('input.message');
      const sent = expectOk(
        await contoso.query(REQUEST, {
          input: { resellerMpnId: mpn, message: 'Hello Southridge,\n\nlet us work together.' },
        }),
      );
      expect(sent.requestPartnership.userErrors).toEqual([]);
      expect(sent.requestPartnership.invitation.message).toBe(
        'Hello Southridge,\n\nlet us work together.',
      );
    });

    test('search: a NUL no longer cuts the LIKE pattern to match everything; control characters are BAD_USER_INPUT', async () => {
      for (const [query, field] of [
        ['query($s: String) { customers(search: $s) { totalCount } }', 'search'],
        ['query($s: String) { partners(search: $s) { totalCount } }', 'search'],
        ['query($s: String) { offers(search: $s) { totalCount } }', 'search'],
        ['query($s: String) { providerDirectory(name: $s) { totalCount } }', 'name'],
      ] as const) {
        for (const s of ['\u0000', 'North\u0000', '\u0007']) {
          const result = await contoso.query(query, { s });
          expect(result.data ?? null).toBeNull();
          expect(refusedField(result)).toBe(field);
        }
      }
      // An ordinary search still filters.
      const found = expectOk(
        await contoso.query('{ customers(search: "Northwind") { nodes { name } } }'),
      );
      expect(found.customers.nodes).toEqual([{ name: 'Northwind Traders' }]);
    });
  });
});
