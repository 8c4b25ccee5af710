import { createHash } from 'node:crypto';
import type { WriteContext } from '../app/write-context';
import { RuleViolation, UserErrorCode } from '../graphql/user-error';
import { IdempotencyRecord } from './idempotency-record.entity';

/** JSON with sorted keys: the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export type IdempotentOutcome<R> = { replayed: false; result: R } | { replayed: true; result: R };

/**
 * R-29: runs `work` once per organization and idempotency key. The key is claimed by inserting
 * its record first: a concurrent duplicate blocks on the unique index until the first commits,
 * fails, and its rerun (see runMutation) finds the record and replays the first result. The
 * same key with a different request is refused with IDEMPOTENCY_KEY_REUSED.
 */
export async function runIdempotent<R extends object>(
  w: WriteContext,
  key: string,
  request: unknown,
  work: () => Promise<R>,
): Promise<IdempotentOutcome<R>> {
  const organizationId = w.viewer.organizationId;
  const requestHash = createHash('sha256')
    .update(`${w.operation}\n${canonical(request)}`)
    .digest('hex');
  const repository = w.manager.getRepository(IdempotencyRecord);
  const existing = await repository.findOne({ where: { organizationId, idempotencyKey: key } });
  if (existing) {
    if (existing.requestHash !== requestHash || existing.operation !== w.operation) {
      throw new RuleViolation(
        UserErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was already used for a different request; use a new key for a new request.',
        'input.idempotencyKey',
      );
    }
    return { replayed: true, result: JSON.parse(existing.resultJson) as R };
  }
  const inserted = await repository.insert({
    organizationId,
    idempotencyKey: key,
    operation: w.operation,
    requestHash,
    resultJson: '{}',
    createdAt: w.now,
  });
  const result = await work();
  await repository.update(
    { id: inserted.identifiers[0].id as number },
    { resultJson: JSON.stringify(result) },
  );
  return { replayed: false, result };
}
