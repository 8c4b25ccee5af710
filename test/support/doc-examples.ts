import type { DataSource } from 'typeorm';
import { orgId } from './customers';
import { tokenOf } from './partnerships';
import { Ids } from './subscriptions';
import type { TestServer } from './test-server';

/**
 * Runs the GraphQL examples of a document, in order, against a server on the demo data: each
 * as the user its `# As <email>` line names, with the variables its `# $name: <source>` lines
 * describe, expecting success (or the userError code of `# Expect: CODE`) and, for each
 * `# Then: <path> = <JSON>` line, that value at that path of the answer's data.
 */
export function graphqlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function findInvitationLink(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'invitationLink' && typeof child === 'string') return child;
    const found = findInvitationLink(child);
    if (found) return found;
  }
  return undefined;
}

async function resolveVariable(
  dataSource: DataSource,
  source: string,
  lastLink: string | undefined,
): Promise<string> {
  const ids = new Ids(dataSource);
  const partner = /^the partner (.+)$/.exec(source);
  if (partner) return orgId(dataSource, partner[1]);
  const offer = /^the offer (\S+)$/.exec(source);
  if (offer) return ids.offer(offer[1]);
  const subscription = /^the subscription of (.+) to (\S+)$/.exec(source);
  if (subscription) return ids.subscription(subscription[1], subscription[2]);
  if (source === 'the token of the last link' && lastLink) return tokenOf(lastLink);
  throw new Error(`cannot resolve: ${source}`);
}

/** The value at a dotted path (`a.b.0.c`) of the answer's data. */
function at(data: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key],
      data,
    );
}

export async function runDocExamples(api: TestServer, examples: readonly string[]): Promise<void> {
  let lastLink: string | undefined;
  for (const example of examples) {
    const as = /^# As (\S+)$/m.exec(example)?.[1];
    if (!as) throw new Error(`example without "# As <email>":\n${example}`);
    const expected = /^# Expect: (\w+)$/m.exec(example)?.[1];
    const variables: Record<string, string> = {};
    for (const [, name, source] of example.matchAll(/^# \$(\w+): (.*)$/gm)) {
      variables[name] = await resolveVariable(api.dataSource, source, lastLink);
    }
    const result = await (await api.as(as)).query(example, variables);
    const context = `${example}\n-> ${JSON.stringify(result.errors ?? result.data)}`;
    if (result.errors) throw new Error(`failed: ${context}`);
    const payloads = Object.values(result.data ?? {}) as Array<{
      userErrors?: Array<{ code: string }>;
    }>;
    const codes = payloads.flatMap((p) => p?.userErrors ?? []).map((e) => e.code);
    if (expected ? codes[0] !== expected : codes.length > 0) {
      throw new Error(`expected ${expected ?? 'success'}: ${context}`);
    }
    for (const [, path, json] of example.matchAll(/^# Then: (\S+) = (.+)$/gm)) {
      expect({ path, value: at(result.data, path) }).toEqual({ path, value: JSON.parse(json) });
    }
    lastLink = findInvitationLink(result.data) ?? lastLink;
  }
}
