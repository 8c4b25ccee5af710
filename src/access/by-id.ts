import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { visibilityOf, type Visibility } from './visibility';
import type { Row } from '../core/list-query';
import { and, inList, joinSql, runSql, sql, Sql, type Hydrator } from '../db/sql';
import type { RequestContext } from '../core/request-context';
import type { FieldColumns } from '../core/selected-columns';

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
    const hydrator = ctx.hydrator(spec.target, spec.alias);
    const rows = await runSql(
      ctx.db,
      sql`SELECT ${hydrator.columns} FROM ${Sql.raw(spec.table)} ${Sql.raw(spec.alias)}
          WHERE ${Sql.raw(spec.alias)}.id IN ${inList(ids)} AND ${and([spec.visible(visibilityOf(ctx))])}`,
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
  /** The GraphQL field of the parent that returns the edge. */
  field: string;
  column: string;
  spec: ByIdSpec<ObjectLiteral>;
  /** The columns the target's fields read, for lists that select only some of them. */
  fieldColumns?: FieldColumns;
}

/** A joined edge and the columns to read of it (null: the whole row). */
export interface EdgeSelection {
  edge: JoinedEdge;
  columns: readonly string[] | null;
}

/** Names a selection (its columns and joined edges) in loader keys. */
export function selectionKey(
  columns: readonly string[] | null,
  edges: readonly EdgeSelection[],
): string {
  const edgeKey = edges.map((e) => `${e.edge.field}(${e.columns?.join(',') ?? '*'})`).join(',');
  return `${columns?.join(',') ?? '*'}:${edgeKey}`;
}

const JOINED = Symbol('joined edges');
type WithJoined = { [JOINED]?: Record<string, unknown> };

/**
 * The object a parent's statement read for its edge `field` (null: none, or one the caller may
 * not see), or undefined when the edge was not joined and must be loaded.
 */
export function joinedEdge<T>(parent: object, field: string): T | null | undefined {
  return (parent as WithJoined)[JOINED]?.[field] as T | null | undefined;
}

/**
 * Single-object edges read in their parent's statement: each edge is a LEFT JOIN whose ON
 * clause carries the edge's own R-30 predicate, so its row (or null when the caller may not
 * see it) is exactly what the edge's by-id loader would have answered. The parent's select
 * list must include the edges' foreign-key columns.
 */
export class EdgeJoins {
  readonly columns: Sql;
  private readonly joined: ReadonlyArray<{
    edge: JoinedEdge;
    whole: boolean;
    hydrator: Hydrator<ObjectLiteral>;
    seen: Map<number, ObjectLiteral | null>;
  }>;

  constructor(
    private readonly ctx: RequestContext,
    private readonly parentAlias: string,
    edges: readonly EdgeSelection[],
  ) {
    this.joined = edges.map(({ edge, columns }) => ({
      edge,
      whole: columns === null,
      hydrator: ctx.hydrator(edge.spec.target, edge.spec.alias, columns),
      seen: new Map(),
    }));
    this.columns = joinSql(
      this.joined.map((j) => j.hydrator.columns),
      ', ',
    );
  }

  get empty(): boolean {
    return this.joined.length === 0;
  }

  /** The LEFT JOINs, written beside the parent's table. */
  join(): Sql {
    return this.joinOn((column) => `${this.parentAlias}.${column}`);
  }

  /**
   * The LEFT JOINs to the parent rows of a derived table (a window function's ranking): joined
   * after the ranking, only the rows kept are joined.
   */
  joinTo(derivedTable: string): Sql {
    return this.joinOn((column) => `${derivedTable}.${this.parentAlias}__${column}`);
  }

  private joinOn(parentColumn: (column: string) => string): Sql {
    return joinSql(
      this.joined.map(({ edge }) => {
        const e = Sql.raw(edge.spec.alias);
        return sql`LEFT JOIN ${Sql.raw(edge.spec.table)} ${e}
          ON ${e}.id = ${Sql.raw(parentColumn(edge.column))} AND ${and([edge.spec.visible(visibilityOf(this.ctx))])}`;
      }),
      ' ',
    );
  }

  /**
   * What `row` read for each edge, or null; undefined for an edge whose key is null. Rows that
   * share a target (the subscriptions of one offer) share its object: the same columns of the
   * same row, hydrated once per statement.
   */
  private *edgesOf(row: Row) {
    for (const { edge, whole, hydrator, seen } of this.joined) {
      const raw = row[`${this.parentAlias}__${edge.column}`];
      if (raw == null) continue;
      const key = Number(raw);
      let value = seen.get(key);
      if (value === undefined) {
        value = row[`${edge.spec.alias}__id`] != null ? hydrator.one(row) : null;
        seen.set(key, value);
      }
      yield { edge, whole, key, value };
    }
  }

  /**
   * Primes the by-id loaders of the edges read whole (null: the caller may not see it, by the
   * same R-30 predicate the loader applies), for any later read of the same objects; a narrowed
   * row would answer another selection's fields as missing.
   */
  prime(row: Row): void {
    for (const { edge, whole, key, value } of this.edgesOf(row)) {
      if (whole) byIdLoader(this.ctx, edge.spec).prime(key, value);
    }
  }

  /**
   * Attaches the edges to the parent object (joinedEdge reads them): for rows narrowed to the
   * columns one selection reads, which must not serve the by-id reads of other selections.
   */
  attach(parent: object, row: Row): void {
    const joined: Record<string, unknown> = {};
    for (const { edge, value } of this.edgesOf(row)) joined[edge.field] = value;
    for (const { edge } of this.joined) if (!(edge.field in joined)) joined[edge.field] = null;
    (parent as WithJoined)[JOINED] = joined;
  }
}

/**
 * loadById narrowed to what one selection reads (`columns`: null for the whole row) with its
 * single-object edges read in the same statement (EdgeJoins): a query that asks for an object
 * and its edges costs one statement instead of one per edge, and parses only what it shows.
 * The objects read serve that selection only (a loader of their own; edges attached), except
 * whole edge rows, which also prime the edges' by-id values.
 */
export function loadByIdWithEdges<T extends ObjectLiteral>(
  ctx: RequestContext,
  spec: ByIdSpec<T>,
  id: number,
  columns: readonly string[] | null,
  edges: readonly EdgeSelection[],
): Promise<T | null> {
  if (columns === null && edges.length === 0) return loadById(ctx, spec, id);
  const name = `byId:${spec.name}:${selectionKey(columns, edges)}`;
  const loader = ctx.loaders.get<number, T | null>(name, async (ids) => {
    const parent = ctx.hydrator(spec.target, spec.alias, columns);
    const joins = new EdgeJoins(ctx, spec.alias, edges);
    const a = Sql.raw(spec.alias);
    const select = joins.empty ? parent.columns : sql`${parent.columns}, ${joins.columns}`;
    const rows = await runSql(
      ctx.db,
      sql`SELECT ${select}
          FROM ${Sql.raw(spec.table)} ${a} ${joins.join()}
          WHERE ${a}.id IN ${inList(ids)} AND ${and([spec.visible(visibilityOf(ctx))])}`,
    );
    const byId = new Map<number, T>();
    for (const row of rows) {
      const entity = parent.one(row);
      byId.set(entity.id as number, entity);
      joins.attach(entity, row);
      joins.prime(row);
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
