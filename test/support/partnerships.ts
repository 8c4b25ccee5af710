import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../src/core/node-id';
import { expectOk, type GqlClient, type GqlResult } from './test-server';

/** GraphQL documents and lookups shared by the partnership workflow tests. */

const PARTNERSHIP_FIELDS = `id state providerAdminAccess invitedAt acceptedAt suspendedAt endedAt
  provider { name } reseller { name } endedBy { name } suspendedBecauseOf { name }`;

export const REQUEST = `mutation($input: RequestPartnershipInput!) {
  requestPartnership(input: $input) {
    partnership { ${PARTNERSHIP_FIELDS} }
    invitation { id recipientEmail message expiresAt usedAt status }
    invitationLink
    userErrors { code field message }
  }
}`;

export const ACCEPT = `mutation($input: AcceptPartnershipInvitationInput!) {
  acceptPartnershipInvitation(input: $input) {
    partnership { ${PARTNERSHIP_FIELDS} invitation { status usedAt } }
    userErrors { code field message }
  }
}`;

export const REMOVE_ADMIN_ACCESS = `mutation($input: RemoveProviderAdminAccessInput!) {
  removeProviderAdminAccess(input: $input) {
    partnership { ${PARTNERSHIP_FIELDS} }
    userErrors { code field message }
  }
}`;

export const END = `mutation($input: EndPartnershipInput!) {
  endPartnership(input: $input) {
    partnership { ${PARTNERSHIP_FIELDS} invitation { status } }
    userErrors { code field message }
  }
}`;

export const SUSPEND_PARTNERSHIP = `mutation($input: SuspendPartnershipInput!) {
  suspendPartnership(input: $input) {
    partnership { ${PARTNERSHIP_FIELDS} }
    userErrors { code field message }
  }
}`;

export const REACTIVATE_PARTNERSHIP = `mutation($input: ReactivatePartnershipInput!) {
  reactivatePartnership(input: $input) {
    partnership { ${PARTNERSHIP_FIELDS} }
    userErrors { code field message }
  }
}`;

export const SUSPEND_PARTNER = `mutation($input: SuspendPartnerInput!) {
  suspendPartner(input: $input) {
    partner { name status }
    partnerships { ${PARTNERSHIP_FIELDS} }
    userErrors { code field message }
  }
}`;

export const REINSTATE_PARTNER = `mutation($input: ReinstatePartnerInput!) {
  reinstatePartner(input: $input) {
    partner { name status }
    partnerships { ${PARTNERSHIP_FIELDS} }
    userErrors { code field message }
  }
}`;

export async function organizationId(dataSource: DataSource, name: string): Promise<number> {
  const [row] = (await dataSource.query('SELECT id FROM organization WHERE name = ?', [
    name,
  ])) as Array<{ id: number }>;
  if (!row) throw new Error(`no organization ${name}`);
  return Number(row.id);
}

export async function partnerGlobalId(dataSource: DataSource, name: string): Promise<string> {
  return toGlobalId('Partner', await organizationId(dataSource, name));
}

export async function mpnIdOf(dataSource: DataSource, name: string): Promise<string> {
  const [row] = (await dataSource.query('SELECT mpn_id FROM organization WHERE name = ?', [
    name,
  ])) as Array<{ mpn_id: string }>;
  return row.mpn_id;
}

/** Global ID of the latest partnership between two partners, whatever its state. */
export async function partnershipIdOf(
  dataSource: DataSource,
  provider: string,
  reseller: string,
): Promise<string> {
  const [row] = (await dataSource.query(
    `SELECT p.id FROM partnership p
       JOIN organization po ON po.id = p.provider_id
       JOIN organization ro ON ro.id = p.reseller_id
      WHERE po.name = ? AND ro.name = ? ORDER BY p.id DESC`,
    [provider, reseller],
  )) as Array<{ id: number }>;
  if (!row) throw new Error(`no partnership ${provider} -> ${reseller}`);
  return toGlobalId('Partnership', Number(row.id));
}

/** The token of a personal link. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

/** Requests a partnership and fails the test unless it succeeds; returns the payload. */
export async function requestOk(
  client: GqlClient,
  input: Record<string, unknown>,
): Promise<{ partnership: any; invitation: any; invitationLink: string; token: string }> {
  const payload = expectOk(await client.query(REQUEST, { input })).requestPartnership;
  expect(payload.userErrors).toEqual([]);
  return { ...payload, token: tokenOf(payload.invitationLink) };
}

/** The single userError of a refused mutation. */
export function userErrorOf(result: GqlResult, field: string) {
  const payload = expectOk(result)[field];
  expect(payload.userErrors).toHaveLength(1);
  return payload.userErrors[0] as { code: string; field: string | null; message: string };
}

export function topLevelCode(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}

/** Moves an invitation's expiry into the past, as 30 days going by would. */
export async function expireInvitations(dataSource: DataSource, partnershipGlobalId: string) {
  const id = Number(Buffer.from(partnershipGlobalId, 'base64url').toString().split(':')[1]);
  await dataSource.query(
    'UPDATE partnership_invitation SET expires_at = ? WHERE partnership_id = ?',
    ['2020-01-01 00:00:00.000', id],
  );
}
