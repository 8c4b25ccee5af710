import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { decodeGlobalId, toGlobalId } from '../../src/graphql/node-id';
import { buildGraphQLSchema } from '../../src/graphql/schema';
import { demo } from '../support/demo';
import { captureDbState, type DbState } from '../support/db-state';
import {
  expectOk,
  startTestServer,
  type GqlClient,
  type GqlResult,
  type TestServer,
} from '../support/test-server';
import { GroundTruth, type Caller, type ProbeObject } from './leak-probe/ground-truth';
import { MUTATIONS_WITHOUT_FOREIGN_IDS, mutationProbes } from './leak-probe/mutation-probes';
import { QueryGenerator } from './leak-probe/query-generator';

/** Codes a refusal may carry; anything else (INTERNAL_SERVER_ERROR...) fails the probe. */
const CLIENT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'];

/** Every string in a JSON answer that is a global ID of ours. */
function globalIdsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (decodeGlobalId(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) globalIdsIn(item, out);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) globalIdsIn(item, out);
  }
  return out;
}

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

/**
 * The cross-tenant leak probe of the read side (R-30). For every caller of the demo channel
 * (each user of each partner and customer; the vendor sees all and is left out) it asks for
 * every object of the channel by ID, calls every query field the schema has (generated from
 * introspection, so new fields are probed without being listed) and aims every ID argument at
 * objects out of the caller's scope. What each caller may see is derived from the
 * relationships in the database (leak-probe/ground-truth.ts), not from the API's answers.
 */
