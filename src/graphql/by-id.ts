import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Visibility } from '../access/visibility';
import { and, inList, runSql, sql, Sql } from '../db/sql';
import type { RequestContext } from './context';

export interface ByIdSpec<T extends ObjectLiteral> {
  /** Loader name, unique per spec. */
  name: string;
  target: EntityTarget<T>;
  table: string;
  alias: string;
  /** R-30 predicate for the caller; undefined means no restriction. */
  visible: (visibility: Visibility) => Sql | undefined;
}

/**
 * Loads objects by key in one statement per batch, keeping only those the caller may see:
 * `node(id:)` and every edge to a single object go through here, so an out-of-scope object
 * reads as null wherever it is reached from.
 */
export function loadById<T extends ObjectLiteral>(
  ctx: RequestContext,
  spec: ByIdSpec<T>,
  id: number,
): Promise<T | null> {
  const loader = ctx.loaders.get<number, T | null>(`byId:${spec.name}`, async (ids) => {
    const hydrator = ctx.app.hydrator(spec.target, spec.alias);
    const rows = await runSql(
      ctx.db,
      sql`SELECT ${hydrator.columns} FROM ${Sql.raw(spec.table)} ${Sql.raw(spec.alias)}
          WHERE ${Sql.raw(spec.alias)}.id IN ${inList(ids)} AND ${and([spec.visible(ctx.visibility)])}`,
    );
    const byId = new Map<number, T>();
    for (const row of rows) {
      const entity = hydrator.one(row);
      byId.set(entity.id as number, entity);
    }
    return ids.map((key) => byId.get(key) ?? null);
  });
  return loader.load(id);
}

export function loadOptionalById<T extends ObjectLiteral>(
  ctx: RequestContext,
  spec: ByIdSpec<T>,
  id: number | null | undefined,
): Promise<T | null> {
  return id == null ? Promise.resolve(null) : loadById(ctx, spec, id);
}
