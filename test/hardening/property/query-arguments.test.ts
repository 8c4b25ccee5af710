import fc from 'fast-check';
import { getNullableType, isInputObjectType } from 'graphql';
import { buildGraphQLSchema } from '../../../src/entry/schema';
import { demo } from '../../support/demo';
import { post, startTestServer, type GqlResult, type TestServer } from '../../support/test-server';
import { fieldProbe, inputVariables, probeVariables } from './argument-probes';

/**
 * R-32 and the cost limit under hostile variables: every argument of every Query field, and
 * the `input` of every mutation, gets explicit nulls, lists and objects nested far deeper than
 * its type and values far out of range. No answer is INTERNAL_SERVER_ERROR (or an HTTP 5xx),
 * every error has a code, and whatever runs reports a cost (`extensions.cost`) no lower than
 * the same document's with the argument left out (its default), before and after: a hostile
 * request never changes what the document costs for the next one (the cost cache).
 *
 * Reproduce a failure with the seed it prints: `FC_SEED=<seed> npx jest
 * test/hardening/property/query-arguments`. FC_RUNS sets the runs per field.
 */
const SEED = Number(process.env.FC_SEED ?? 20261206);
const RUNS = Number(process.env.FC_RUNS ?? 15);
const schema = buildGraphQLSchema();
const queries = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length);
const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) =>
  f.args.some((a) => a.name === 'input'),
);

/** What must hold of any answer: no 5xx, no internal error, a code on every error. */
function problemsOf(result: GqlResult): string[] {
  const problems: string[] = [];
  if (result.status >= 500) problems.push(`HTTP ${result.status}`);
  for (const error of result.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') problems.push(`no code: ${error.message.slice(0, 200)}`);
    if (code === 'INTERNAL_SERVER_ERROR') problems.push(`internal error at ${error.path}`);
  }
  return problems;
}

/** Whether the operation ran (something was resolved), rather than being refused before. */
const ran = (result: GqlResult) => result.data != null;

describe(`hostile variables for every query argument and mutation input (FC_SEED=${SEED}, FC_RUNS=${RUNS})`, () => {
  let api: TestServer;
  const tokens: Array<string | null> = [null];

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo', env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' } });
    tokens.push(await api.tokenFor(demo.contoso.globalAdmin));
    tokens.push(await api.tokenFor(demo.customers.northwind));
  }, 60_000);
  afterAll(() => api?.close());

  const send = (query: string, variables: Record<string, unknown>, token: string | null) =>
    post(
      `${api.url}graphql`,
      { query, variables },
      token ? { authorization: `Bearer ${token}` } : {},
    );

  test.each(queries.map((f) => [f.name, f] as const))(
    'Query.%s: no internal error, and the cost never drops below the default',
    async (_name, field) => {
      const probe = fieldProbe(field, 'query');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...tokens),
          probeVariables(probe.args),
          async (token, variables) => {
            const baseline = await send(probe.query, {}, token);
            expect(problemsOf(baseline)).toEqual([]);
            const floor = baseline.extensions?.cost?.requestedQueryCost as number | undefined;
            const result = await send(probe.query, variables, token);
            expect(problemsOf(result)).toEqual([]);
            if (ran(result)) {
              const cost = result.extensions?.cost?.requestedQueryCost;
              expect(typeof cost).toBe('number');
              if (floor !== undefined) expect(cost).toBeGreaterThanOrEqual(floor);
            }
            // The hostile request left the cost of the document as it was.
            const again = await send(probe.query, {}, token);
            expect(again.extensions?.cost?.requestedQueryCost).toBe(floor);
          },
        ),
        {
          numRuns: RUNS,
          seed: SEED,
          endOnFailure: !process.env.FC_SHRINK,
          // Whatever the seed: an explicit null for each argument, from a signed-in caller.
          examples: probe.args.map((name): [string | null, Record<string, unknown>] => [
            tokens[1],
            { [name]: null },
          ]),
        },
      );
    },
    120_000,
  );

  test.each(mutations.map((f) => [f.name, f] as const))(
    'Mutation.%s(input:): no internal error, and whatever runs is priced',
    async (_name, field) => {
      const probe = fieldProbe(field, 'mutation');
      const input = getNullableType(field.args.find((a) => a.name === 'input')!.type);
      const names = isInputObjectType(input) ? Object.keys(input.getFields()) : ['input'];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...tokens),
          inputVariables(names),
          async (token, variables) => {
            const result = await send(probe.query, variables, token);
            expect(problemsOf(result)).toEqual([]);
            if (ran(result)) expect(result.extensions?.cost?.requestedQueryCost).toBeGreaterThan(0);
          },
        ),
        { numRuns: Math.ceil(RUNS / 2), seed: SEED, endOnFailure: !process.env.FC_SHRINK },
      );
    },
    120_000,
  );
});
