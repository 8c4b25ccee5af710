import { HeaderMap, type ApolloServer } from '@apollo/server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../entry/app';
import { withSqlTally, type SqlTally } from '../db/sql-counter';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../db/db-errors';
import { RequestContext } from '../core/request-context';
import { ErrorCode } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { requestIdFrom } from './request-id';

const MAX_BODY_BYTES = 1_000_000;
/** What is read and dropped of an oversized body after its 413 before the connection is cut. */
const MAX_DISCARDED_BYTES = 16 * MAX_BODY_BYTES;

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // Destroying the request here would reset the connection before the 413 is written.
      req.off('data', collect);
      chunks.length = 0;
      reject(new BodyTooLargeError());
    };
    req.on('data', collect);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * After the 413, node:http reads the unread rest of the body and drops it, so that the client,
 * still sending, reads the answer instead of a reset; a client that goes on past
 * MAX_DISCARDED_BYTES has its connection cut.
 */
function discardRestOf(req: IncomingMessage, res: ServerResponse) {
  res.once('finish', () => {
    let discarded = 0;
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > MAX_DISCARDED_BYTES) req.destroy();
    });
  });
}

/**
 * The caller of an HTTP request (see CallerResolver). A failure of the caller's lookup is
 * answered as one in a resolver would be: logged with the request ID, masked, and a
 * retryable 503 when the database is away. Apollo runs no plugin for a context that failed, so
 * the log line and the request ID are added here.
 */
async function viewerFrom(
  app: App,
  authorization: string | undefined,
  requestId: string,
): Promise<Viewer | null> {
  try {
    return await app.callers.fromAuthorization(authorization);
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    app.logger.error({ err: error, requestId, stage: 'caller' }, 'request failed');
    if (isDatabaseUnavailable(error)) {
      throw new GraphQLError('The service is temporarily unavailable; retry shortly.', {
        extensions: {
          code: ErrorCode.SERVICE_UNAVAILABLE,
          retryable: true,
          requestId,
          http: { status: 503, headers: new HeaderMap([['retry-after', '1']]) },
        },
      });
    }
    throw new GraphQLError('Internal server error', {
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    });
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The caller's address; behind a proxy (TRUST_PROXY) the first `X-Forwarded-For` entry. */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** /readyz answers within this time even when the database does not. */
const READY_CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface HttpServerHooks {
  /** Readiness: false while the database is unreachable or the server is draining. */
  ready?: () => boolean | Promise<boolean>;
  /** True once shutdown began: responses then close their connection. */
  draining?: () => boolean;
}

/**
 * node:http in front of Apollo: the GraphQL endpoint at `/` and `/graphql` (Sandbox on GET in
 * development), `/healthz` for liveness and `/readyz` for readiness. Each request gets an ID
 * (echoed in `x-request-id`) and its own SQL tally.
 */
export function createHttpServer(
  app: App,
  apollo: ApolloServer<RequestContext>,
  hooks: HttpServerHooks = {},
): Server {
  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    if (hooks.draining?.()) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void withTimeout(
        Promise.resolve(hooks.ready ? hooks.ready() : true),
        READY_CHECK_TIMEOUT_MS,
        false,
      ).then(
        (ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
      return;
    }
    if (path !== '/' && path !== '/graphql')
      return sendJson(res, 404, { error: 'Not found: the API is at /graphql' });
    const tally: SqlTally = { count: 0 };
    // The tally's AsyncLocalStorage turns on promise hooks for the whole process (5% of the CPU
    // of a request on Node 20): only when the count is reported (tests, benchmarks, dev).
    const handle = () => handleGraphQL(app, apollo, req, res, requestId, tally);
    void (app.config.reportSqlCount ? withSqlTally(tally, handle) : handle()).catch((error) => {
      app.logger.error({ err: error, requestId }, 'unhandled HTTP error');
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [
            {
              message: 'Internal server error',
              extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
            },
          ],
        });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return server;
}

async function handleGraphQL(
  app: App,
  apollo: ApolloServer<RequestContext>,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  tally: SqlTally,
): Promise<void> {
  let body: string;
  try {
    body = req.method === 'POST' ? await readBody(req) : '';
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      discardRestOf(req, res);
      return sendJson(res, 413, {
        errors: [
          {
            message: `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`,
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    }
    throw error;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let parsedBody: unknown = body;
  if (body && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      parsedBody = JSON.parse(body);
    } catch {
      return sendJson(res, 400, {
        errors: [
          { message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
        ],
      });
    }
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method?.toUpperCase() ?? 'GET',
      headers,
      search: url.search,
      body: parsedBody,
    },
    context: async () =>
      new RequestContext(
        app,
        requestId,
        await viewerFrom(app, req.headers.authorization, requestId),
        clientAddressOf(req, app.config.rateLimit.trustProxy),
      ),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  if (app.config.reportSqlCount) res.setHeader('x-sql-statements', String(tally.count));
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
