import { getNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { captureDbState, type DbState } from '../../support/db-state';
import type { GqlClient, GqlResult } from '../../support/test-server';
import { checkAnswer } from './answer-check';
import { GroundTruth, type Caller, type ProbeObject } from './ground-truth';
import type { MutationProbe } from './mutation-probes';
import { QueryGenerator } from './query-generator';

/** Objects aimed at per caller and probe: enough variety, a bounded cost. */
export const TARGETS_PER_CALLER = 3;

/** What one probe sent for one caller and what was wrong with the answers. */
export interface ProbeRun {
  violations: string[];
  /** Objects aimed at (the reference case aside). */
  aimed: number;
  requests: number;
  /** Codes of the reference answers (or of every answer, for by-design probes); OK = accepted. */
  codes: string[];
}

/** At most `n` items spread over the list (first, last and between). */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]);
}

/** Tables whose rows changed between two snapshots. */
function changedTables(before: DbState, after: DbState): string[] {
  return Object.keys(before.hashes).filter(
    (t) => before.hashes[t] !== after.hashes[t] || before.counts[t] !== after.counts[t],
  );
}

/**
 * Sends one probe for one caller: a case naming nothing (the reference), then one per object
 * out of the caller's scope, as aliases of one request (each alias is its own transaction).
 * A top-level error (the role gate) stops a mutation operation at its first field, so after
 * one each case is sent alone. Then: every answer equals the reference once the value sent is
 * taken out, no row of any table changed (audit log and outbox included), and no answer holds
 * anything of an organization the caller has no relationship with.
 */
export async function runMutationProbe(
  schema: GraphQLSchema,
  dataSource: DataSource,
  truth: GroundTruth,
  probe: MutationProbe,
  caller: Caller,
  api: GqlClient,
): Promise<ProbeRun> {
  const where = `${probe.mutation}(${probe.aim})`;
  const run: ProbeRun = { violations: [], aimed: 0, requests: 0, codes: [] };
  const hidden = probe
    .targets(truth, caller)
    .filter((o) => !truth.visible(caller, o))
    .map((target) => ({ target, value: probe.value ? probe.value(target, truth) : target.gid }))
    .filter((t): t is { target: ProbeObject; value: string } => Boolean(t.value));
  const reference = probe.byDesign ? [] : [{ value: probe.unknown(), target: undefined }];
  const cases = [...reference, ...spread(hidden, TARGETS_PER_CALLER)]
    .map((c) => ({ ...c, input: probe.input({ ...c, caller, truth }) }))
    .filter((c) => c.input !== null);
  if (cases.length <= reference.length) return run;
  run.aimed = cases.length - reference.length;

  const field = schema.getMutationType()!.getFields()[probe.mutation];
  const inputType = field.args.find((a) => a.name === 'input')!.type.toString();
  const payload = getNamedType(field.type) as GraphQLObjectType;
  const selection = [
    new QueryGenerator(schema).selection(payload, 1, new Set()),
    payload.getFields().userErrors ? 'userErrors { code field message }' : '',
  ].join(' ');
  const send = async (part: typeof cases) => {
    run.requests += 1;
    const declared = part.map((_, i) => `$i${i}: ${inputType}`).join(', ');
    const calls = part.map((_, i) => `a${i}: ${probe.mutation}(input: $i${i}) { ${selection} }`);
    const result = await api.query(
      `mutation(${declared}) { ${calls.join(' ')} }`,
      Object.fromEntries(part.map((c, i) => [`i${i}`, c.input])),
    );
    if (result.errors?.some((e) => !e.path)) {
      run.violations.push(`${caller.email} ${where}: refused ${JSON.stringify(result.errors)}`);
    }
    return result;
  };

  const before = await captureDbState(dataSource);
  const batch = await send(cases);
  const results: GqlResult[] = [];
  if (batch.errors?.length) {
    for (const c of cases) results.push(await send([c]));
  } else {
    results.push(...cases.map(() => batch));
  }
  const changed = changedTables(before, await captureDbState(dataSource));
  if (changed.length > 0 && !probe.byDesign?.writes) {
    run.violations.push(`${caller.email} ${where}: wrote to ${changed.join(', ')}`);
  }

  // An organization the caller's own write made visible to it (R-10: an invited reseller,
  // a hired partner) is no longer foreign; one it merely asked still is.
  const now = changed.length > 0 ? await GroundTruth.load(dataSource) : truth;
  const foreign = truth.foreignStrings(caller).filter((secret) => {
    const owner = [...truth.privateStrings].find(([, strings]) => strings.includes(secret))![0];
    const org = now.objects.find((o) => o.id === owner && ['Partner', 'Customer'].includes(o.type));
    return !org || !now.visible(caller, org);
  });
  // What the caller's own write created is its to read in the payload (a new enrollment).
  const created = now.objects.filter((o) => !truth.byGid(o.gid)).map((o) => o.gid);
  const sent = [...cases.flatMap((c) => [c.value, ...(probe.echo?.(c.value) ?? [])]), ...created];
  for (const result of new Set(results)) {
    run.violations.push(...checkAnswer(now, caller, where, result, foreign, sent));
  }

  // One case's answer: its payload and errors, the value it sent taken out.
  const answer = (i: number) => {
    const alias = results[i] === batch ? `a${i}` : 'a0';
    const errors = (results[i].errors ?? [])
      .filter((e) => e.path?.[0] === alias)
      .map((e) => ({ code: e.extensions?.code as string, message: e.message }));
    const data = results[i].data?.[alias] ?? null;
    const codes: string[] = [
      ...errors.map((e) => e.code),
      ...(data?.userErrors ?? []).map((e: { code: string }) => e.code),
    ];
    const text = JSON.stringify({ data, errors }).split(cases[i].value).join('<sent>');
    return { codes: codes.length > 0 ? codes : ['OK'], text };
  };
  if (reference.length > 0) {
    const expected = answer(0);
    run.codes.push(...expected.codes);
    if (expected.codes.includes('OK')) {
      run.violations.push(`${caller.email} ${where}: the value naming nothing was accepted`);
    }
    cases.slice(1).forEach((c, k) => {
      const got = answer(k + 1).text;
      if (got !== expected.text) {
        run.violations.push(
          `${caller.email} ${where} ${c.target!.type} ${c.target!.label}: ${got} instead of ${expected.text}`,
        );
      }
    });
  } else {
    cases.forEach((c, i) => {
      const codes = answer(i).codes;
      run.codes.push(...codes);
      if (codes.includes('OK') && !probe.byDesign?.writes) {
        run.violations.push(`${caller.email} ${where} ${c.target!.label}: accepted`);
      }
    });
  }
  return run;
}
