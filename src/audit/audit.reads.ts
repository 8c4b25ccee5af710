import { visibilityOf } from '../access/visibility';
import type { ListSource } from '../core/list-query';
import { sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { loadOptionalById, type ByIdSpec } from '../access/by-id';
import { listConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { AuditRecord } from './audit-record.entity';

export const auditRecordById: ByIdSpec<AuditRecord> = {
  name: 'auditRecord',
  target: AuditRecord,
  table: 'audit_record',
  alias: 'a',
  visible: (v) => v.auditRecord('a'),
};

export function loadAuditRecord(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, auditRecordById, id);
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  resourceId?: string;
  operation?: string;
}

/** the audit records of the changes the caller's organization was involved in. */
export function listAuditRecords(
  ctx: RequestContext,
  filter: AuditFilter,
  req: PageRequest,
): Promise<ConnectionData<AuditRecord>> {
  const records = ctx.hydrator(AuditRecord, 'a');
  const src: ListSource = {
    from: Sql.raw('audit_record a'),
    select: records.columns,
    key: 'a.id',
    where: [
      filter.from ? sql`a.occurred_at >= ${filter.from}` : undefined,
      filter.to ? sql`a.occurred_at < ${filter.to}` : undefined,
      filter.resourceId ? sql`a.resource_id = ${filter.resourceId}` : undefined,
      filter.operation ? sql`a.operation = ${filter.operation}` : undefined,
      visibilityOf(ctx).auditRecord('a'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({ cursor, node: records.one(row) }));
}
