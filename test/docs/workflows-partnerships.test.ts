import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { partnerGlobalId, partnershipIdOf, tokenOf } from '../support/partnerships';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Runs every GraphQL example of docs/workflows-partnerships.md, in order, against the demo data,
 * as the user each one names (`# As <email>`), with the variables its comments describe
 * (`# $name: ...`), expecting success or the code of `# Expect: CODE`.
 */
const doc = readFileSync(join(__dirname, '../../docs/workflows-partnerships.md'), 'utf8');
const examples = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

function findInvitationLink(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'invitationLink' && typeof child === 'string') return child;
    const found = findInvitationLink(child);
    if (found) return found;
  }
  return undefined;
}

describe('docs/workflows-partnerships.md', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('has examples to run', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  test('every example runs as documented, in order', async () => {
    let token: string | undefined;
    for (const example of examples) {
      const as = /^# As (\S+)$/m.exec(example)?.[1];
      if (!as) throw new Error(`example without "# As <email>":\n${example}`);
      const expected = /^# Expect: (\w+)$/m.exec(example)?.[1];
      const variables: Record<string, string> = {};
      for (const [, name, source] of example.matchAll(/^# \$(\w+): (.*)$/gm)) {
        const partnership = /^the partnership (.+?) -> (.+?)( \(.*)?$/.exec(source);
        const partner = /^the partner (.+?)( \(.*)?$/.exec(source);
        if (partnership)
          variables[name] = await partnershipIdOf(api.dataSource, partnership[1], partnership[2]);
        else if (partner) variables[name] = await partnerGlobalId(api.dataSource, partner[1]);
        else if (name === 'token' && token) variables[name] = token;
        else throw new Error(`cannot resolve $${name}: ${source}`);
      }
      const client = await api.as(as);
      const result = await client.query(example, variables);
      const context = `${example}\n-> ${JSON.stringify(result.errors ?? result.data)}`;
      if (result.errors) throw new Error(`failed: ${context}`);
      const payloads = Object.values(result.data ?? {}) as Array<{
        userErrors?: Array<{ code: string }>;
      }>;
      const codes = payloads.flatMap((p) => p?.userErrors ?? []).map((e) => e.code);
      if (expected ? codes[0] !== expected : codes.length > 0) {
        throw new Error(`expected ${expected ?? 'success'}: ${context}`);
      }
      const link = findInvitationLink(result.data);
      if (link) token = tokenOf(link);
    }
  });
});
