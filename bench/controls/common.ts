import { webcrypto } from 'node:crypto';
/**
 * What the controls B and C share with each other (not with the graph): the HTTP front, token
 * verification, a statement-counting mysql2 pool, global IDs and cursors. They are bench code,
 * never shipped, and written by hand on purpose: they are the yardstick the graph is held to.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import { createPool, type Pool, type PoolConnection } from 'mysql2/promise';
import regions from '../../src/regions/regions.data.json';

export interface Caller {
  userId: number;
  organizationId: number;
  organizationType: string;
  roles: string[];
}

export interface ControlRequest {
  body: { query?: string; operationName?: string; variables?: Record<string, any> };
  caller: Caller | null;
  /** Statements this request sent to MariaDB (reported in `x-sql-statements`). */
  sql: { count: number };
}

export type Handler = (req: ControlRequest) => Promise<unknown>;

export const regionName = new Map(regions.regions.map((r) => [r.code, r.name]));
export const countryName = new Map((regions.countries as string[][]).map((c) => [c[0], c[1]]));
export const regionOfCountry = new Map((regions.countries as string[][]).map((c) => [c[0], c[2]]));

export const globalId = (type: string, id: number) =>
  Buffer.from(`${type}:${id}`).toString('base64url');

export function decodeGlobalId(value: unknown, type: string): number | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(value, 'base64url').toString());
  return match && match[1] === type ? Number(match[2]) : undefined;
}

export const cursor = (key: number) => Buffer.from(`cursor:${key}`).toString('base64url');

const keys = new Map<Uint8Array, Promise<webcrypto.CryptoKey>>();

/** The same token check as the graph: HS256, issuer, audience, expiry; the key imported once. */
export async function verifyCaller(
  authorization: string | undefined,
  secret: Uint8Array,
): Promise<Caller | null> {
  const match = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return null;
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    keys.set(secret, key);
  }
  const { payload } = await jwtVerify(match[1], await key, {
    issuer: 'csp-partner-graph',
    audience: 'csp-partner-graph',
    algorithms: ['HS256'],
  });
  return {
    userId: Number(payload.sub),
    organizationId: Number(payload.org),
    organizationType: String(payload.org_type),
    roles: payload.roles as string[],
  };
}

/**
 * R-30, as the graph does it (src/identity/acting-user.ts, storedCaller): the token's user is
 * read as stored with its organization on every request; a disabled or removed user, or a token
 * whose organization or type disagree, is refused, and the roles are the stored ones.
 */
export async function storedCaller(
  db: CountingPool,
  sql: { count: number },
  caller: Caller,
): Promise<Caller | null> {
  const [user] = await db.query(
    sql,
    `SELECT u.organization_id, u.status, u.roles, o.type AS organization_type
     FROM app_user u JOIN organization o ON o.id = u.organization_id WHERE u.id = ?`,
    [caller.userId],
  );
  if (
    !user ||
    user.status !== 'ACTIVE' ||
    Number(user.organization_id) !== caller.organizationId ||
    user.organization_type !== caller.organizationType
  )
    return null;
  return { ...caller, roles: String(user.roles ?? '').split(',') };
}

/**
 * A mysql2 pool whose statements are counted per request: the request's counter is passed
 * explicitly (no AsyncLocalStorage, whose promise hooks would tax the control).
 */
export class CountingPool {
  readonly pool: Pool;

  constructor(url: string, size: number) {
    const u = new URL(url);
    this.pool = createPool({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username) || 'root',
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
      connectionLimit: size,
      maxIdle: size,
      timezone: 'Z',
      dateStrings: true,
      enableKeepAlive: true,
    });
  }

  async query<T = any>(sql: { count: number }, text: string, params: unknown[] = []): Promise<T[]> {
    sql.count++;
    const [rows] = await this.pool.query(text, params);
    return rows as T[];
  }

  async transaction<T>(
    sql: { count: number },
    work: (q: (text: string, params?: unknown[]) => Promise<any>) => Promise<T>,
  ): Promise<T> {
    const conn: PoolConnection = await this.pool.getConnection();
    const q = async (text: string, params: unknown[] = []) => {
      sql.count++;
      const [rows] = await conn.query(text, params);
      return rows;
    };
    try {
      await q('START TRANSACTION');
      const result = await work(q);
      await q('COMMIT');
      return result;
    } catch (error) {
      await q('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
  }

  end() {
    return this.pool.end();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, text: string, sqlCount: number) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-sql-statements': String(sqlCount),
  });
  res.end(text);
}

/** node:http in front of a handler: JSON body in, `{data}` (or `{errors}`) out. */
export function serveJson(handler: Handler, secret: Uint8Array, db: CountingPool) {
  return createServer((req, res) => {
    const sql = { count: 0 };
    void (async () => {
      try {
        const body = JSON.parse(await readBody(req));
        const refuse = () =>
          send(
            res,
            401,
            JSON.stringify({
              errors: [{ message: 'Invalid token', extensions: { code: 'UNAUTHENTICATED' } }],
            }),
            sql.count,
          );
        let caller: Caller | null = null;
        try {
          caller = await verifyCaller(req.headers.authorization, secret);
        } catch {
          return refuse();
        }
        if (caller && !(caller = await storedCaller(db, sql, caller))) return refuse();
        const result = await handler({ body, caller, sql });
        send(res, 200, JSON.stringify(result), sql.count);
      } catch (error) {
        process.stderr.write(`control error: ${(error as Error).stack}\n`);
        send(
          res,
          500,
          JSON.stringify({ errors: [{ message: 'Internal server error' }] }),
          sql.count,
        );
      }
    })();
  });
}

/** Settings every bench process reads from its environment. */
export function controlEnv() {
  const env = process.env;
  return {
    port: Number(env.PORT),
    databaseUrl: env.DATABASE_URL!.replace(/^mariadb:/, 'mysql:'),
    poolSize: Number(env.DB_POOL_SIZE ?? 10),
    secret: new TextEncoder().encode(env.JWT_SECRET!),
  };
}
