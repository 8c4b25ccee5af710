import type { GraphQLSchema } from 'graphql';
import { ChannelBuilder } from '../../../src/entry/seed/channel-builder';
import { captureDbState, type DbState } from '../../support/db-state';
import type { GqlClient, GqlResult, TestServer } from '../../support/test-server';
import type { CallerKind, Cell, Input, MutationCase, Scope } from './cases';
import {
  CALLER_ORGS,
  CUSTOMER_ADMIN,
  ROLE_SLUGS,
  VENDOR_ADMIN,
  type MatrixFixture,
  type PartnerKey,
} from './fixture';

/** An expected outcome: ALLOWED, a top-level code, a userError code; null: the cell is n/a. */
export type Outcome = string | null;

/** One row of the table: 18 outcomes in COLUMNS order, for the own and the foreign object. */
export interface ExpectedRow {
  own: Outcome[];
  foreign: Outcome[];
}

export interface Column {
  label: string;
  kind: CallerKind;
  /** Partner role slug (ga, aa...) for partner columns. */
  role?: string;
}

const partnerColumns = (kind: PartnerKey): Column[] =>
  Object.keys(ROLE_SLUGS).map((role) => ({
    label: `${kind}:${role.toUpperCase()}`,
    kind,
    role,
  }));

/** anonymous | provider (P) GA AA SA HA BA | reseller (R) ... | direct-bill (D) ... | CA | VA */
export const COLUMNS: Column[] = [
  { label: 'anon', kind: 'anonymous' },
  ...partnerColumns('P'),
  ...partnerColumns('R'),
  ...partnerColumns('D'),
  { label: 'CA', kind: 'C' },
  { label: 'VA', kind: 'V' },
];

export interface CellRun {
  mutation: string;
  column: Column;
  scope: Scope;
  expected: string;
  input: Input | null;
  actual?: string;
  /** What went wrong besides the code: tables a refusal changed, a missing audit record. */
  problem?: string;
  message?: string;
}

function callerEmail(column: Column, orgs: keyof typeof CALLER_ORGS): string | null {
  if (column.kind === 'anonymous') return null;
  if (column.kind === 'C') return CUSTOMER_ADMIN;
  if (column.kind === 'V') return VENDOR_ADMIN;
  return `${column.role}@${CALLER_ORGS[orgs][column.kind]}.example`;
}

function documentFor(schema: GraphQLSchema, mutation: string): string {
  const field = schema.getMutationType()!.getFields()[mutation];
  const inputType = field.args.find((a) => a.name === 'input')!.type.toString();
  return `mutation Cell($input: ${inputType}) {
    ${mutation}(input: $input) { userErrors { code field message } }
  }`;
}

/** The outcome code of a response: a top-level error's, the first userError's, or ALLOWED. */
function outcomeOf(result: GqlResult, mutation: string): { code: string; message?: string } {
  const error = result.errors?.[0];
  if (error) return { code: String(error.extensions?.code ?? 'NO_CODE'), message: error.message };
  const userError = result.data?.[mutation]?.userErrors?.[0];
  if (userError) return { code: userError.code, message: userError.message };
  return { code: 'ALLOWED' };
}

function changedTables(before: DbState, after: DbState): string[] {
  return Object.keys(after.hashes).filter(
    (table) =>
      after.hashes[table] !== before.hashes[table] || after.counts[table] !== before.counts[table],
  );
}

async function auditCount(api: TestServer, operation: string): Promise<number> {
  const [row] = (await api.dataSource.query(
    'SELECT COUNT(*) AS n FROM audit_record WHERE operation = ?',
    [operation],
  )) as Array<{ n: number | string }>;
  return Number(row.n);
}

/**
 * Runs every cell of the table through the API. All inputs are prepared first (their objects
 * created in one transaction), then the refusals run one after the other, each checked to have
 * changed no row of any table, audit log included (the state after one refusal is the state
 * before the next, so each is compared with a single capture), then the allowed cells, each
 * checked to have committed an audit record of its operation.
 */
export async function runMatrix(
  api: TestServer,
  schema: GraphQLSchema,
  fx: MatrixFixture,
  table: Record<string, ExpectedRow>,
  cases: Record<string, MutationCase>,
): Promise<CellRun[]> {
  const runs: CellRun[] = [];
  await api.dataSource.transaction(async (manager) => {
    fx.use(new ChannelBuilder(manager));
    for (const [mutation, row] of Object.entries(table)) {
      for (const scope of ['own', 'foreign'] as const) {
        for (const [i, column] of COLUMNS.entries()) {
          const expected = row[scope][i];
          if (expected === null) continue;
          const cell: Cell = { kind: column.kind, scope };
          const input = await cases[mutation].input(fx, cell);
          runs.push({ mutation, column, scope, expected, input });
        }
      }
    }
  });

  const clients = new Map<string | null, GqlClient>([[null, api.anonymous]]);
  const documents = new Map(Object.keys(table).map((m) => [m, documentFor(schema, m)]));
  const run = async (cell: CellRun) => {
    if (!cell.input) {
      cell.actual = 'NO_INPUT';
      cell.problem = 'the table expects this cell, but the case has no input for it';
      return;
    }
    const email = callerEmail(cell.column, cases[cell.mutation].callers ?? 'standard');
    if (!clients.has(email)) clients.set(email, await api.as(email!));
    const result = await clients
      .get(email)!
      .query(documents.get(cell.mutation)!, { input: cell.input });
    const outcome = outcomeOf(result, cell.mutation);
    cell.actual = outcome.code;
    cell.message = outcome.message;
  };

  let state = await captureDbState(api.dataSource);
  for (const cell of runs.filter((c) => c.expected !== 'ALLOWED')) {
    await run(cell);
    const after = await captureDbState(api.dataSource);
    const changed = changedTables(state, after);
    if (changed.length > 0) cell.problem = `a refusal changed ${changed.join(', ')}`;
    state = after;
  }
  for (const cell of runs.filter((c) => c.expected === 'ALLOWED')) {
    const before = await auditCount(api, cell.mutation);
    await run(cell);
    if (cell.actual === 'ALLOWED' && (await auditCount(api, cell.mutation)) === before)
      cell.problem = 'allowed, but no audit record was written (R-31)';
  }
  return runs;
}
