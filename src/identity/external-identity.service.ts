import { hasAnyRole } from '../core/viewer';
import { forbidden } from '../core/errors';
import { Role } from '../core/role';
import type { WriteContext } from '../core/unit-of-work';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Capability } from '../access/capabilities';
import { ExternalIdentity } from './external-identity.entity';
import { lockColleague } from './partner-user.policy';
import type { User } from './user.entity';

/**
 * Signing in as a GLOBAL_ADMIN is as strong as being granted the role, so only a GLOBAL_ADMIN
 * links or unlinks a GLOBAL_ADMIN's identity (R-05's rule for the role itself).
 */
function assertMayManageSignIn(w: WriteContext, user: User): void {
  if (
    user.roles.includes(Role.GLOBAL_ADMIN) &&
    !hasAnyRole(w.viewer, Capability.MANAGE_GLOBAL_ADMINS)
  )
    throw forbidden("Only a GLOBAL_ADMIN may change a GLOBAL_ADMIN's sign-in identities.");
}

/**
 * SPEC section 1: an administrator of the user's organization links the user to a person at
 * an OpenID Connect provider by issuer and subject (never by an email claim). One identity
 * names one user and a user has one identity per issuer: ALREADY_EXISTS otherwise. Audited
 * on the user.
 */
export async function linkExternalIdentity(
  w: WriteContext,
  userId: number,
  input: { issuer: string; subject: string },
): Promise<{ user: User; externalIdentity: ExternalIdentity }> {
  const user = await lockColleague(w, userId);
  assertMayManageSignIn(w, user);
  const repo = w.manager.getRepository(ExternalIdentity);
  if (await repo.existsBy({ userId: user.id, issuer: input.issuer }))
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      'The user already has an identity at this provider; unlink it first.',
      'input.issuer',
    );
  if (await repo.existsBy({ issuer: input.issuer, subject: input.subject }))
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      'This identity is already linked to a user.',
      'input.subject',
    );
  const identity = Object.assign(new ExternalIdentity(), {
    userId: user.id,
    issuer: input.issuer,
    subject: input.subject,
    linkedAt: w.now,
    linkedByUserId: w.viewer.userId,
  });
  identity.id = (await repo.insert(identity)).identifiers[0].id as number;
  await w.audit({
    resourceType: 'User',
    resourceId: user.id,
    newValue: { externalIdentity: { issuer: identity.issuer, subject: identity.subject } },
    organizations: [],
  });
  return { user, externalIdentity: identity };
}
