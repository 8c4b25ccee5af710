import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraphQLSchema } from '../../src/entry/schema';
import { orgId } from '../support/customers';
import { onMysql } from '../support/database';
import { Ids } from '../support/subscriptions';
import { graphqlBlocks, runDocExamples } from '../support/doc-examples';
import { startTestServer, type TestServer } from '../support/test-server';

/** Runs every GraphQL block of docs/workflows.md, in order (see runDocExamples). */
const doc = readFileSync(join(__dirname, '../../docs/workflows.md'), 'utf8');
const examples = graphqlBlocks(doc);

describe('docs/workflows.md', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('has the scenario to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  test('its index names every mutation of the schema, once', () => {
    const index = doc.slice(doc.indexOf('## Every mutation, by domain'));
    const named = [...index.matchAll(/`(\w+)`/g)].map((m) => m[1]).filter((n) => n !== 'input');
    const mutations = Object.keys(buildGraphQLSchema().getMutationType()!.getFields());
    expect(named.filter((n) => mutations.includes(n)).sort()).toEqual(mutations.sort());
  });

  test('the partner ID it quotes is Litware Systems', async () => {
    const [row] = await api.dataSource.query(
      "SELECT mpn_id FROM organization WHERE name = 'Litware Systems'",
    );
    expect(doc).toContain(`resellerMpnId: "${row.mpn_id}"`);
  });

  // MariaDB test databases are reused between files and keep counting IDs, so the literal IDs of
  // a fresh demo database are checked on SQLite only.
  (onMysql ? test.skip : test)('the IDs it quotes are those of a fresh demo database', async () => {
    const quoted: Array<[string, string]> = [
      ['UGFydG5lcjo2', await orgId(api.dataSource, 'Litware Systems')],
      ['T2ZmZXI6Mg', await new Ids(api.dataSource).offer('MS-365-BS-M')],
      ['T2ZmZXI6MTA', await new Ids(api.dataSource).offer('D365-SALES-PRO')],
    ];
    for (const [id, actual] of quoted) {
      expect(doc).toContain(id);
      expect(id).toBe(actual);
    }
  });

  test('every example runs as documented, in order', () => runDocExamples(api, examples));
});
