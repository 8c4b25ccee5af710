import type { WriteContext } from '../core/unit-of-work';
import { snapshot } from '../core/audit-log';
import { RuleViolation, UserErrorCode } from '../core/user-error';
import { normalizeEmail } from './email';
import {
  assertEmailAvailable,
  assertGlobalAdminRemains,
  assertMayChangeGlobalAdmin,
  lockColleague,
} from './partner-user.policy';
import type { Role } from '../core/role';
import { User, UserStatus } from './user.entity';

const USER_FIELDS = ['email', 'displayName', 'roles', 'status'] as const;

/** Roles in a stable order, without repeats: what is stored and compared. */
function roleSet(roles: readonly Role[]): Role[] {
  return [...new Set(roles)].sort();
}

async function record(
  w: WriteContext,
  user: User,
  before: Partial<User> | undefined,
): Promise<void> {
  await w.audit({
    resourceType: 'User',
    resourceId: user.id,
    oldValue: before,
    newValue: snapshot(user, USER_FIELDS),
    organizations: [],
  });
}

/** a GLOBAL_ADMIN/ADMIN_AGENT adds a user to its own partner organization. */
export async function createPartnerUser(
  w: WriteContext,
  input: { email: string; displayName: string; roles: readonly Role[] },
): Promise<User> {
  const roles = roleSet(input.roles);
  assertMayChangeGlobalAdmin(w, [], roles);
  await w.lockRow('organization', w.viewer.organizationId);
  const email = normalizeEmail(input.email);
  await assertEmailAvailable(w, email, 'input.email');
  const user = Object.assign(new User(), {
    organizationId: w.viewer.organizationId,
    email,
    displayName: input.displayName.trim(),
    roles,
    status: UserStatus.ACTIVE,
    passwordHash: null,
    mustChangePassword: false,
    createdAt: w.now,
    updatedAt: w.now,
  });
  const inserted = await w.manager.insert(User, user);
  user.id = inserted.identifiers[0].id as number;
  await record(w, user, undefined);
  return user;
}

/** replaces a colleague's roles. Unchanged roles change nothing and record nothing. */
export async function updatePartnerUserRoles(
  w: WriteContext,
  userId: number,
  newRoles: readonly Role[],
): Promise<User> {
  const user = await lockColleague(w, userId);
  const roles = roleSet(newRoles);
  assertMayChangeGlobalAdmin(w, user.roles, roles);
  if (roles.join() === roleSet(user.roles).join()) return user;
  await assertGlobalAdminRemains(w, user, { roles, status: user.status });
  const before = snapshot(user, USER_FIELDS);
  Object.assign(user, { roles, updatedAt: w.now });
  await w.manager.update(User, { id: user.id }, { roles, updatedAt: w.now });
  await record(w, user, before);
  return user;
}

/**
 * sets a colleague's status. A disabled user's next request is refused, on every process
 * callers are read as stored on every request, nothing to evict; see storedCaller), and
 * a mutation of theirs already running re-reads the user (actingViewer); setting the status it
 * has changes nothing and records nothing.
 */
export async function setPartnerUserStatus(
  w: WriteContext,
  userId: number,
  status: UserStatus,
): Promise<User> {
  const user = await lockColleague(w, userId);
  if (user.status === status) return user;
  const active = status === UserStatus.ACTIVE;
  // Disabling a global admin removes one and enabling one adds one: GLOBAL_ADMIN's call.
  assertMayChangeGlobalAdmin(w, active ? [] : user.roles, active ? user.roles : []);
  if (!active && user.id === w.viewer.userId) {
    throw new RuleViolation(
      UserErrorCode.INVALID_STATE,
      'You cannot disable yourself; ask another administrator.',
      'input.userId',
    );
  }
  await assertGlobalAdminRemains(w, user, { roles: user.roles, status });
  const before = snapshot(user, USER_FIELDS);
  Object.assign(user, { status, updatedAt: w.now });
  await w.manager.update(User, { id: user.id }, { status, updatedAt: w.now });
  await record(w, user, before);
  return user;
}
