import { decodeGlobalId } from '../../../src/core/node-id';
import type { GqlResult } from '../../support/test-server';
import type { Caller, GroundTruth } from './ground-truth';

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

/**
 * What an answer must not hold: an ID the caller may not see (public ones and those it sent
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
