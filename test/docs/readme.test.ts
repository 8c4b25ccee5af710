import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphqlBlocks, runDocExamples } from '../support/doc-examples';
import { startTestServer, type TestServer } from '../support/test-server';

/** The README's "Workflows" section runs as written against the demo data. */
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Workflows'),
  readme.indexOf('## Running against MySQL'),
);

describe('README workflows', () => {
  let api: TestServer;
  beforeAll(async () => (api = await startTestServer({ seed: 'demo' })));
  afterAll(() => api.close());

  test('has the seed 002/001 scenario', () => {
    expect(graphqlBlocks(section)).toHaveLength(7);
  });

  test('every example runs as written, in order', () =>
    runDocExamples(api, graphqlBlocks(section)));
});
