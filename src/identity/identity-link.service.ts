import type { PublicWriteContext, WriteContext } from '../core/unit-of-work';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { findLocked } from '../db/locked-reads';
import { assertMayManageSignIn, insertIdentity } from './external-identity.service';
import { IdentityLink } from './identity-link.entity';
import { hashToken, newOneTimeToken } from './one-time-token';
import { lockColleague } from './partner-user.policy';
import { User } from './user.entity';

/** A link is for its user to click soon, like an invitation. */
const LINK_TTL_MS = 72 * 3600 * 1000;

/**
 * SPEC section 1: an administrator of the user's organization emails the user a single-use
 * link (to the user's stored address, never one given here). A new link replaces the last.
 * Audited on the user.
 */
export async function sendIdentityLink(
  w: WriteContext,
  userId: number,
): Promise<{ user: User; expiresAt: Date }> {
  const user = await lockColleague(w, userId);
  assertMayManageSignIn(w, user);
  const links = w.manager.getRepository(IdentityLink);
  await links.delete({ userId: user.id });
  const { token, hash } = newOneTimeToken();
  const expiresAt = new Date(w.now.getTime() + LINK_TTL_MS);
  await links.insert({
    userId: user.id,
    tokenHash: hash,
    expiresAt,
    createdByUserId: w.viewer.userId,
  });
  await w.sendEmail({
    kind: 'identity-link',
    recipient: user.email,
    subject: 'Link your sign-in to CSP Partner Graph',
    body: `Sign in with your organization's identity provider and open this link to use it for ${user.email}:\n${w.publicUrl}/link-identity?token=${encodeURIComponent(token)}\nIt works once, until ${expiresAt.toISOString()}.`,
  });
  await w.audit({
    resourceType: 'User',
    resourceId: user.id,
    newValue: { identityLinkSentTo: user.email, expiresAt },
    organizations: [],
  });
  return { user, expiresAt };
}

/**
 * The user redeems the link with a provider's token: that person (issuer, subject) is linked
 * to the link's user, once. An unknown, used or expired link is INVITATION_INVALID; the
 * provider token was verified before (UNAUTHENTICATED). Audited, readable by the user's
 * organization.
 */
export async function redeemIdentityLink(
  w: PublicWriteContext,
  token: string,
  person: { issuer: string; subject: string },
): Promise<User> {
  const link = await findLocked(w, IdentityLink, { tokenHash: hashToken(token) }, 'update');
  if (!link || link.expiresAt.getTime() <= w.now.getTime())
    throw new RuleViolation(
      UserErrorCode.INVITATION_INVALID,
      'This link is unknown, used or expired; ask your administrator for a new one.',
      'input.token',
    );
  await w.manager.getRepository(IdentityLink).delete({ id: link.id });
  const user = await w.manager.findOneByOrFail(User, { id: link.userId });
  await insertIdentity(w, user, person, null);
  await w.audit({
    resourceType: 'User',
    resourceId: user.id,
    newValue: { externalIdentity: person, through: 'identity link' },
    organizations: [user.organizationId],
  });
  return user;
}
