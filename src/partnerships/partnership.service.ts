import type { WriteContext } from '../core/unit-of-work';
import { snapshot } from '../core/audit-log';
import { sql, toSqlDateTime } from '../db/sql';
import { badUserInput, forbidden } from '../core/errors';
import { toGlobalId } from '../core/node-id';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Partner } from '../partners/partner.entity';
import { assertCanTransact } from '../partners/partner.policy';
import {
  hashInvitationToken,
  invitationExpiry,
  invitationLink,
  newInvitationToken,
} from './invitation-token';
import { readRows } from '../db/locked-reads';
import { lockPartners } from '../partners/partner-locks';
import { lockInvitation, lockPartnership } from './partnership-locks';
import { isPendingInvitation } from './partnership-invitation-status';
import {
  defaultInvitationMessage,
  partnershipInvitationEmail,
} from './partnership-invitation.email';
import { PartnershipInvitation } from './partnership-invitation.entity';
import { PartnershipState } from './partnership-state';
import { Partnership } from './partnership.entity';
import {
  assertActiveIndirectReseller,
  assertIndirectProvider,
  assertPartnershipState,
  assertPartyTo,
  assertProviderServesResellerRegion,
  counterpartOf,
  lockLivePartnership,
} from './partnership.policy';

export interface PartnershipRequest {
  resellerMpnId: string;
  recipientEmail?: string | null;
  message?: string | null;
}

export interface RequestedPartnership {
  partnership: Partnership;
  invitation: PartnershipInvitation;
  /** The personal link, returned once to the provider; only the token's hash is stored. */
  invitationLink: string;
}

const PARTNERSHIP_FIELDS = [
  'state',
  'providerAdminAccess',
  'invitedAt',
  'acceptedAt',
  'suspendedAt',
  'endedAt',
  'endedByOrganizationId',
  'suspendedByPartnerId',
] as const;

export function partnershipSnapshot(partnership: Partnership) {
  return snapshot(partnership, PARTNERSHIP_FIELDS);
}

/** Writes the changed fields of a partnership and keeps the object in step. */
export async function updatePartnership(
  w: WriteContext,
  partnership: Partnership,
  changes: Partial<Partnership>,
): Promise<void> {
  Object.assign(partnership, changes, { updatedAt: w.now });
  await w.manager.update(Partnership, { id: partnership.id }, { ...changes, updatedAt: w.now });
}

/**
 * an indirect provider asks a reseller, named by its partner (MPN) ID, for a partnership.
 * Creates the INVITED partnership (or renews one whose request expired unanswered) and a
 * personal single-use link valid 30 days, emailed with the provider's message (R-04, R-14,
 * checked first).
 */
