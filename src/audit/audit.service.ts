import type { EntityManager } from 'typeorm';
import { toGlobalId, type NodeType } from '../graphql/node-id';
import type { Viewer } from '../identity/viewer';
import { AuditRecordOrganization } from './audit-record-organization.entity';
import { AuditRecord } from './audit-record.entity';

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

/** writes one audit record inside the caller's transaction. */
export async function writeAuditRecord(
  manager: EntityManager,
  context: { actor: Viewer | null; requestId: string; operation: string; now: Date },
  entry: AuditEntry,
): Promise<void> {
  const record = Object.assign(new AuditRecord(), {
    occurredAt: context.now,
    requestId: context.requestId,
    actorUserId: context.actor?.userId ?? null,
    actorOrganizationId: context.actor?.organizationId ?? null,
    operation: context.operation,
    resourceType: entry.resourceType,
    resourceId: toGlobalId(entry.resourceType, entry.resourceId),
    oldValue: toJson(entry.oldValue),
    newValue: toJson(entry.newValue),
    outcome: 'SUCCEEDED',
  });
  const result = await manager.insert(AuditRecord, record);
  const auditRecordId = result.identifiers[0].id as number;
  const organizations = new Set<number>();
  if (context.actor) organizations.add(context.actor.organizationId);
  for (const id of entry.organizations) if (id != null) organizations.add(id);
  if (organizations.size === 0)
    throw new Error(`audit record of ${context.operation} involves no organization`);
  await manager.insert(
    AuditRecordOrganization,
    [...organizations].map((organizationId) => ({ auditRecordId, organizationId })),
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
