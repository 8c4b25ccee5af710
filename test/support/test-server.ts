import pino from 'pino';
import type { Logger } from '../../src/core/logger';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { startServer, type RunningServer } from '../../src/entry/server';
import { ChannelBuilder } from '../../src/entry/seed/channel-builder';
import { seedDemoChannel } from '../../src/entry/seed/demo-channel';
import { User } from '../../src/identity/user.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { openTestDataSource } from './database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
  headers: Headers;
  /** SQL statements the server ran for this request (`x-sql-statements`). */
  sqlStatements: number;
}

export interface GqlClient {
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  token?: string;
}

export interface TestServer {
  url: string;
  dataSource: DataSource;
  server: RunningServer;
  /** A client without a token. */
  anonymous: GqlClient;
  /** A client signed in as a user of the fixture, by email. */
  as(email: string): Promise<GqlClient>;
  tokenFor(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** 'demo' loads the demo channel; a function builds a fixture of its own. */
  seed?: 'demo' | ((builder: ChannelBuilder) => Promise<unknown>);
  env?: Record<string, string>;
  /** Where the server logs (silent unless TEST_LOG_LEVEL is set); see test/support/log-capture.ts. */
  logger?: Logger;
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GqlResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { errors: [{ message: text }] };
  }
  return {
    status: response.status,
    data: json.data,
    errors: json.errors,
    extensions: json.extensions,
    headers: response.headers,
    sqlStatements: Number(response.headers.get('x-sql-statements') ?? NaN),
  };
}

function client(url: string, token?: string): GqlClient {
  return {
    token,
    query: (query, variables, headers = {}) =>
      post(
        `${url}graphql`,
        { query, variables },
        token ? { authorization: `Bearer ${token}`, ...headers } : headers,
      ),
  };
}

/** A real server on a random port over a fresh database: tests go through HTTP like a client. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataSource = await openTestDataSource();
  if (options.seed === 'demo') await dataSource.transaction((m) => seedDemoChannel(m));
  else if (options.seed)
    await dataSource.transaction((m) =>
      (options.seed as (b: ChannelBuilder) => Promise<unknown>)(new ChannelBuilder(m)),
    );
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    ...options.env,
  });
  const server = await startServer(config, {
    dataSource,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
  const tokenFor = async (email: string) => {
    const user = await dataSource.getRepository(User).findOneByOrFail({ email });
    const org = await dataSource
      .getRepository(Organization)
      .findOneByOrFail({ id: user.organizationId });
    return server.app.tokens.sign({
      userId: user.id,
      organizationId: org.id,
      organizationType: org.type,
      roles: user.roles,
    });
  };
  return {
    url: server.url,
    dataSource,
    server,
    anonymous: client(server.url),
    tokenFor,
    as: async (email) => client(server.url, await tokenFor(email)),
    async close() {
      await server.close(1000);
      await dataSource.destroy();
    },
  };
}

/** Fails the test with the server's errors when a query did not succeed. */
export function expectOk<T>(result: GqlResult<T>): T {
  if (result.errors?.length || result.data === undefined) {
    throw new Error(`GraphQL request failed (${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}
