import type {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntityTarget,
  ObjectLiteral,
} from 'typeorm';

/**
 * A fragment of SQL with its positional parameters. The read side writes SQL by hand (window
 * functions for per-parent pages, EXISTS for visibility) in the subset MySQL, MariaDB and SQLite
 * share; identifiers are never interpolated from input, values always travel as parameters.
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[] = [],
  ) {}

  static raw(text: string): Sql {
    return new Sql(text);
  }
}

export type SqlValue = string | number | boolean | Date | null;

/** Normalizes a value for both drivers: better-sqlite3 binds neither booleans nor dates. */
export function sqlParam(value: SqlValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return toSqlDateTime(value);
  return value;
}

/** UTC `YYYY-MM-DD HH:MM:SS.mmm`: what TypeORM stores in SQLite and MySQL datetime(3) accepts. */
export function toSqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Tagged template: interpolated `Sql` fragments are spliced in, anything else becomes a `?`. */
export function sql(strings: TemplateStringsArray, ...values: Array<Sql | SqlValue>): Sql {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(sqlParam(value));
    }
    text += strings[i + 1];
  });
  return new Sql(text, params);
}

export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return new Sql(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

/** `a AND b AND c`, or a true condition when there is none. */
export function and(parts: ReadonlyArray<Sql | undefined>): Sql {
  const present = parts.filter((p): p is Sql => p !== undefined);
  if (present.length === 0) return Sql.raw('1=1');
  return joinSql(
    present.map((p) => sql`(${p})`),
    ' AND ',
  );
}

export function or(parts: ReadonlyArray<Sql | undefined>): Sql {
  const present = parts.filter((p): p is Sql => p !== undefined);
  if (present.length === 0) return Sql.raw('1=0');
  return joinSql(
    present.map((p) => sql`(${p})`),
    ' OR ',
  );
}

/** `(?, ?, ?)` for an IN list; callers never pass an empty list. */
export function inList(values: readonly SqlValue[]): Sql {
  if (values.length === 0) throw new Error('inList: empty list');
  return new Sql(`(${values.map(() => '?').join(', ')})`, values.map(sqlParam));
}

export type Queryable = Pick<DataSource | EntityManager, 'query'>;

export async function runSql<T = Record<string, unknown>>(db: Queryable, query: Sql): Promise<T[]> {
  return (await db.query(query.text, query.params as unknown[])) as T[];
}

/**
 * `alias.col AS alias__col, ...` for every column of an entity (every child's columns for a
 * single-table hierarchy), so that joined rows can be hydrated without name clashes.
 */
export function selectColumns(
  metadata: EntityMetadata,
  alias: string,
  only?: ReadonlySet<string>,
): Sql {
  return Sql.raw(
    allColumns(metadata)
      .filter((c) => !only || only.has(c.databaseName))
      .map((c) => `${alias}.${c.databaseName} AS ${alias}__${c.databaseName}`)
      .join(', '),
  );
}

function allColumns(metadata: EntityMetadata) {
  const seen = new Map<string, EntityMetadata['columns'][number]>();
  for (const m of [metadata, ...metadata.childEntityMetadatas]) {
    for (const c of m.columns) if (!seen.has(c.databaseName)) seen.set(c.databaseName, c);
  }
  return [...seen.values()];
}

type Column = EntityMetadata['columns'][number];

/** Column types whose driver value is already the entity value on both drivers. */
const PLAIN_TYPES = new Set<unknown>([
  'int',
  'integer',
  'smallint',
  'varchar',
  'text',
  Number,
  String,
]);

/** How one column of a row becomes a property: copied as is, or converted the way TypeORM does. */
interface ColumnPlan {
  key: string;
  column: Column;
  plain: boolean;
}

/**
 * Builds entity instances from rows selected with `selectColumns`, converting values the way
 * TypeORM does (dates, booleans, transformers) and choosing the child class of a hierarchy from
 * its discriminator. Plain columns (numbers, strings: most of them) are copied without TypeORM's
 * per-value conversion, which was the largest single cost of hydrating a nested list.
 */
export class Hydrator<T extends ObjectLiteral> {
  private readonly byDiscriminator = new Map<string, EntityMetadata>();
  private readonly plans = new Map<EntityMetadata, ColumnPlan[]>();
  private readonly only?: ReadonlySet<string>;
  /** The select list, built once: nested lists ask for it once per parent. */
  readonly columns: Sql;

  /**
   * `only`: the database columns to select and hydrate (the primary key and the discriminator
   * are always added); the other properties of the entities stay undefined, so it is for lists
   * whose requested fields are known to read no other column (see selected-columns.ts).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly metadata: EntityMetadata,
    private readonly alias: string,
    only?: ReadonlySet<string>,
  ) {
    for (const child of metadata.childEntityMetadatas) {
      if (child.discriminatorValue) this.byDiscriminator.set(child.discriminatorValue, child);
    }
    if (only) {
      const always = [...metadata.primaryColumns, metadata.discriminatorColumn];
      this.only = new Set([...only, ...always.flatMap((c) => (c ? [c.databaseName] : []))]);
    }
    this.columns = selectColumns(metadata, alias, this.only);
  }

  static for<T extends ObjectLiteral>(
    dataSource: DataSource,
    target: EntityTarget<T>,
    alias: string,
  ): Hydrator<T> {
    return new Hydrator<T>(dataSource, dataSource.getMetadata(target), alias);
  }

  private plan(metadata: EntityMetadata): ColumnPlan[] {
    let plan = this.plans.get(metadata);
    if (!plan) {
      plan = metadata.columns
        .filter((column) => column !== metadata.discriminatorColumn)
        .filter((column) => !this.only || this.only.has(column.databaseName))
        .map((column) => ({
          key: `${this.alias}__${column.databaseName}`,
          column,
          plain:
            PLAIN_TYPES.has(column.type) &&
            !column.transformer &&
            !column.embeddedMetadata &&
            column.propertyPath === column.propertyName,
        }));
      this.plans.set(metadata, plan);
    }
    return plan;
  }

  one(row: Record<string, unknown>): T {
    let metadata = this.metadata;
    if (metadata.discriminatorColumn) {
      const value = row[`${this.alias}__${metadata.discriminatorColumn.databaseName}`];
      metadata = this.byDiscriminator.get(String(value)) ?? metadata;
    }
    const entity = metadata.create() as T;
    const driver = this.dataSource.driver;
    for (const { key, column, plain } of this.plan(metadata)) {
      const raw = row[key];
      if (plain) {
        if (raw !== undefined) (entity as Record<string, unknown>)[column.propertyName] = raw;
        continue;
      }
      column.setEntityValue(
        entity,
        raw === undefined ? undefined : driver.prepareHydratedValue(raw, column),
      );
    }
    return entity;
  }

  many(rows: Array<Record<string, unknown>>): T[] {
    return rows.map((r) => this.one(r));
  }
}

/**
 * `column LIKE '%text%'`, with the text's own wildcards escaped (`!` works on both dialects).
 * SQLite reads a LIKE pattern as a C string, so a NUL would cut it to `%` and match every row:
 * text with a NUL matches nothing, on both dialects alike (inputs refuse it before, filters.ts).
 */
export function containsText(column: string, text: string): Sql {
  if (text.includes('\u0000')) return Sql.raw('1 = 0');
  const escaped = text.replace(/[!%_]/g, (c) => `!${c}`);
  return sql`${Sql.raw(column)} LIKE ${`%${escaped}%`} ESCAPE '!'`;
}
