import type { WriteContext } from '../core/unit-of-work';
import { sqlParam } from '../db/sql';
import { toGlobalId } from '../core/node-id';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import type { Partner } from '../partners/partner.entity';
import {
  RelationshipRequest,
  RelationshipRequestKind,
  RelationshipRequestStatus,
} from './relationship-request.entity';
import {
  hashRequestToken,
  newRequestToken,
  requestLink,
  requestLinkExpiry,
} from './relationship-token';

export interface NewRelationshipRequest {
  kind: RelationshipRequestKind;
  partner: Partner;
  indirectProvider: Partner | null;
  customerId: number | null;
  recipientEmail: string;
  message: string;
  resellerRelationship: boolean;
  delegatedAdmin: boolean;
  /** What the email asks, before the link. */
  ask: string;
}

const LINK_PATHS: Record<RelationshipRequestKind, string> = {
  [RelationshipRequestKind.CUSTOMER_INVITATION]: 'customer-invitations/accept',
  [RelationshipRequestKind.RELATIONSHIP_REQUEST]: 'relationship-requests/accept',
};

/** What the audit log keeps of a request; never its token or hash. */
function requestSnapshot(r: RelationshipRequest) {
  return {
    kind: r.kind,
    partner: toGlobalId('Partner', r.partnerId),
    indirectProvider: r.indirectProviderId ? toGlobalId('Partner', r.indirectProviderId) : null,
    customer: r.customerId ? toGlobalId('Customer', r.customerId) : null,
    recipientEmail: r.recipientEmail,
    resellerRelationship: r.resellerRelationship,
    delegatedAdmin: r.delegatedAdmin,
    status: r.storedStatus,
    expiresAt: r.expiresAt,
  };
}

/**
 * records a request and emails its personal link (outbox, sent after commit). The
 * token is random and exists only in the email and in this one answer to the sender (who may
 * forward it, as Partner Center lets partners copy the invitation text): the request keeps its
 * SHA-256, and the link expires after 30 days.
 */
export interface SentRelationshipRequest {
  request: RelationshipRequest;
  /** The personal link, returned once to the sender; only the token's hash is stored. */
  invitationLink: string;
}

export async function sendRelationshipRequest(
  w: WriteContext,
  spec: NewRelationshipRequest,
): Promise<SentRelationshipRequest> {
  const { token, tokenHash } = newRequestToken();
  const request = Object.assign(new RelationshipRequest(), {
    kind: spec.kind,
    partnerId: spec.partner.id,
    indirectProviderId: spec.indirectProvider?.id ?? null,
    customerId: spec.customerId,
    recipientEmail: spec.recipientEmail,
    message: spec.message,
    resellerRelationship: spec.resellerRelationship,
    delegatedAdmin: spec.delegatedAdmin,
    tokenHash,
    storedStatus: RelationshipRequestStatus.PENDING,
    expiresAt: requestLinkExpiry(w.now),
    acceptedAt: null,
    acceptedByUserId: null,
    createdAt: w.now,
    createdByUserId: w.viewer.userId,
  });
  const inserted = await w.manager.insert(RelationshipRequest, request);
  request.id = inserted.identifiers[0].id as number;
  const link = requestLink(w.publicUrl, LINK_PATHS[spec.kind], token);
  await w.sendEmail({
    kind:
      spec.kind === RelationshipRequestKind.CUSTOMER_INVITATION
        ? 'customer-invitation'
        : 'relationship-request',
    recipient: spec.recipientEmail,
    subject: `${spec.partner.name} asks to work with your organization`,
    body: [
      spec.message,
      '',
      `${spec.ask} A customer administrator signs in and accepts here:`,
      link,
      '',
      `The link works once and expires on ${request.expiresAt.toISOString().slice(0, 10)}.`,
    ].join('\n'),
  });
  await w.audit({
    resourceType: 'RelationshipRequest',
    resourceId: request.id,
    newValue: requestSnapshot(request),
    organizations: [spec.indirectProvider?.id, spec.customerId],
  });
  return { request, invitationLink: link };
}

/**
 * uses a link token once. A single conditional UPDATE turns the PENDING request
 * into ACCEPTED (binding an invitation to the accepting customer), so of two concurrent
 * acceptances exactly one succeeds. Unknown, expired, used, cancelled tokens, tokens of the
 * other kind and another customer's request all answer INVITATION_INVALID. A later refusal in
 * the same transaction rolls the acceptance back and leaves the link usable.
 */
export async function claimRelationshipRequest(
  w: WriteContext,
  token: string,
  kind: RelationshipRequestKind,
): Promise<RelationshipRequest> {
  const me = w.viewer.organizationId;
  const tokenHash = hashRequestToken(token);
  const addressee =
    kind === RelationshipRequestKind.CUSTOMER_INVITATION
      ? 'customer_id IS NULL'
      : 'customer_id = ?';
  const changed = await w.execute(
    `UPDATE relationship_request
        SET stored_status = ?, accepted_at = ?, accepted_by_user_id = ?, customer_id = ?
      WHERE token_hash = ? AND kind = ? AND stored_status = ? AND expires_at > ? AND ${addressee}`,
    [
      RelationshipRequestStatus.ACCEPTED,
      sqlParam(w.now),
      w.viewer.userId,
      me,
      tokenHash,
      kind,
      RelationshipRequestStatus.PENDING,
      sqlParam(w.now),
      ...(kind === RelationshipRequestKind.CUSTOMER_INVITATION ? [] : [me]),
    ],
  );
  if (changed !== 1) {
    throw new RuleViolation(
      UserErrorCode.INVITATION_INVALID,
      'This link is not valid: it is unknown, expired, already used or meant for another organization.',
      'input.token',
    );
  }
  return w.manager.findOneOrFail(RelationshipRequest, { where: { tokenHash } });
}

/** Records the acceptance in the audit log, readable by every organization involved. */
export async function auditAcceptance(w: WriteContext, request: RelationshipRequest) {
  await w.audit({
    resourceType: 'RelationshipRequest',
    resourceId: request.id,
    oldValue: { status: RelationshipRequestStatus.PENDING },
    newValue: requestSnapshot(request),
    organizations: [request.partnerId, request.indirectProviderId, request.customerId],
  });
}
