import { decodeGlobalId } from '../../../src/core/node-id';
import type { GqlResult } from '../../support/test-server';
import { PARTNER_FIELDS_ALWAYS_SHOWN, type Caller, type GroundTruth } from './ground-truth';

/** Codes a top-level error may carry; anything else (INTERNAL_SERVER_ERROR...) fails the probe. */
const CLIENT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'];

/** Every string in a JSON answer that is a global ID of ours. */
function globalIdsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (decodeGlobalId(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) globalIdsIn(item, out);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) globalIdsIn(item, out);
  }
  return out;
}

/** null, false, 0, an empty list, or an object of nothing but those (a contact, a page). */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') {
    return Object.entries(value as object).every(([k, v]) => k === '__typename' || isEmptyValue(v));
  }
  return false;
}

/** Every object of an answer that has a `__typename` and an `id`. */
function typedObjects(value: unknown, out: Array<Record<string, unknown>> = []) {
  if (Array.isArray(value)) {
    for (const item of value) typedObjects(item, out);
  } else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.__typename === 'string' && typeof object.id === 'string') out.push(object);
    for (const item of Object.values(object)) typedObjects(item, out);
  }
  return out;
}

/**
 * R-30 section 7: every Partner in an answer that the caller met only through partnerships that
 * never were ACTIVE shows nothing but the fields the invitation shows; the names of the fields
 * that held something else.
 */
export function undisclosedPartnerFields(
  truth: GroundTruth,
  caller: Caller,
  data: unknown,
): string[] {
  const problems: string[] = [];
  for (const object of typedObjects(data)) {
    if (object.__typename !== 'Partner') continue;
    const partner = truth.byGid(object.id as string);
    if (!partner || truth.disclosed(caller, partner.id)) continue;
    for (const [field, value] of Object.entries(object)) {
      if (PARTNER_FIELDS_ALWAYS_SHOWN.has(field) || isEmptyValue(value)) continue;
      problems.push(`${partner.label}.${field} = ${JSON.stringify(value).slice(0, 120)}`);
    }
  }
  return problems;
}

/**
 * What an answer must not hold: a field of a partner the caller met only through a partnership
 * that never was ACTIVE, beyond what the invitation shows (R-30 section 7), an ID the caller may not see (public ones and those it sent
 * aside), a private string of an organization it has no relationship with (`foreign`, unless
 * it sent it), an unexpected top-level error.
 */
export function checkAnswer(
  truth: GroundTruth,
  caller: Caller,
  where: string,
  result: GqlResult,
  foreign: string[],
  sent: string[] = [],
): string[] {
  const problems: string[] = [];
  for (const error of result.errors ?? []) {
    if (!CLIENT_CODES.includes(error.extensions?.code)) {
      problems.push(`${caller.email} ${where}: error ${error.extensions?.code} ${error.message}`);
    }
  }
  for (const gid of new Set(globalIdsIn(result.data))) {
    const object = truth.byGid(gid);
    if (
      object &&
      !truth.visible(caller, object) &&
      !truth.isPublicId(object) &&
      !sent.includes(gid)
    ) {
      problems.push(`${caller.email} ${where}: got ${object.type} ${object.label}`);
    }
  }
  for (const field of undisclosedPartnerFields(truth, caller, result.data)) {
    problems.push(`${caller.email} ${where}: R-30 section 7, read ${field}`);
  }
  const raw = JSON.stringify(result);
  for (const secret of foreign) {
    if (raw.includes(secret) && !sent.some((s) => s.includes(secret))) {
      const at = raw.indexOf(secret);
      const context = raw.slice(Math.max(0, at - 80), at + secret.length + 20);
      problems.push(`${caller.email} ${where}: contains "${secret}" in ...${context}`);
    }
  }
  return problems;
}