describe('R-30 cross-tenant leak probe (read side)', () => {
  let api: TestServer;
  let truth: GroundTruth;
  let schema: GraphQLSchema;
  let generator: QueryGenerator;
  const clients = new Map<string, GqlClient>();
  const client = async (caller: Caller) => {
    if (!clients.has(caller.email)) clients.set(caller.email, await api.as(caller.email));
    return clients.get(caller.email)!;
  };

  beforeAll(async () => {
    api = await startTestServer({
      seed: 'demo',
      // The probe sends large generated queries: limits are not what it tests.
      env: {
        RATE_LIMIT_POINTS_PER_MINUTE: '0',
        QUERY_MAX_COST: '10000000',
        QUERY_MAX_DEPTH: '100',
        QUERY_MAX_ALIASES: '1000',
        QUERY_MAX_TOKENS: '100000',
      },
    });
    // An audit record exists only once something changed.
    const southridge = await api.as(demo.southridge.globalAdmin);
    expectOk(
      await southridge.query(
        'mutation { acceptPartnerAgreement(input: { consent: true }) { userErrors { code } } }',
      ),
    );
    truth = await GroundTruth.load(api.dataSource);
    const introspection = expectOk(await southridge.query(getIntrospectionQuery()));
    schema = buildClientSchema(introspection as never);
    generator = new QueryGenerator(schema);
  }, 60_000);
  afterAll(() => api.close());

  test('the probe has something to find: every caller has objects out of its scope, of every kind', () => {
    expect(truth.callers.length).toBeGreaterThanOrEqual(25);
    const kinds = new Set(truth.objects.map((o) => o.type));
    for (const type of [
      'Partner',
      'Customer',
      'User',
      'Partnership',
      'PartnershipInvitation',
      'CustomerRelationship',
      'Subscription',
      'AuditRecord',
      'Offer',
    ]) {
      expect(kinds).toContain(type);
    }
    for (const caller of truth.callers) {
      const unrelated = truth.unrelatedObjects(caller);
      expect(unrelated.length).toBeGreaterThan(0);
      // Sanity of the restated rules: nothing of an unrelated organization is visible.
      expect(unrelated.filter((o) => truth.visible(caller, o))).toEqual([]);
    }
  });

  test('R-30 node(id:) and nodes(ids:): each caller gets exactly the objects its relationships allow, null for the rest', async () => {
    const mismatches: string[] = [];
    for (const caller of truth.callers) {
      const api = await client(caller);
      const all = truth.objects;
      const byNode = expectOk(
        await api.query(`{ ${all.map((o, i) => `o${i}: node(id: "${o.gid}") { id }`).join(' ')} }`),
      );
      const byNodes: Array<{ id: string } | null> = [];
      for (const part of chunks(all, 100)) {
        const data = expectOk(
          await api.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
            ids: part.map((o) => o.gid),
          }),
        );
        byNodes.push(...data.nodes);
      }
      all.forEach((object, i) => {
        const expected = truth.visible(caller, object);
        const viaNode = byNode[`o${i}`]?.id === object.gid;
        const viaNodes = byNodes[i]?.id === object.gid;
        if (viaNode !== expected || viaNodes !== expected) {
          mismatches.push(
            `${caller.email} -> ${object.type} ${object.label}: expected ${expected ? 'visible' : 'null'}, node ${viaNode}, nodes ${viaNodes}`,
          );
        }
        if (!expected && (byNode[`o${i}`] !== null || byNodes[i] !== null)) {
          mismatches.push(`${caller.email} -> ${object.type} ${object.label}: not null`);
        }
      });
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  test('R-30 every query field (generated from the schema): no ID out of scope, nothing of an unrelated organization', async () => {
    const violations: string[] = [];
    const fields = generator.rootFields();
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['customers', 'partners', 'subscriptions', 'viewer', 'auditLog']),
    );
    // Two objects deep for one user of each organization, one deep for the other roles (reads
    // are scoped by organization; every role still gets every field).
    const firstOfOrg = new Set<number>();
    for (const caller of truth.callers) {
      const hops = firstOfOrg.has(caller.org.id) ? 1 : 2;
      firstOfOrg.add(caller.org.id);
      const api = await client(caller);
      const foreign = truth.foreignStrings(caller);
      for (const field of fields) {
        const result = await api.query(`{ ${generator.field(field, hops)} }`);
        violations.push(...checkAnswer(truth, caller, `query ${field.name}`, result, foreign));
      }
    }
    expect(violations).toEqual([]);
  }, 300_000);

  test('R-30 ID arguments: an object out of scope reads exactly like an unknown one', async () => {
    const violations: string[] = [];
    const query = schema.getQueryType()!;
    const entryPoints = [
      ...generator.idArguments(query).map((a) => ({ ...a, parent: query, on: undefined })),
      // The same arguments on one's own organization, reached through `viewer`.
      ...(['Partner', 'Customer'] as const).flatMap((on) => {
        const type = schema.getType(on) as typeof query;
        return generator.idArguments(type).map((a) => ({ ...a, parent: type, on }));
      }),
    ];
    expect(entryPoints.map((e) => `${e.field}(${e.arg})`)).toEqual(
      expect.arrayContaining(['customers(indirectResellerId)', 'subscriptions(customerId)']),
    );
    const types = [...new Set(truth.objects.map((o) => o.type))];
    let probes = 0;
    for (const entry of entryPoints) {
      const field = entry.parent.getFields()[entry.field];
      const call = (alias: string, gid: string) =>
        `${alias}: ${generator.field(field, 0, `${entry.arg}: "${gid}"`)}`;
      const wrap = (s: string) =>
        entry.on ? `{ viewer { organization { ... on ${entry.on} { ${s} } } } }` : `{ ${s} }`;
      const unwrap = (data: any) => (entry.on ? data?.viewer?.organization : data) ?? {};
      const callers = truth.callers.filter(
        (c) => !entry.on || (entry.on === 'Partner') === (c.org.type === 'PARTNER'),
      );
      for (const type of types) {
        // IDs of a type the argument does not take are refused before any lookup; once per
        // type, out-of-scope ones must be refused the same way as an unknown one.
        const unknown = toGlobalId(type, 999_999);
        const sample = callers[0];
        const api0 = await client(sample);
        const baseline = await api0.query(wrap(call('x', unknown)));
        const codes = (r: GqlResult) =>
          JSON.stringify([...new Set(r.errors?.map((e) => e.extensions?.code))]);
        if (baseline.errors) {
          const hidden = truth.objects.filter((o) => o.type === type && !truth.visible(sample, o));
          for (const o of hidden.slice(0, 3)) {
            const refused = await api0.query(wrap(call('x', o.gid)));
            if (codes(refused) !== codes(baseline)) {
              violations.push(
                `${entry.field}(${entry.arg}: ${o.label}): ${codes(refused)} not ${codes(baseline)}`,
              );
            }
          }
          continue;
        }
        // Accepted: every caller, every object out of its scope, in one request with the
        // unknown ID as the reference answer.
        for (const caller of callers) {
          const hidden = truth.objects.filter((o) => o.type === type && !truth.visible(caller, o));
          if (hidden.length === 0) continue;
          const api = await client(caller);
          const result = await api.query(
            wrap(
              [call('unknown', unknown), ...hidden.map((o, i) => call(`x${i}`, o.gid))].join(' '),
            ),
          );
          probes += hidden.length;
          const where = `${entry.on ?? 'Query'}.${entry.field}(${entry.arg}: ${type})`;
          violations.push(
            ...checkAnswer(truth, caller, where, result, truth.foreignStrings(caller)),
          );
          const data = unwrap(result.data);
          const expected = JSON.stringify(data.unknown);
          hidden.forEach((o, i) => {
            const got = JSON.stringify(data[`x${i}`]);
            if (got !== expected) {
              violations.push(`${caller.email} ${where} ${o.label}: ${got} instead of ${expected}`);
            }
          });
        }
      }
    }
    expect(probes).toBeGreaterThan(500);
    expect(violations).toEqual([]);
  }, 300_000);

  test("R-22/R-30 found by the probe: filtering customers by an out-of-scope reseller reads like an unknown one (Alpine is not revealed as Adatum's)", async () => {
    const contoso = await client(truth.callers.find((c) => c.email === demo.contoso.globalAdmin)!);
    const adatum = truth.objects.find((o) => o.label === 'Adatum Cloud Services')!;
    const query =
      'query($r: ID) { customers(indirectResellerId: $r) { totalCount nodes { name } } viewer { organization { ... on Partner { customers(indirectResellerId: $r) { totalCount } } } } }';
    const hidden = expectOk(await contoso.query(query, { r: adatum.gid }));
    const unknown = expectOk(await contoso.query(query, { r: toGlobalId('Partner', 999_999) }));
    expect(hidden).toEqual(unknown);
    expect(hidden.customers.totalCount).toBe(0);
    // A partner it does see still filters (R-22): Trey serves Northwind with Contoso.
    const trey = truth.objects.find((o) => o.label === 'Trey Research IT')!;
    const shared = expectOk(await contoso.query(query, { r: trey.gid }));
    expect(shared.customers.nodes).toEqual([{ name: 'Northwind Traders' }]);
  });

  test("R-30 found by the probe: a relationship shown on a customer's partner list is readable by node(id:) too", async () => {
    const contoso = await client(truth.callers.find((c) => c.email === demo.contoso.globalAdmin)!);
    const data = expectOk(
      await contoso.query(
        '{ customers(search: "Northwind") { nodes { partners { edges { node { name } relationship { id } } } } } }',
      ),
    );
    const edges = data.customers.nodes[0].partners.edges;
    expect(edges.map((e: any) => e.node.name).sort()).toEqual([
      'Contoso Distribution',
      'Trey Research IT',
    ]);
    for (const edge of edges) {
      const byId = expectOk(
        await contoso.query('query($id: ID!) { node(id: $id) { id } }', {
          id: edge.relationship.id,
        }),
      );
      expect(byId.node).toEqual({ id: edge.relationship.id });
    }
  });
});

