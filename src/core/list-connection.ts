import {
  countRows,
  countRowsByParent,
  fetchPage,
  fetchPagesByParent,
  type ListSource,
  type Row,
} from './list-query';
import { toConnection, type ConnectionData, type EdgeData } from './connection';
import type { RequestContext } from './request-context';
import { pageRequestKey, type PageRequest } from './pagination';

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}

/** A top-level list: one query for the page, one more only if `totalCount` is asked for. */
export async function listConnection<N, E extends EdgeData<N>>(
  ctx: RequestContext,
  src: ListSource,
  req: PageRequest,
  toEdge: (row: Row, cursor: string) => E,
): Promise<ConnectionData<N, E>> {
  const rows = await fetchPage(ctx.db, src, req);
  return toConnection(
    rows,
    req,
    (r) => Number(r.row_key),
    toEdge,
    memo(() => countRows(ctx.db, src)),
  );
}

/** A nested list's statement parts and how a row becomes an edge: the same for every parent. */
export interface NestedList<E> {
  src: ListSource;
  toEdge: (row: Row, cursor: string) => E;
}

/**
 * A list under each of many parents (e.g. the customers of every reseller on a page): the
 * DataLoader gathers the parents and `fetchPagesByParent` answers them in one statement.
 * `loaderKey` must capture everything the list depends on besides the parent and the page;
 * `build` runs once per batch, not once per parent. The batch turns the rows into
 * connections at once, so the rows are garbage when it returns instead of living in the
 * loader's cache for the rest of the request (at ten thousand nodes, garbage collection was a
 * third of the CPU).
 */
export function nestedConnection<N, E extends EdgeData<N>>(
  ctx: RequestContext,
  loaderKey: string,
  parentColumn: string,
  parentId: number,
  req: PageRequest,
  build: () => NestedList<E>,
): Promise<ConnectionData<N, E>> {
  const pages = ctx.loaders.get<number, ConnectionData<N, E>>(
    `page:${loaderKey}:${pageRequestKey(req)}`,
    async (ids) => {
      const { src, toEdge } = build();
      const counts = ctx.loaders.get<number, number>(`count:${loaderKey}`, async (parents) => {
        const byParent = await countRowsByParent(ctx.db, src, parentColumn, parents);
        return parents.map((id) => byParent.get(id) ?? 0);
      });
      const byParent = await fetchPagesByParent(ctx.db, src, parentColumn, ids, req);
      return ids.map((id) =>
        toConnection(byParent.get(id) ?? [], req, rowKey, toEdge, () => counts.load(id)),
      );
    },
  );
  return pages.load(parentId);
}

const rowKey = (row: Row) => Number(row.row_key);
