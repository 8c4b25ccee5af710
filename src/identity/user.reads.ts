import { visibilityOf } from '../access/visibility';
import type { ListSource } from '../core/list-query';
import { Sql } from '../db/sql';
import type { ConnectionData } from '../core/connection';
import type { RequestContext } from '../core/request-context';
import { loadOptionalById, type ByIdSpec } from '../access/by-id';
import { nestedConnection } from '../core/list-connection';
import type { PageRequest } from '../core/pagination';
import { User } from './user.entity';

export const userById: ByIdSpec<User> = {
  name: 'user',
  target: User,
  table: 'app_user',
  alias: 'u',
  visible: (v) => v.user('u'),
};

export function loadUser(ctx: RequestContext, id: number | null | undefined) {
  return loadOptionalById(ctx, userById, id);
}

/** The users of an organization; only its own members (and the vendor) see them. */
export function organizationUsers(
  ctx: RequestContext,
  organizationId: number,
  req: PageRequest,
): Promise<ConnectionData<User>> {
  return nestedConnection(
    ctx,
    'organizationUsers',
    'u.organization_id',
    organizationId,
    req,
    () => {
      const users = ctx.hydrator(User, 'u');
      const src: ListSource = {
        from: Sql.raw('app_user u'),
        select: users.columns,
        key: 'u.id',
        where: [visibilityOf(ctx).user('u')],
      };
      return {
        src,
        toEdge: (row, cursor) => ({
          cursor,
          node: users.one(row),
        }),
      };
    },
  );
}