/** No ID the caller may not see (public ones and those sent aside), no private string, no unexpected error. */
function checkAnswer(
  truth: GroundTruth,
  caller: Caller,
  where: string,
  result: GqlResult,
  foreign: string[],
  sent: string[] = [],
): string[] {
  const problems: string[] = [];
  for (const error of result.errors ?? []) {
    if (!CLIENT_CODES.includes(error.extensions?.code)) {
      problems.push(`${caller.email} ${where}: error ${error.extensions?.code} ${error.message}`);
    }
  }
  for (const gid of new Set(globalIdsIn(result.data))) {
    const object = truth.byGid(gid);
    if (
      object &&
      !truth.visible(caller, object) &&
      !truth.isPublicId(object) &&
      !sent.includes(gid)
    ) {
      problems.push(`${caller.email} ${where}: got ${object.type} ${object.label}`);
    }
  }
  const raw = JSON.stringify(result);
  for (const secret of foreign) {
    if (raw.includes(secret) && !sent.some((s) => s.includes(secret))) {
      const at = raw.indexOf(secret);
      problems.push(
        `${caller.email} ${where}: contains "${secret}" in ...${raw.slice(Math.max(0, at - 80), at + secret.length + 20)}`,
      );
    }
  }
  return problems;
}

/** At most `n` items spread over the list (first, last and between), for variety at a bounded cost. */
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

