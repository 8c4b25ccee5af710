import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../src/core/node-id';
import { orgId } from '../support/customers';
import { onMysql } from '../support/database';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Runs every GraphQL example of docs/workflows-customers.md, in order, against the demo data,
 * as the user each one names (`# As <email>`), with the variables its comments describe
 * (`# $name: ...`), expecting success or the code of `# Expect: CODE`.
 */
const doc = readFileSync(join(__dirname, '../../docs/workflows-customers.md'), 'utf8');
const examples = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

async function resolveVariable(
  dataSource: DataSource,
  source: string,
  lastToken: string | undefined,
): Promise<string> {
  const partner = /^the partner (.+)$/.exec(source);
  if (partner) return orgId(dataSource, partner[1]);
  const offer = /^the offer (\S+)$/.exec(source);
  if (offer) {
    const [row] = await dataSource.query('SELECT id FROM offer WHERE code = ?', [offer[1]]);
    return toGlobalId('Offer', Number(row.id));
  }
  const relationship = /^the relationship of (.+) with (.+)$/.exec(source);
  if (relationship) {
    const [row] = await dataSource.query(
      `SELECT r.id FROM customer_relationship r
         JOIN organization c ON c.id = r.customer_id JOIN organization p ON p.id = r.partner_id
        WHERE c.name = ? AND p.name = ? AND r.status = 'ACTIVE'`,
      [relationship[1], relationship[2]],
    );
    return toGlobalId('CustomerRelationship', Number(row.id));
  }
  if (source === 'the token of the last link' && lastToken) return lastToken;
  throw new Error(`cannot resolve: ${source}`);
}

describe('docs/workflows-customers.md', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('has examples to run', () => {
    expect(examples.length).toBeGreaterThan(15);
  });

  // A fresh database is what `npm start` creates; MariaDB test databases are reused between
  // files and keep counting IDs, so the literal IDs are checked on SQLite only.
  (onMysql ? test.skip : test)('the IDs it quotes are those of a fresh demo database', async () => {
    const quoted: Array<[string, string]> = [
      ['UGFydG5lcjoy', await orgId(api.dataSource, 'Contoso Distribution')],
      ['UGFydG5lcjo1', await orgId(api.dataSource, 'Trey Research IT')],
      ['UGFydG5lcjo5', await orgId(api.dataSource, 'VanArsdel Tech')],
      ['T2ZmZXI6MQ', await resolveVariable(api.dataSource, 'the offer MS-365-BB-M', undefined)],
      ['T2ZmZXI6Mg', await resolveVariable(api.dataSource, 'the offer MS-365-BS-M', undefined)],
      ['T2ZmZXI6OA', await resolveVariable(api.dataSource, 'the offer AZ-PLAN', undefined)],
    ];
    for (const [id, actual] of quoted) {
      expect(doc).toContain(id);
      expect(id).toBe(actual);
    }
  });

  test('every example runs as documented, in order', async () => {
    let lastToken: string | undefined;
    for (const example of examples) {
      const as = /^# As (\S+)$/m.exec(example)?.[1];
      if (!as) throw new Error(`example without "# As <email>":\n${example}`);
      const expected = /^# Expect: (\w+)$/m.exec(example)?.[1];
      const variables: Record<string, string> = {};
      for (const [, name, source] of example.matchAll(/^# \$(\w+): (.*)$/gm)) {
        variables[name] = await resolveVariable(api.dataSource, source, lastToken);
      }
      const client = await api.as(as);
      const result = await client.query(example, variables);
      const context = `${example}\n-> ${JSON.stringify(result.errors ?? result.data)}`;
      if (result.errors) throw new Error(`failed: ${context}`);
      const payloads = Object.values(result.data ?? {}) as Array<{
        userErrors?: Array<{ code: string }>;
        invitationLink?: string | null;
      }>;
      const codes = payloads.flatMap((p) => p?.userErrors ?? []).map((e) => e.code);
      if (expected ? codes[0] !== expected : codes.length > 0) {
        throw new Error(`expected ${expected ?? 'success'}: ${context}`);
      }
      const link = payloads.find((p) => p?.invitationLink)?.invitationLink;
      if (link) lastToken = new URL(link).searchParams.get('token') ?? undefined;
    }
  });
});
