import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../src/core/node-id';
import { expectOk, type GqlClient, type GqlResult } from './test-server';

/** Global ID of a demo organization by name, as the API would return it. */
export async function orgId(dataSource: DataSource, name: string): Promise<string> {
  const [row] = (await dataSource.query('SELECT id, type FROM organization WHERE name = ?', [
    name,
  ])) as Array<{ id: number; type: string }>;
  if (!row) throw new Error(`no organization named ${name}`);
  return toGlobalId(row.type === 'PARTNER' ? 'Partner' : 'Customer', Number(row.id));
}

export async function orgKey(dataSource: DataSource, name: string): Promise<number> {
  const [row] = (await dataSource.query('SELECT id FROM organization WHERE name = ?', [
    name,
  ])) as Array<{ id: number }>;
  return Number(row.id);
}

export const ADD_CUSTOMER = `mutation($input: AddCustomerInput!) {
  addCustomer(input: $input) {
    customer { id name tenantDomain country { code } cspRegion { code } culture
               address { line1 city postalCode } companyContact { name email phone } }
    relationship { id status resellerRelationship delegatedAdmin origin partner { name } }
    designatedResellerRelationship { id status resellerRelationship delegatedAdmin origin partner { name } }
    adminCredentials { userName temporaryPassword }
    order { id }
    subscriptions { id quantity status offer { code } partnerOfRecord { name } }
    replayed
    userErrors { code field message }
  }
}`;

/** A valid addCustomer input for a US company; override what a test is about. */
export function customerInput(prefix: string, overrides: Record<string, unknown> = {}) {
  return {
    companyName: `${prefix} Holdings`,
    countryCode: 'US',
    tenantDomainPrefix: prefix,
    address: { line1: '1 Pine Street', city: 'Seattle', region: 'WA', postalCode: '98101' },
    companyContact: { name: 'Pat Doe', email: `pat@${prefix}.example`, phone: '+1 206 555 0111' },
    ...overrides,
  };
}

export async function addCustomer(
  client: GqlClient,
  input: Record<string, unknown>,
): Promise<GqlResult> {
  return client.query(ADD_CUSTOMER, { input });
}

/** Adds a customer and fails the test unless it worked; returns the payload. */
export async function addCustomerOk(client: GqlClient, input: Record<string, unknown>) {
  const payload = expectOk(await addCustomer(client, input)).addCustomer;
  expect(payload.userErrors).toEqual([]);
  return payload;
}

/** The token of the last link emailed to `recipient` (the outbox is the mailbox in tests). */
export async function lastEmailedToken(dataSource: DataSource, recipient: string): Promise<string> {
  const rows = (await dataSource.query(
    'SELECT body FROM email_outbox WHERE recipient = ? ORDER BY id DESC',
    [recipient],
  )) as Array<{ body: string }>;
  const match = rows[0] && /[?&]token=([A-Za-z0-9_-]+)/.exec(rows[0].body);
  if (!match) throw new Error(`no link emailed to ${recipient}`);
  return decodeURIComponent(match[1]);
}

/** The rows of a customer's subscriptions, every column: what R-21 says must not change. */
export async function subscriptionRows(dataSource: DataSource, customerId: number) {
  return dataSource.query('SELECT * FROM subscription WHERE customer_id = ? ORDER BY id', [
    customerId,
  ]);
}

export function userErrorsOf(result: GqlResult, field: string) {
  return expectOk(result)[field].userErrors as Array<{ code: string; field: string | null }>;
}
