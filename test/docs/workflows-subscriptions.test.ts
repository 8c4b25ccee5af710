import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { decodeGlobalId, toGlobalId, type NodeType } from '../../src/core/node-id';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Runs every GraphQL example of docs/workflows-subscriptions.md, in order, against the demo
 * data, as the user each one names (`# As <email>`), expecting success or the code of
 * `# Expect: CODE`. The examples carry their IDs inline, so this also checks the page's table
 * of demo IDs.
 */
const TABLES: Partial<Record<NodeType, string>> = {
  Partner: 'organization',
  Customer: 'organization',
  Offer: 'offer',
  Subscription: 'subscription',
};

/**
 * The page shows the IDs of a fresh demo database. A reused MariaDB test database does not
 * restart its auto-increment counters, so each ID is mapped to the row at the same position.
 */
async function localize(dataSource: DataSource, example: string): Promise<string> {
  let text = example;
  for (const [quoted, id] of example.matchAll(/"([A-Za-z0-9_-]{8,})"/g)) {
    const decoded = decodeGlobalId(id);
    const table = decoded && TABLES[decoded.type];
    if (!decoded || !table) continue;
    const rows = (await dataSource.query(`SELECT id FROM ${table} ORDER BY id`)) as Array<{
      id: number;
    }>;
    text = text.replace(quoted, `"${toGlobalId(decoded.type, Number(rows[decoded.id - 1].id))}"`);
  }
  return text;
}

const doc = readFileSync(join(__dirname, '../../docs/workflows-subscriptions.md'), 'utf8');
const examples = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('docs/workflows-subscriptions.md', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('has examples to run', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  test('every example runs as documented, in order; the first order replays identically (R-29)', async () => {
    const answers: unknown[] = [];
    for (const example of examples) {
      const as = /^# As (\S+)$/m.exec(example)?.[1];
      if (!as) throw new Error(`example without "# As <email>":\n${example}`);
      const expected = /^# Expect: (\w+)$/m.exec(example)?.[1];
      const result = await (await api.as(as)).query(await localize(api.dataSource, example));
      const context = `${example}\n-> ${JSON.stringify(result.errors ?? result.data)}`;
      if (result.errors) throw new Error(`failed: ${context}`);
      const payloads = Object.values(result.data ?? {}) as Array<{
        userErrors?: Array<{ code: string }>;
      }>;
      const codes = payloads.flatMap((p) => p?.userErrors ?? []).map((e) => e.code);
      if (expected ? codes[0] !== expected : codes.length > 0) {
        throw new Error(`expected ${expected ?? 'success'}: ${context}`);
      }
      answers.push(result.data);
    }
    // "Send the same mutation again, unchanged: the answer is the same order" (step 1).
    const retry = await (
      await api.as('sales@contosodistribution.example')
    ).query(await localize(api.dataSource, examples[0]));
    expect(retry.data).toEqual(answers[0]);
  });
});
