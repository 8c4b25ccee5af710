import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { Organization } from '../organizations/organization.entity';
import { loadOrganization } from '../organizations/organization.loaders';
import { User } from './user.entity';
import { loadUser } from './user.reads';
import { ViewerInfo } from './user.types';

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => Organization, { description: 'The organization the user belongs to.' })
  organization(@Root() user: User, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, user.organizationId);
  }
}

@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, {
    nullable: true,
    description: 'The caller (user, organization, roles); null without a token.',
  })
  viewer(@Ctx() ctx: RequestContext): ViewerInfo | null {
    if (!ctx.viewer) return null;
    return Object.assign(new ViewerInfo(), {
      userId: ctx.viewer.userId,
      organizationId: ctx.viewer.organizationId,
      roles: [...ctx.viewer.roles],
    });
  }

  @FieldResolver(() => User, { nullable: true, description: 'The signed-in user.' })
  user(@Root() viewer: ViewerInfo, @Ctx() ctx: RequestContext) {
    return loadUser(ctx, viewer.userId);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The organization of the signed-in user.',
  })
  organization(@Root() viewer: ViewerInfo, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, viewer.organizationId);
  }
}
