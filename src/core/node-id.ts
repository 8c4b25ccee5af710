import { prefixedBase64url } from './base64url';
import { badUserInput } from './errors';

/** GraphQL type names that carry a global ID, each backed by an integer key. */
export const NODE_TYPES = [
  'Partner',
  'Customer',
  'Vendor',
  'User',
  'Partnership',
  'PartnershipInvitation',
  'CustomerRelationship',
  'RelationshipRequest',
  'Offer',
  'Subscription',
  'Order',
  'AuditRecord',
] as const;

export type NodeType = (typeof NODE_TYPES)[number];

const known = new Set<string>(NODE_TYPES);

const encoders = new Map(NODE_TYPES.map((type) => [type, prefixedBase64url(`${type}:`)]));

/** `base64url("Type:id")`. */
export function toGlobalId(type: NodeType, id: number): string {
  return encoders.get(type)!(id);
}

export interface DecodedId {
  type: NodeType;
  id: number;
}

/** Decodes a global ID; undefined when it is not one of ours (the caller decides how to refuse). */
export function decodeGlobalId(globalId: string): DecodedId | undefined {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 64) return;
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(text);
  if (!match || !known.has(match[1])) return;
  const id = Number(match[2]);
  if (id > 2_147_483_647) return;
  return { type: match[1] as NodeType, id };
}

/** Decodes an ID argument of an expected type; malformed or foreign-typed IDs are bad input. */
export function parseId(
  globalId: string,
  expected: NodeType | readonly NodeType[],
  field: string,
): number {
  const decoded = decodeGlobalId(globalId);
  const types: readonly NodeType[] = typeof expected === 'string' ? [expected] : expected;
  if (!decoded || !types.includes(decoded.type)) {
    throw badUserInput(field, `${field} is not a valid ${types.join(' or ')} ID`);
  }
  return decoded.id;
}

export function parseOptionalId(
  globalId: string | null | undefined,
  expected: NodeType | readonly NodeType[],
  field: string,
): number | undefined {
  return globalId == null ? undefined : parseId(globalId, expected, field);
}
