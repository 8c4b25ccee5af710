import { createHash } from 'node:crypto';
import type { WriteContext } from '../core/unit-of-work';
import { withNamedLock } from '../db/named-lock';
import { RuleViolation, UserErrorCode } from '../core/user-error';
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
 *
 * R-29 under a pile-up: duplicates of the same key queue on a named lock (one per organization
 * and key) before they look the key up. Without it, when the first request is refused and rolls
 * back, every duplicate waiting on the unique index holds a shared lock on the vanished key and
 * InnoDB resolves their inserts with deadlocks, round after round, until requests run out of
 * retries (INTERNAL_SERVER_ERROR instead of the refusal's own userError).
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
  // A retry of a finished request replays at once, without queueing behind the lock.
  const replay = await findReplay<R>(w, key, requestHash);
  if (replay) return replay;
  return withNamedLock(w.db, w.manager, `idempotency:${organizationId}:${key}`, () =>
    claimAndRun(w, key, requestHash, work),
  );
}

/** The first result for this key, or IDEMPOTENCY_KEY_REUSED; null when the key is unused. */
async function findReplay<R extends object>(
  w: WriteContext,
  key: string,
  requestHash: string,
): Promise<IdempotentOutcome<R> | null> {
  const existing = await w.manager
    .getRepository(IdempotencyRecord)
    .findOne({ where: { organizationId: w.viewer.organizationId, idempotencyKey: key } });
  if (!existing) return null;
  if (existing.requestHash !== requestHash || existing.operation !== w.operation) {
    throw new RuleViolation(
      UserErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotency key was already used for a different request; use a new key for a new request.',
      'input.idempotencyKey',
    );
  }
  return { replayed: true, result: JSON.parse(existing.resultJson) as R };
}

async function claimAndRun<R extends object>(
  w: WriteContext,
  key: string,
  requestHash: string,
  work: () => Promise<R>,
): Promise<IdempotentOutcome<R>> {
  const replay = await findReplay<R>(w, key, requestHash);
  if (replay) return replay;
  const organizationId = w.viewer.organizationId;
  const repository = w.manager.getRepository(IdempotencyRecord);
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