/** Objects of each kind aimed at per caller and probe. */
const TARGETS_PER_CALLER = 3;

/**
 * The write side of the probe (R-30, R-32): every mutation that takes an identifying value
 * (an ID, a link token, a tenant domain, an MPN ID, an email) registers its probes in
 * leak-probe/mutation-probes.ts. For every caller each probe sends one request: an alias naming
 * nothing (the reference), then one alias per object out of the caller's scope. Each object's
 * answer must be the reference answer (payload, userErrors and top-level errors, the value sent
 * aside), nothing may be written (every row of every table, audit log included), and the
 * response must hold nothing of an organization the caller has no relationship with.
 */
describe('R-30 cross-tenant leak probe (mutations)', () => {
  const schema = buildGraphQLSchema();
  const mutationType = schema.getMutationType()!;
  const mutations = Object.keys(mutationType.getFields());
  const probed = new Set(mutationProbes.map((p) => p.mutation));
  for (const name of mutations.filter(
    (m) => !probed.has(m) && !MUTATIONS_WITHOUT_FOREIGN_IDS.has(m),
  )) {
    test.todo(`leak probe for mutation ${name}`);
  }

  let server: TestServer;
  let truth: GroundTruth;
  const generator = new QueryGenerator(schema);
  const clients = new Map<string, GqlClient>();
  const client = async (caller: Caller) => {
    if (!clients.has(caller.email)) clients.set(caller.email, await server.as(caller.email));
    return clients.get(caller.email)!;
  };
  const figures = { requests: 0, targets: 0 };

  beforeAll(async () => {
    server = await startTestServer({
      seed: 'demo',
      env: {
        RATE_LIMIT_POINTS_PER_MINUTE: '0',
        QUERY_MAX_COST: '10000000',
        QUERY_MAX_DEPTH: '100',
        QUERY_MAX_ALIASES: '1000',
        QUERY_MAX_TOKENS: '100000',
      },
    });
    // Every customer records a subscription bought elsewhere (R-28): the service-partner
    // mutations then have targets of their own kind, and each customer one of its own.
    const before = await GroundTruth.load(server.dataSource);
    const offer = before.objects.find((o) => o.type === 'Offer' && /Microsoft 365/.test(o.label))!;
    for (const caller of before.callers.filter((c) => c.org.type === 'CUSTOMER')) {
      const result = await (
        await client(caller)
      ).query(
        'mutation($input: RecordExternalSubscriptionInput!) { recordExternalSubscription(input: $input) { userErrors { code } } }',
        { input: { offerId: offer.gid, quantity: 5 } },
      );
      expect(expectOk(result).recordExternalSubscription.userErrors).toEqual([]);
    }
    truth = await GroundTruth.load(server.dataSource);
  }, 60_000);
  afterAll(() => server.close());

  test('every mutation is probed or listed as taking no foreign identifier, with a reason', () => {
    expect(
      mutations.filter((m) => !probed.has(m) && !MUTATIONS_WITHOUT_FOREIGN_IDS.has(m)),
    ).toEqual([]);
    for (const m of MUTATIONS_WITHOUT_FOREIGN_IDS) expect(mutations).toContain(m);
    for (const m of probed) expect(mutations).toContain(m);
  });

  for (const probe of mutationProbes) {
    const title = probe.byDesign
      ? `R-30 ${probe.mutation}(${probe.aim}) names objects out of scope by design: no unexpected error, nothing of another organization in the answer${probe.byDesign.writes ? '' : ', nothing written'}`
      : `R-30 ${probe.mutation}(${probe.aim}): an object out of scope is answered like an unknown one, nothing written, nothing foreign in the answer`;
    test(
      title,
      async () => {
        const field = mutationType.getFields()[probe.mutation];
        const inputType = field.args.find((a) => a.name === 'input')!.type.toString();
        const payload = getNamedType(field.type) as GraphQLObjectType;
        const selection = [
          generator.selection(payload, 1, new Set()),
          payload.getFields().userErrors ? 'userErrors { code field message }' : '',
        ].join(' ');
        const where = `${probe.mutation}(${probe.aim})`;
        const violations: string[] = [];
        let aimed = 0;
        const referenceCodes = new Set<string>();
        for (const caller of truth.callers) {
          const hidden = probe
            .targets(truth, caller)
            .filter((o) => !truth.visible(caller, o))
            .map((target) => ({
              target,
              value: probe.value ? probe.value(target, truth) : target.gid,
            }))
            .filter((t): t is { target: ProbeObject; value: string } => Boolean(t.value));
          const reference = probe.byDesign ? [] : [{ value: probe.unknown(), target: undefined }];
          const cases = [...reference, ...spread(hidden, TARGETS_PER_CALLER)]
            .map((c) => ({ ...c, input: probe.input({ ...c, caller, truth }) }))
            .filter((c) => c.input !== null);
          if (cases.length <= reference.length) continue;
          aimed += cases.length - reference.length;

          const api = await client(caller);
          const send = async (part: typeof cases) => {
            figures.requests += 1;
            const declared = part.map((_, i) => `$i${i}: ${inputType}`).join(', ');
            const calls = part.map(
              (_, i) => `a${i}: ${probe.mutation}(input: $i${i}) { ${selection} }`,
            );
            const result = await api.query(
              `mutation(${declared}) { ${calls.join(' ')} }`,
              Object.fromEntries(part.map((c, i) => [`i${i}`, c.input])),
            );
            if (result.errors?.some((e) => !e.path)) {
              violations.push(`${caller.email} ${where}: refused ${JSON.stringify(result.errors)}`);
            }
            return result;
          };
          const before = await captureDbState(server.dataSource);
          // One request for all cases; a top-level error (the role gate) stops a mutation
          // operation at the first field, so then each case goes alone.
          let results: GqlResult[];
          const batch = await send(cases);
          if (batch.errors?.length) {
            results = [];
            for (const c of cases) results.push(await send([c]));
          } else {
            results = cases.map(() => batch);
          }
          const after = await captureDbState(server.dataSource);
          const changed = changedTables(before, after);
          if (changed.length > 0 && !probe.byDesign?.writes) {
            violations.push(`${caller.email} ${where}: wrote to ${changed.join(', ')}`);
          }
          // What the caller's own writes related it to is no longer foreign (R-10, R-20, R-28).
          const now = changed.length > 0 ? await GroundTruth.load(server.dataSource) : truth;
          const sent = cases.flatMap((c) => [c.value, ...(probe.echo?.(c.value) ?? [])]);
          for (const result of new Set(results)) {
            violations.push(
              ...checkAnswer(now, caller, where, result, now.foreignStrings(caller), sent),
            );
          }
          // One case's answer: its payload and errors, with the value it sent taken out.
          const answer = (i: number) => {
            const alias = results[i] === batch ? `a${i}` : 'a0';
            const errors = (results[i].errors ?? [])
              .filter((e) => e.path?.[0] === alias)
              .map((e) => ({ code: e.extensions?.code, message: e.message }));
            const data = results[i].data?.[alias] ?? null;
            const codes: string[] = [
              ...errors.map((e) => e.code),
              ...(data?.userErrors ?? []).map((e: { code: string }) => e.code),
            ];
            return {
              codes,
              refused: codes.length > 0,
              text: JSON.stringify({ data, errors }).split(cases[i].value).join('<sent>'),
            };
          };
          if (reference.length > 0) {
            const expected = answer(0);
            for (const code of expected.codes) referenceCodes.add(code);
            if (!expected.refused) {
              violations.push(`${caller.email} ${where}: the unknown value was accepted`);
            }
            cases.slice(1).forEach((c, k) => {
              const got = answer(k + 1).text;
              if (got !== expected.text) {
                violations.push(
                  `${caller.email} ${where} ${c.target!.type} ${c.target!.label}: ${got} instead of ${expected.text}`,
                );
              }
            });
          } else {
            cases.forEach((_, i) => answer(i).codes.forEach((code) => referenceCodes.add(code)));
          }
          if (probe.byDesign && !probe.byDesign.writes) {
            cases.forEach((c, i) => {
              if (!answer(i).refused) {
                violations.push(`${caller.email} ${where} ${c.target!.label}: accepted`);
              }
            });
          }
        }
        figures.targets += aimed;
        require('fs').appendFileSync(
          '/tmp/refcodes.txt',
          `${where}: ${aimed} ${[...referenceCodes].join(',')}\n`,
        );
        expect(violations).toEqual([]);
        expect(aimed).toBeGreaterThan(0);
      },
      120_000,
    );
  }
});