export async function requestPartnership(
  w: WriteContext,
  request: PartnershipRequest,
): Promise<RequestedPartnership> {
  const named = await w.manager.findOne(Partner, { where: { mpnId: request.resellerMpnId } });
  const partners = await lockPartners(
    w,
    named ? [w.viewer.organizationId, named.id] : [w.viewer.organizationId],
  );
  const provider = partners.get(w.viewer.organizationId);
  if (!provider) throw forbidden('Only an indirect provider can request a partnership (R-10).');
  assertIndirectProvider(provider);
  assertCanTransact(provider);
  const reseller = named ? partners.get(named.id) : undefined;
  assertActiveIndirectReseller(reseller, 'input.resellerMpnId');
  await assertProviderServesResellerRegion(w, provider, reseller, 'input.resellerMpnId');

  const recipient = request.recipientEmail ?? reseller.primaryContact.email;
  if (!recipient) {
    throw badUserInput(
      'input.recipientEmail',
      'input.recipientEmail is required: the reseller has no primary contact email on file',
    );
  }

  let partnership = await lockLivePartnership(w, provider.id, reseller.id);
  let oldValue: unknown = null;
  if (partnership) {
    const latest = await latestInvitationFor(w, partnership.id);
    const stillPending =
      partnership.state === PartnershipState.INVITED &&
      latest !== null &&
      isPendingInvitation(latest, partnership.state, w.now);
    if (partnership.state !== PartnershipState.INVITED || stillPending) {
      throw new RuleViolation(
        UserErrorCode.ALREADY_EXISTS,
        partnership.state === PartnershipState.INVITED
          ? `${reseller.name} has a pending partnership request from ${provider.name}; end it to send a new one.`
          : `${provider.name} and ${reseller.name} already have a ${partnership.state} partnership (R-13).`,
        'input.resellerMpnId',
      );
    }
    // The earlier request expired unanswered: this one replaces it.
    oldValue = partnershipSnapshot(partnership);
    await updatePartnership(w, partnership, { invitedAt: w.now });
  } else {
    partnership = Object.assign(new Partnership(), {
      providerId: provider.id,
      resellerId: reseller.id,
      state: PartnershipState.INVITED,
      liveKey: 1,
      providerAdminAccess: false,
      invitedAt: w.now,
      acceptedAt: null,
      suspendedAt: null,
      endedAt: null,
      endedByOrganizationId: null,
      suspendedByPartnerId: null,
      updatedAt: w.now,
    });
    const inserted = await w.manager.insert(Partnership, partnership);
    partnership.id = inserted.identifiers[0].id as number;
  }

  const token = newInvitationToken();
  const link = invitationLink(w.publicUrl, token);
  const invitation = Object.assign(new PartnershipInvitation(), {
    partnershipId: partnership.id,
    tokenHash: hashInvitationToken(token),
    recipientEmail: recipient,
    message: request.message ?? defaultInvitationMessage(provider, reseller),
    expiresAt: invitationExpiry(w.now),
    usedAt: null,
    createdAt: w.now,
    createdByUserId: w.viewer.userId,
  });
  const inserted = await w.manager.insert(PartnershipInvitation, invitation);
  invitation.id = inserted.identifiers[0].id as number;

  await w.sendEmail(
    partnershipInvitationEmail({
      provider,
      reseller,
      recipient,
      message: invitation.message,
      link,
      expiresAt: invitation.expiresAt,
    }),
  );
  await w.audit({
    resourceType: 'Partnership',
    resourceId: partnership.id,
    oldValue,
    newValue: {
      ...partnershipSnapshot(partnership),
      invitationId: toGlobalId('PartnershipInvitation', invitation.id),
      // The audit record is the provider's to read: a default recipient is the reseller's
      // primary contact, which R-30 keeps from it until the partnership is ACTIVE.
      recipientEmail: request.recipientEmail ? recipient : null,
      toPrimaryContact: !request.recipientEmail,
      expiresAt: invitation.expiresAt,
    },
    organizations: [reseller.id],
  });
  return { partnership, invitation, invitationLink: link };
}

/** The partnership's latest request, locked: a plain read could answer from an older snapshot. */
async function latestInvitationFor(
  w: WriteContext,
  partnershipId: number,
): Promise<PartnershipInvitation | null> {
  const invitations = await readRows(
    w,
    PartnershipInvitation,
    sql`x.partnership_id = ${partnershipId}`,
  );
  return invitations.at(-1) ?? null;
}

/**
 * a GLOBAL_ADMIN or ADMIN_AGENT of the invited reseller accepts with explicit
 * consent. The partnership becomes ACTIVE, the provider gets admin access to the reseller's work
 * account and the link is used up. Unknown, expired, used and foreign links (meant for another
 * organization) are refused alike with INVITATION_INVALID; are checked
 * again, as they stand now.
 *
 * Race-safe: the invitation and partnership rows are read with `FOR UPDATE` (organizations
 * first, then partnership, then invitation, the order every workflow here uses) and the
 * invitation is marked used only if it still is unused, so of many parallel acceptances exactly
 * one succeeds.
 */
