import { GraphQLJSON } from 'graphql-scalars';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { toPageRequest } from '../core/pagination';
import { User } from '../identity/user.entity';
import { loadUser } from '../identity/user.reads';
import { Organization } from '../organizations/organization.entity';
import { loadOrganization } from '../organizations/organization.loaders';
import { AuditRecord } from './audit-record.entity';
import { listAuditRecords } from './audit.reads';
import { AuditLogArgs, AuditRecordConnection } from './audit.types';

@Resolver(() => AuditRecord)
export class AuditResolver {
  @Query(() => AuditRecordConnection, {
    description:
      'The audit log (R-31): the changes your organization was involved in, filterable by date range.',
  })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: RequestContext) {
    ctx.requireViewer();
    const req = toPageRequest(args);
    if (args.from && args.to && args.from > args.to)
      throw badUserInput('to', 'to must not be before from');
    if (args.operation != null && args.operation.length > 64)
      throw badUserInput('operation', 'operation is too long');
    if (args.resourceId != null && args.resourceId.length > 64)
      throw badUserInput('resourceId', 'resourceId is too long');
    return listAuditRecords(
      ctx,
      {
        from: args.from ?? undefined,
        to: args.to ?? undefined,
        resourceId: args.resourceId ?? undefined,
        operation: args.operation ?? undefined,
      },
      req,
    );
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who made the change, when you can see that user.',
  })
  actor(@Root() record: AuditRecord, @Ctx() ctx: RequestContext) {
    return loadUser(ctx, record.actorUserId);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The organization the change was made for, when you can see it.',
  })
  actorOrganization(@Root() record: AuditRecord, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, record.actorOrganizationId);
  }

  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: 'The values before the change; null for a creation.',
  })
  oldValue(@Root() record: AuditRecord): unknown {
    return record.oldValue == null ? null : JSON.parse(record.oldValue);
  }

  @FieldResolver(() => GraphQLJSON, { nullable: true, description: 'The values after the change.' })
  newValue(@Root() record: AuditRecord): unknown {
    return record.newValue == null ? null : JSON.parse(record.newValue);
  }
}
