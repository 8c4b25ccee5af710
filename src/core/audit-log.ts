import type { EntityManager } from 'typeorm';
import type { Database } from '../db/database';
import { sql, sqlParam } from '../db/sql';
import { toGlobalId, type NodeType } from './node-id';
import type { Viewer } from './viewer';

export interface AuditEntry {
  resourceType: NodeType;
  resourceId: number;
  oldValue?: unknown;
  newValue?: unknown;
  /**
   * Organizations involved besides the actor's; they may read the record. A public
   * mutation has no actor, so it must name at least one.
   */
  organizations: ReadonlyArray<number | null | undefined>;
}

/** Dates as ISO strings, undefined dropped: what the audit stores as JSON. */
function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v));
}

/**
 * writes one audit record inside the caller's transaction: the record, then the
 * organizations that may read it, in one multi-row INSERT. Hand-written statements rather than
 * TypeORM's insert builder: every mutation pays this, and the builder cost more CPU than the
 * rest of a simple mutation's own code (bench/README.md).
 */
export async function writeAuditRecord(
  manager: EntityManager,
  context: {
    db: Database;
    actor: Viewer | null;
    requestId: string;
    operation: string;
    now: Date;
  },
  entry: AuditEntry,
): Promise<void> {
  const organizations = new Set<number>();
  if (context.actor) organizations.add(context.actor.organizationId);
  for (const id of entry.organizations) if (id != null) organizations.add(id);
  if (organizations.size === 0)
    throw new Error(`audit record of ${context.operation} involves no organization`);
  const record = sql`INSERT INTO audit_record (occurred_at, request_id, actor_user_id,
      actor_organization_id, operation, resource_type, resource_id, old_value, new_value, outcome)
    VALUES (${context.now}, ${context.requestId}, ${context.actor?.userId ?? null},
      ${context.actor?.organizationId ?? null}, ${context.operation}, ${entry.resourceType},
      ${toGlobalId(entry.resourceType, entry.resourceId)}, ${toJson(entry.oldValue)},
      ${toJson(entry.newValue)}, 'SUCCEEDED')`;
  const auditRecordId = await context.db.insert(manager, record.text, [...record.params]);
  const ids = [...organizations];
  await context.db.execute(
    manager,
    `INSERT INTO audit_record_organization (audit_record_id, organization_id) VALUES ${ids
      .map(() => '(?, ?)')
      .join(', ')}`,
    ids.flatMap((id) => [auditRecordId, sqlParam(id)]),
  );
}

/** The fields of an object worth recording, dates included. */
export function snapshot<T extends object, K extends keyof T>(
  object: T,
  keys: readonly K[],
): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = object[key];
  return out;
}
