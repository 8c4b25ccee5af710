import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Visibility } from '../access/visibility';
import { and, inList, joinSql, runSql, sql, Sql } from '../db/sql';
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
  return byIdLoader(ctx, spec).load(id);
}

function byIdLoader<T extends ObjectLiteral>(ctx: RequestContext, spec: ByIdSpec<T>) {
  return ctx.loaders.get<number, T | null>(`byId:${spec.name}`, async (ids) => {
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
}

/** A single-object edge of a type: the foreign key column and how its target is loaded. */
export interface JoinedEdge {
  column: string;
  spec: ByIdSpec<ObjectLiteral>;
}

/**
 * loadById with single-object edges read in the same statement: each edge is a LEFT JOIN whose
 * ON clause carries the edge's own R-30 predicate, and its row (or null when the caller may not
 * see it) primes the edge's by-id loader, which would have answered exactly that. A query that
 * asks for an object and its edges then costs one statement instead of one per edge.
 */
export function loadByIdWithEdges<T extends ObjectLiteral>(
  ctx: RequestContext,
  spec: ByIdSpec<T>,
  id: number,
  edges: readonly JoinedEdge[],
): Promise<T | null> {
  if (edges.length === 0) return loadById(ctx, spec, id);
  const name = `byId:${spec.name}+${edges.map((e) => `${e.column}:${e.spec.name}`).join('+')}`;
  const loader = ctx.loaders.get<number, T | null>(name, async (ids) => {
    const parent = ctx.app.hydrator(spec.target, spec.alias);
    const joined = edges.map((edge) => ({
      edge,
      hydrator: ctx.app.hydrator(edge.spec.target, edge.spec.alias),
    }));
    const a = Sql.raw(spec.alias);
    const rows = await runSql(
      ctx.db,
      sql`SELECT ${joinSql([parent.columns, ...joined.map((j) => j.hydrator.columns)], ', ')}
          FROM ${Sql.raw(spec.table)} ${a} ${joinSql(
            joined.map(({ edge }) => {
              const e = Sql.raw(edge.spec.alias);
              return sql`LEFT JOIN ${Sql.raw(edge.spec.table)} ${e}
                ON ${e}.id = ${a}.${Sql.raw(edge.column)} AND ${and([edge.spec.visible(ctx.visibility)])}`;
            }),
            ' ',
          )}
          WHERE ${a}.id IN ${inList(ids)} AND ${and([spec.visible(ctx.visibility)])}`,
    );
    const byId = new Map<number, T>();
    for (const row of rows) {
      const entity = parent.one(row);
      byId.set(entity.id as number, entity);
      for (const { edge, hydrator } of joined) {
        const key = row[`${spec.alias}__${edge.column}`];
        if (key == null) continue;
        const found = row[`${edge.spec.alias}__id`] != null;
        byIdLoader(ctx, edge.spec).prime(Number(key), found ? hydrator.one(row) : null);
      }
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
