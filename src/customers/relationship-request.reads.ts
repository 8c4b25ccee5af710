import { visibilityOf } from '../access/visibility';
import type { ListSource } from '../core/list-query';
import { runSql, sql, Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { listConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import {
  RelationshipRequest,
  RelationshipRequestKind,
  RelationshipRequestStatus,
} from './relationship-request.entity';
import { RelationshipRequestPreview } from './relationship-request.types';
import { hashRequestToken } from './relationship-token';

export interface RelationshipRequestFilter {
  kind?: RelationshipRequestKind;
  status?: RelationshipRequestStatus;
}

/** A PENDING request past its expiry reads EXPIRED (see RelationshipRequest.status). */
function statusCondition(status: RelationshipRequestStatus, now: Date): Sql {
  switch (status) {
    case RelationshipRequestStatus.PENDING:
      return sql`q.stored_status = ${status} AND q.expires_at > ${now}`;
    case RelationshipRequestStatus.EXPIRED:
      return sql`(q.stored_status = ${status} OR (q.stored_status = ${RelationshipRequestStatus.PENDING} AND q.expires_at <= ${now}))`;
    default:
      return sql`q.stored_status = ${status}`;
  }
}

/**
 * Root `relationshipRequests`: a partner sees the invitations and requests it sent and
 * the invitations that name it as indirect provider; a customer admin those addressed to its
 * tenant (an invitation once it accepted it); the vendor all.
 */
export function listRelationshipRequests(
  ctx: RequestContext,
  filter: RelationshipRequestFilter,
  req: PageRequest,
): Promise<ConnectionData<RelationshipRequest>> {
  const requests = ctx.hydrator(RelationshipRequest, 'q');
  const src: ListSource = {
    from: Sql.raw('relationship_request q'),
    select: requests.columns,
    key: 'q.id',
    where: [
      filter.kind ? sql`q.kind = ${filter.kind}` : undefined,
      filter.status ? statusCondition(filter.status, new Date()) : undefined,
      visibilityOf(ctx).relationshipRequest('q'),
    ],
  };
  return listConnection(ctx, src, req, (row, cursor) => ({ cursor, node: requests.one(row) }));
}

/**
 * What a link asks, for the customer admin holding it: the token is the capability. Only a
 * PENDING, unexpired request that this customer may accept answers (an invitation not yet
 * accepted, or a request addressed to its tenant); anything else reads null.
 */
export async function previewRelationshipRequest(
  ctx: RequestContext,
  token: string,
): Promise<RelationshipRequestPreview | null> {
  const viewer = ctx.requireViewer();
  if (viewer.organizationType !== 'CUSTOMER' || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  const now = new Date();
  const requests = ctx.hydrator(RelationshipRequest, 'q');
  const [row] = await runSql<Record<string, unknown>>(
    ctx.db,
    sql`SELECT ${requests.columns}, p.name AS partner_name, ip.name AS provider_name
          FROM relationship_request q
          JOIN organization p ON p.id = q.partner_id
          LEFT JOIN organization ip ON ip.id = q.indirect_provider_id
         WHERE q.token_hash = ${hashRequestToken(token)}
           AND q.stored_status = ${RelationshipRequestStatus.PENDING} AND q.expires_at > ${now}
           AND ((q.kind = ${RelationshipRequestKind.CUSTOMER_INVITATION} AND q.customer_id IS NULL)
                OR (q.kind = ${RelationshipRequestKind.RELATIONSHIP_REQUEST} AND q.customer_id = ${viewer.organizationId}))`,
  );
  if (!row) return null;
  const request = requests.one(row);
  return Object.assign(new RelationshipRequestPreview(), {
    kind: request.kind,
    partnerName: String(row.partner_name),
    indirectProviderName: row.provider_name == null ? null : String(row.provider_name),
    resellerRelationship: request.resellerRelationship,
    delegatedAdmin: request.delegatedAdmin,
    message: request.message,
    expiresAt: request.expiresAt,
  });
}