export async function acceptPartnershipInvitation(
  w: WriteContext,
  token: string,
): Promise<Partnership> {
  const invalid = () =>
    new RuleViolation(
      UserErrorCode.INVITATION_INVALID,
      'This partnership invitation link is not valid: it may have expired, been used already or be meant for another organization.',
      'input.token',
    );
  const found = await w.manager.findOne(PartnershipInvitation, {
    where: { tokenHash: hashInvitationToken(token) },
  });
  if (!found) throw invalid();
  const meant = await w.manager.findOne(Partnership, { where: { id: found.partnershipId } });
  if (!meant || meant.resellerId !== w.viewer.organizationId) throw invalid();

  const partners = await lockPartners(w, [meant.providerId, meant.resellerId]);
  const partnership = await lockPartnership(w, meant.id);
  const invitation = await lockInvitation(w, found.id);
  if (
    !partnership ||
    !invitation ||
    !isPendingInvitation(invitation, partnership.state, w.now) ||
    partnership.resellerId !== w.viewer.organizationId
  ) {
    throw invalid();
  }

  const reseller = partners.get(partnership.resellerId);
  const provider = partners.get(partnership.providerId);
  if (!reseller || !provider) throw invalid();
  assertCanTransact(reseller);
  assertActiveIndirectReseller(reseller, null);
  assertCanTransact(provider);
  await assertProviderServesResellerRegion(w, provider, reseller);

  const marked = await w.execute(
    'UPDATE partnership_invitation SET used_at = ? WHERE id = ? AND used_at IS NULL',
    [toSqlDateTime(w.now), invitation.id],
  );
  if (marked !== 1) throw invalid();
  invitation.usedAt = w.now;

  const before = partnershipSnapshot(partnership);
  await updatePartnership(w, partnership, {
    state: PartnershipState.ACTIVE,
    acceptedAt: w.now,
    providerAdminAccess: true,
  });
  await w.audit({
    resourceType: 'Partnership',
    resourceId: partnership.id,
    oldValue: before,
    newValue: {
      ...partnershipSnapshot(partnership),
      invitationId: toGlobalId('PartnershipInvitation', invitation.id),
      consent: true,
    },
    organizations: [provider.id],
  });
  return partnership;
}

/**
 * the reseller removes its provider's admin access to its work account; the partnership
 * stays as it is. Removing access that is already gone changes and records nothing.
 */
export async function removeProviderAdminAccess(
  w: WriteContext,
  partnershipId: number,
): Promise<Partnership> {
  const partnership = await lockPartnership(w, partnershipId);
  assertPartyTo(partnership, w.viewer.organizationId, 'input.partnershipId');
  if (partnership.resellerId !== w.viewer.organizationId) {
    throw forbidden("Only the indirect reseller can remove its provider's admin access (R-12).");
  }
  assertPartnershipState(
    partnership,
    [PartnershipState.ACTIVE, PartnershipState.SUSPENDED],
    "remove the provider's admin access of",
  );
  if (!partnership.providerAdminAccess) return partnership;
  const before = partnershipSnapshot(partnership);
  await updatePartnership(w, partnership, { providerAdminAccess: false });
  await w.audit({
    resourceType: 'Partnership',
    resourceId: partnership.id,
    oldValue: before,
    newValue: partnershipSnapshot(partnership),
    organizations: [partnership.providerId],
  });
  return partnership;
}

/**
 * either side ends a live partnership (REVOKED, kept as history): the provider withdraws
 * a pending request, the reseller declines it, or either ends an ACTIVE or SUSPENDED one. The
 * provider loses its admin access; existing subscriptions are not touched. The pair may then
 * start a new partnership.
 */
export async function endPartnership(w: WriteContext, partnershipId: number): Promise<Partnership> {
  const partnership = await lockPartnership(w, partnershipId);
  assertPartyTo(partnership, w.viewer.organizationId, 'input.partnershipId');
  assertPartnershipState(
    partnership,
    [PartnershipState.INVITED, PartnershipState.ACTIVE, PartnershipState.SUSPENDED],
    'end',
  );
  const before = partnershipSnapshot(partnership);
  await updatePartnership(w, partnership, {
    state: PartnershipState.REVOKED,
    liveKey: null,
    providerAdminAccess: false,
    endedAt: w.now,
    endedByOrganizationId: w.viewer.organizationId,
    suspendedByPartnerId: null,
  });
  await w.audit({
    resourceType: 'Partnership',
    resourceId: partnership.id,
    oldValue: before,
    newValue: partnershipSnapshot(partnership),
    organizations: [counterpartOf(partnership, w.viewer.organizationId)],
  });
  return partnership;
}
