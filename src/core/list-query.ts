import type { PageRequest } from './pagination';
import { and, inList, runSql, sql, Sql, type Queryable } from '../db/sql';

/**
 * A list the read side pages through: rows of `from` matching `where`, ordered by `key`.
 * `select` names the columns (aliased for hydration); `where` already holds the R-30 predicate.
 */
export interface ListSource {
  from: Sql;
  select: Sql;
  key: string;
  where: ReadonlyArray<Sql | undefined>;
  /**
   * Tables joined to each row of a page and their select list (a node's single-object edges,
   * EdgeJoins in by-id.ts). Counts leave them out: a LEFT JOIN by key changes no count.
   */
  joined?: { columns: Sql; join(): Sql; joinTo(derivedTable: string): Sql };
}

/** The select list and FROM of a page: the source's own, plus its joined edges when any. */
function pageParts(src: ListSource): { select: Sql; from: Sql } {
  const joined = src.joined;
  if (!joined) return { select: src.select, from: src.from };
  return {
    select: sql`${src.select}, ${joined.columns}`,
    from: sql`${src.from} ${joined.join()}`,
  };
}

export type Row = Record<string, unknown>;

function keyset(key: string, req: PageRequest): Sql[] {
  const k = Sql.raw(key);
  const parts: Sql[] = [];
  if (req.afterKey !== undefined) parts.push(sql`${k} > ${req.afterKey}`);
  if (req.beforeKey !== undefined) parts.push(sql`${k} < ${req.beforeKey}`);
  return parts;
}

/** One page of a top-level list: limit + 1 rows, the extra one telling whether more follow. */
export function fetchPage(db: Queryable, src: ListSource, req: PageRequest): Promise<Row[]> {
  const dir = Sql.raw(req.backward ? 'DESC' : 'ASC');
  const k = Sql.raw(src.key);
  const { select, from } = pageParts(src);
  return runSql(
    db,
    sql`SELECT ${select}, ${k} AS row_key FROM ${from}
        WHERE ${and([...src.where, ...keyset(src.key, req)])}
        ORDER BY ${k} ${dir} LIMIT ${req.limit + 1}`,
  );
}

/**
 * The same page for many parents in one statement: ROW_NUMBER() per parent keeps each parent's
 * first limit + 1 rows, so a nested list costs one query whatever the number of parents.
 */
export async function fetchPagesByParent(
  db: Queryable,
  src: ListSource,
  parentColumn: string,
  parentIds: readonly number[],
  req: PageRequest,
): Promise<Map<number, Row[]>> {
  const dir = Sql.raw(req.backward ? 'DESC' : 'ASC');
  const k = Sql.raw(src.key);
  const p = Sql.raw(parentColumn);
  if (parentIds.length === 1) {
    // One parent (a root list such as the caller's resellers): a plain LIMIT lets the database
    // use the parent's index and skip the window function and its derived table.
    const { select, from } = pageParts(src);
    const rows = await runSql(
      db,
      sql`SELECT ${select}, ${k} AS row_key, ${p} AS row_parent FROM ${from}
          WHERE ${p} = ${parentIds[0]} AND ${and([...src.where, ...keyset(src.key, req)])}
          ORDER BY ${k} ${dir} LIMIT ${req.limit + 1}`,
    );
    return new Map([[parentIds[0], rows]]);
  }
  // Joined edges are joined to the ranked rows, as narrow as they are, and only to those kept.
  const joined = src.joined;
  const rows = await runSql(
    db,
    sql`SELECT ranked.*${joined ? sql`, ${joined.columns}` : Sql.raw('')} FROM (
          SELECT ${src.select}, ${k} AS row_key, ${p} AS row_parent,
                 ROW_NUMBER() OVER (PARTITION BY ${p} ORDER BY ${k} ${dir}) AS row_rank
          FROM ${src.from}
          WHERE ${p} IN ${inList(parentIds)} AND ${and([...src.where, ...keyset(src.key, req)])}
        ) ranked ${joined ? joined.joinTo('ranked') : Sql.raw('')}
        WHERE ranked.row_rank <= ${req.limit + 1}
        ORDER BY ranked.row_parent, ranked.row_rank`,
  );
  const byParent = new Map<number, Row[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) byParent.get(Number(row.row_parent))?.push(row);
  return byParent;
}

export async function countRows(db: Queryable, src: ListSource): Promise<number> {
  const [row] = await runSql(
    db,
    sql`SELECT COUNT(*) AS n FROM ${src.from} WHERE ${and(src.where)}`,
  );
  return Number(row?.n ?? 0);
}

export async function countRowsByParent(
  db: Queryable,
  src: ListSource,
  parentColumn: string,
  parentIds: readonly number[],
): Promise<Map<number, number>> {
  const p = Sql.raw(parentColumn);
  const rows = await runSql(
    db,
    sql`SELECT ${p} AS row_parent, COUNT(*) AS n FROM ${src.from}
        WHERE ${p} IN ${inList(parentIds)} AND ${and(src.where)} GROUP BY ${p}`,
  );
  const counts = new Map<number, number>(parentIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(Number(row.row_parent), Number(row.n));
  return counts;
}
