import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { encodeCursor, type PageRequest } from './pagination';

@ObjectType('PageInfo', {
  description: 'Where a page sits in its list (Relay cursor connections).',
  simpleResolvers: true,
})
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field({
    description:
      'Whether items precede this page. When paging forward this is true whenever `after` was given.',
  })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page.' })
  endCursor: string | null;
}

export interface EdgeData<N> {
  cursor: string;
  node: N;
}

/** What a connection field resolves to; `totalCount` runs its query only when asked for. */
export class ConnectionData<N, E extends EdgeData<N> = EdgeData<N>> {
  constructor(
    readonly edges: E[],
    readonly pageInfo: PageInfo,
    readonly countFn: () => Promise<number>,
  ) {}

  get nodes(): N[] {
    return this.edges.map((e) => e.node);
  }

  totalCount(): Promise<number> {
    return this.countFn();
  }
}

/**
 * Turns the rows of a page query (fetched with limit + 1 to learn whether more follow) into a
 * connection. `keyOf` gives the ordering key that cursors carry.
 */
export function toConnection<R, N, E extends EdgeData<N>>(
  rows: R[],
  req: PageRequest,
  keyOf: (row: R) => number,
  toEdge: (row: R, cursor: string) => E,
  count: () => Promise<number>,
): ConnectionData<N, E> {
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  if (req.backward) page.reverse();
  const edges = page.map((row) => toEdge(row, encodeCursor(keyOf(row))));
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: req.backward ? req.beforeKey !== undefined : more,
    hasPreviousPage: req.backward ? more : req.afterKey !== undefined,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  });
  return new ConnectionData<N, E>(edges, pageInfo, count);
}

export function emptyConnection<N, E extends EdgeData<N>>(): ConnectionData<N, E> {
  return new ConnectionData<N, E>(
    [],
    Object.assign(new PageInfo(), {
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    }),
    async () => 0,
  );
}

function defaultEdgeType<N extends object>(
  name: string,
  nodeType: ClassType<N>,
): ClassType<EdgeData<N>> {
  @ObjectType(`${name}Edge`, {
    description: `An edge of a ${name}Connection.`,
    simpleResolvers: true,
  })
  class Edge {
    @Field({ description: 'Opaque cursor of this edge; pass it as `after` or `before`.' })
    cursor: string;

    @Field(() => nodeType, { description: 'The item at the end of the edge.' })
    node: N;
  }
  return Edge;
}

/** GraphQL types `<Name>Connection` and `<Name>Edge` (or a custom edge) for a node type. */
export function connectionTypes<N extends object>(
  name: string,
  nodeType: ClassType<N>,
  description: string,
  customEdge?: ClassType<EdgeData<N>>,
) {
  const Edge = customEdge ?? defaultEdgeType(name, nodeType);

  @ObjectType(`${name}Connection`, { description })
  class Connection {
    @Field(() => [Edge], { description: 'The edges of this page.', simple: true })
    edges: EdgeData<N>[];

    @Field(() => [nodeType], {
      description: 'The items of this page, without edges.',
      simple: true,
    })
    nodes: N[];

    @Field(() => PageInfo, { description: 'Pagination information.', simple: true })
    pageInfo: PageInfo;

    /** Copied from ConnectionData when type-graphql converts the resolved value to this class. */
    countFn: () => Promise<number>;

    @Field(() => Int, { description: 'Number of items in the whole list, with the same filters.' })
    totalCount(): Promise<number> {
      return this.countFn();
    }
  }

  return { Connection, Edge };
}
