import fc from 'fast-check';
import { buildGraphQLSchema } from '../../../src/entry/schema';
import { captureDbState } from '../../support/db-state';
import { post, startTestServer, type TestServer } from '../../support/test-server';
import { CALLER_EMAILS, CALLERS } from './callers';
import { mutationCase } from './input-generator';
import { brokenInvariants, unaudited } from './invariants';
import { readRealObjects, scopedTo, type RealObjects } from './real-objects';
import { checkResponse, refusalLabel } from './response-checks';

/**
 * under generated input: every Mutation field of the schema gets its
 * arguments generated from its declared types (hostile strings, extreme numbers, malformed and
 * real IDs, wrong types, long lists) from a mix of callers. Each answer is a clear error with a
 * stable code or a valid change; a refusal writes nothing; every change is audited; and the
 * database invariants hold afterwards.
 *
 * Reproduce a failure with the seed it prints: `FC_SEED=<seed> npx jest test/hardening/property`
 * (the whole file: each mutation starts from the state the ones before it left). FC_RUNS sets
 * the runs per mutation; FC_SHRINK=1 shrinks a counterexample (slower).
 */
const SEED = Number(process.env.FC_SEED ?? 20261122);
const RUNS = Number(process.env.FC_RUNS ?? 40);
const mutations = Object.values(buildGraphQLSchema().getMutationType()!.getFields());

/** Outcomes per mutation (success, or the refusal's code), printed with FC_VERBOSE=1. */
const tally: Record<string, Record<string, number>> = {};

describe(`R-32 mutations under generated input (FC_SEED=${SEED}, FC_RUNS=${RUNS})`, () => {
  let api: TestServer;
  const tokens = new Map<string, string>();
  const organizations = new Map<string, number>();

  beforeAll(async () => {
    api = await startTestServer({ seed: 'demo', env: { RATE_LIMIT_POINTS_PER_MINUTE: '0' } });
    for (const email of CALLER_EMAILS) {
      tokens.set(email, await api.tokenFor(email));
      const [user] = (await api.dataSource.query(
        'SELECT organization_id FROM app_user WHERE email = ?',
        [email],
      )) as Array<{ organization_id: number | string }>;
      organizations.set(email, Number(user.organization_id));
    }
  }, 60_000);
  afterAll(async () => {
    if (process.env.FC_VERBOSE) console.log(JSON.stringify(tally, null, 1));
    await api?.close();
  });

  test.each(mutations.map((m) => [m.name, m] as const))(
    '%s: a clear error or a valid change, nothing written on refusal, invariants hold',
    async (name, field) => {
      const real = await readRealObjects(api.dataSource, CALLER_EMAILS);
      const byCaller = new Map<string | null, RealObjects>([[null, real]]);
      for (const email of CALLER_EMAILS) {
        const org = organizations.get(email)!;
        byCaller.set(email, await scopedTo(api.dataSource, real, org, CALLER_EMAILS));
      }
      const probe = mutationCase(field, CALLERS, (c) => byCaller.get(c)!);
      const changes: Array<{ requestId: string; operation: string }> = [];
      const counts: Record<string, number> = (tally[name] = {});

      await fc.assert(
        fc.asyncProperty(probe.calls, async ({ caller: email, variables }) => {
          const before = await captureDbState(api.dataSource);
          const token = email ? tokens.get(email) : undefined;
          const result = await post(
            `${api.url}graphql`,
            { query: probe.query, variables },
            token ? { authorization: `Bearer ${token}` } : {},
          );
          const { problems, outcome } = checkResponse(name, result, variables);
          expect(problems).toEqual([]);
          const after = await captureDbState(api.dataSource);
          const changed = Object.keys(after.hashes).filter(
            (t) => after.hashes[t] !== before.hashes[t],
          );
          if (outcome === 'refused') {
            // A refused mutation changes nothing, audit log and outbox included.
            expect(changed).toEqual([]);
          } else if (changed.some((t) => !t.startsWith('audit_'))) {
            // a change is audited (a success that changed nothing, e.g. a replay, is not).
            changes.push({ requestId: result.headers.get('x-request-id')!, operation: name });
          }
          const code = outcome === 'success' ? 'success' : refusalLabel(name, result);
          counts[code] = (counts[code] ?? 0) + 1;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: !process.env.FC_SHRINK },
      );

      expect(await unaudited(api.dataSource, changes)).toEqual([]);
      expect(await brokenInvariants(api.dataSource)).toEqual([]);
    },
    300_000,
  );
});
