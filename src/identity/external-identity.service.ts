import { hasAnyRole } from '../core/viewer';
import { forbidden } from '../core/errors';
import { Role } from '../core/role';
import type { TransactionContext, WriteContext } from '../core/unit-of-work';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Capability } from '../access/capabilities';
import { ExternalIdentity } from './external-identity.entity';
import { lockColleague } from './partner-user.policy';
import type { User } from './user.entity';

/**
 * Signing in as a GLOBAL_ADMIN is as strong as being granted the role, so only a GLOBAL_ADMIN
 * links or unlinks a GLOBAL_ADMIN's identity (R-05's rule for the role itself).
 */
export function assertMayManageSignIn(w: WriteContext, user: User): void {
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
  const identity = await insertIdentity(w, user, input, w.viewer.userId);
  await w.audit({
    resourceType: 'User',
    resourceId: user.id,
    newValue: { externalIdentity: { issuer: identity.issuer, subject: identity.subject } },
    organizations: [],
  });
  return { user, externalIdentity: identity };
}

/**
 * One identity names one user and a user has one identity per issuer (ALREADY_EXISTS); the
 * unique indexes hold both under concurrent links, these checks name the field.
 */
export async function insertIdentity(
  w: TransactionContext,
  user: User,
  person: { issuer: string; subject: string },
  linkedByUserId: number | null,
): Promise<ExternalIdentity> {
  const repo = w.manager.getRepository(ExternalIdentity);
  if (await repo.existsBy({ userId: user.id, issuer: person.issuer }))
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      'The user already has an identity at this provider.',
      'input.issuer',
    );
  if (await repo.existsBy({ issuer: person.issuer, subject: person.subject }))
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      'This identity is already linked to a user.',
      'input.subject',
    );
  const identity = Object.assign(new ExternalIdentity(), {
    userId: user.id,
    issuer: person.issuer,
    subject: person.subject,
    linkedAt: w.now,
    linkedByUserId,
  });
  identity.id = (await repo.insert(identity)).identifiers[0].id as number;
  return identity;
}
