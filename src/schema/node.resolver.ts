import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../core/request-context';
import { badUserInput } from '../core/errors';
import { Node } from '../core/node';
import { decodeGlobalId, type NodeType } from '../core/node-id';
import type { NodeLoader } from '../core/domain-module';

/**
 * The `node(id:)` and `nodes(ids:)` queries over the Node loaders the domains declare
 * (DomainModule.nodeLoaders): one per Node type, checked when the schema is assembled.
 */
export function createNodeResolver(loaders: Record<NodeType, NodeLoader>): Function {
  function loadNode(
    ctx: RequestContext,
    info: GraphQLResolveInfo,
    globalId: string,
    field: string,
  ): Promise<Node | null> {
    const decoded = decodeGlobalId(globalId);
    if (!decoded) throw badUserInput(field, `${field} is not an ID returned by this API`);
    return loaders[decoded.type](ctx, decoded.id, info);
  }

  @Resolver()
  class NodeResolver {
    @Query(() => Node, {
      nullable: true,
      description:
        'Fetches any object by its global ID. Objects outside your visibility (R-30) resolve to null, exactly like unknown ones.',
    })
    node(
      @Arg('id', () => ID, { description: 'A global ID.' }) id: string,
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ) {
      ctx.requireViewer();
      return loadNode(ctx, info, id, 'id');
    }

    @Query(() => [Node], {
      nullable: 'items',
      description:
        'Fetches up to 100 objects by global ID, in the order given; null for each one you cannot see.',
    })
    nodes(
      @Arg('ids', () => [ID], { description: 'Global IDs, at most 100.' }) ids: string[],
      @Ctx() ctx: RequestContext,
      @Info() info: GraphQLResolveInfo,
    ) {
      ctx.requireViewer();
      if (ids.length > 100) throw badUserInput('ids', 'ids may hold at most 100 IDs');
      return Promise.all(ids.map((id, i) => loadNode(ctx, info, id, `ids[${i}]`)));
    }
  }
  return NodeResolver;
}
