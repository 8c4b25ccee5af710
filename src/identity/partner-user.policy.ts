import { Capability } from '../access/capabilities';
import type { TransactionContext, WriteContext } from '../core/unit-of-work';
import { forbidden } from '../core/errors';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { Role } from '../core/role';
import { User, UserStatus } from './user.entity';
import { hasAnyRole } from '../core/viewer';

/** Sign-in names are unique across the system: ALREADY_EXISTS. */
export async function assertEmailAvailable(
  w: TransactionContext,
  email: string,
  field: string,
): Promise<void> {
  if (await w.manager.exists(User, { where: { email } })) {
    throw new RuleViolation(
      UserErrorCode.ALREADY_EXISTS,
      `A user signs in as ${email} already.`,
      field,
    );
  }
}

/**
 * a partner's users are managed by its own GLOBAL_ADMIN/ADMIN_AGENT only. The caller's
 * organization row is locked first, which serializes user management per partner (so that
 * "at least one active GLOBAL_ADMIN" holds under concurrent changes); a user of another
 * organization reads exactly like an unknown one: NOT_FOUND.
 */
export async function lockColleague(w: WriteContext, userId: number): Promise<User> {
  await w.lockRow('organization', w.viewer.organizationId);
  const user = await w.manager.findOne(User, {
    where: { id: userId, organizationId: w.viewer.organizationId },
  });
  if (!user) throw new RuleViolation(UserErrorCode.NOT_FOUND, 'No such user.', 'input.userId');
  return user;
}

/**
 * only a GLOBAL_ADMIN grants or takes away GLOBAL_ADMIN, which includes creating,
 * disabling or enabling a global admin. An ADMIN_AGENT trying it is refused like any wrong
 * role: top-level FORBIDDEN.
 */
export function assertMayChangeGlobalAdmin(
  w: WriteContext,
  before: readonly Role[],
  after: readonly Role[],
): void {
  const wasGlobal = before.includes(Role.GLOBAL_ADMIN);
  const isGlobal = after.includes(Role.GLOBAL_ADMIN);
  if (wasGlobal !== isGlobal && !hasAnyRole(w.viewer, Capability.MANAGE_GLOBAL_ADMINS)) {
    throw forbidden('Only a GLOBAL_ADMIN may grant or remove the GLOBAL_ADMIN role.');
  }
}

/**
 * a partner keeps at least one active GLOBAL_ADMIN (the only role that accepts the
 * partner agreement and manages global admins): removing or disabling the last one is
 * INVALID_STATE. Callers hold the organization lock (lockColleague).
 */
export async function assertGlobalAdminRemains(
  w: WriteContext,
  user: User,
  after: { roles: readonly Role[]; status: UserStatus },
): Promise<void> {
  const activeGlobal = (u: { roles: readonly Role[]; status: UserStatus }) =>
    u.status === UserStatus.ACTIVE && u.roles.includes(Role.GLOBAL_ADMIN);
  if (!activeGlobal(user) || activeGlobal(after)) return;
  const colleagues = await w.manager.find(User, {
    where: { organizationId: user.organizationId, status: UserStatus.ACTIVE },
  });
  if (!colleagues.some((u) => u.id !== user.id && activeGlobal(u))) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      `${user.email} is the last active GLOBAL_ADMIN of the partner; make another user GLOBAL_ADMIN first.`,
      'input.userId',
    );
  }
}
