import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export type DatabaseConfig =
  | {
      type: 'mysql' | 'mariadb';
      url: string;
      poolSize: number;
      /** How long opening one connection may take before the request fails (fail fast). */
      connectTimeoutMs?: number;
    }
  | { type: 'sqlite'; file: string };

/** Limits every operation must pass before it runs (docs/hardening.md, "Query limits"). */
export interface QueryLimitsConfig {
  /** Highest calculated cost of one operation (see src/schema/limits/query-cost.ts). */
  maxCost: number;
  /** Deepest field nesting, fragments flattened, introspection not counted. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens in the query text; checked while parsing. */
  maxTokens: number;
  /** "Did you mean ...?" in validation messages; off in production. */
  fieldSuggestions: boolean;
}

/** Per-organization budget of query cost points (docs/hardening.md, "Rate limits"). */
export interface RateLimitConfig {
  /** Points per window and organization (anonymous callers: per client address); 0 disables. */
  points: number;
  windowSeconds: number;
  /** Prefix of the Redis keys, so that several deployments can share one Redis. */
  keyPrefix: string;
  /** Take the client address from the first `X-Forwarded-For` entry (behind a proxy). */
  trustProxy: boolean;
}

export interface AuthConfig {
  /** HS256 secret; present unless tokens are verified against a JWKS endpoint. */
  jwtSecret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Lifetime of tokens minted by `npm run token`. */
  tokenTtlSeconds: number;
  /** True when the secret was generated for this machine rather than configured. */
  secretIsLocal: boolean;
  /** A standard OpenID Connect provider whose tokens name people and API clients. */
  oidc?: OidcConfig;
}

/** OIDC_* (README, "Authentication"): keys come from the issuer's discovery document. */
export interface OidcConfig {
  /** The `iss` of its tokens; `<issuer>/.well-known/openid-configuration` is its discovery. */
  issuer: string;
  /** The `aud` its access tokens carry for this API. */
  audience: string;
  /** Least time between two JWKS fetches caused by an unknown `kid` (a flood cannot force more). */
  jwksCooldownSeconds: number;
  /** How long one fetch of the discovery document or the JWKS may take. */
  fetchTimeoutMs: number;
}

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Connection attempts at start-up before giving up (the database may start after us). */
  databaseConnectAttempts: number;
  auth: AuthConfig;
  queryLimits: QueryLimitsConfig;
  rateLimit: RateLimitConfig;
  introspection: boolean;
  sandbox: boolean;
  migrateOnStart: boolean;
  seedEmptyDatabase: boolean;
  redisUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  /** Base URL used in emailed links (partnership and customer invitations). */
  publicUrl: string;
  logQueries: boolean;
  /** Adds `x-sql-statements` to responses (tests and benchmarks read it). */
  reportSqlCount: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function int(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function parseDatabase(env: Env, problems: string[]): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (!url) {
    return { type: 'sqlite', file: resolve(env.SQLITE_FILE ?? 'data/csp-partner-graph.sqlite') };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    problems.push('DATABASE_URL is not a URL (expected mysql://user:password@host:3306/database)');
    return { type: 'sqlite', file: '' };
  }
  if (parsed.protocol === 'mysql:' || parsed.protocol === 'mariadb:') {
    if (!parsed.pathname || parsed.pathname === '/') {
      problems.push('DATABASE_URL must name a database, e.g. mysql://root@127.0.0.1:3306/test');
    }
    // The scheme tells TypeORM which dialect to expect when it compares schemas: MariaDB reports
    // column defaults differently from MySQL. Both speak the mysql2 protocol.
    parsed.protocol = 'mysql:';
    return {
      type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      url: parsed.toString(),
      poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200, problems),
      connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 2000, 100, 60_000, problems),
    };
  }
  if (parsed.protocol === 'sqlite:' || parsed.protocol === 'file:') {
    return { type: 'sqlite', file: resolve(decodeURIComponent(parsed.pathname)) };
  }
  problems.push(`DATABASE_URL has unsupported scheme "${parsed.protocol}" (use mysql://)`);
  return { type: 'sqlite', file: '' };
}

/**
 * Development machines get a per-checkout secret so that `npm run token` and the server agree
 * without anyone configuring one; production must configure its own.
 */
function localSecret(dataDir: string): string {
  const file = resolve(dataDir, '.jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseAuth(env: Env, nodeEnv: NodeEnv, problems: string[]): AuthConfig {
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  let jwtSecret = env.JWT_SECRET || undefined;
  let secretIsLocal = false;
  if (jwtSecret && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  }
  if (jwksUrl) {
    try {
      const u = new URL(jwksUrl);
      if (nodeEnv === 'production' && u.protocol !== 'https:') {
        problems.push('JWT_JWKS_URL must use https in production');
      }
    } catch {
      problems.push('JWT_JWKS_URL is not a URL');
    }
  }
  const oidc = parseOidc(env, nodeEnv, problems);
  if (
    oidc &&
    jwtSecret &&
    nodeEnv === 'production' &&
    !bool(env, 'AUTH_ALLOW_HS256', false, problems)
  ) {
    // A shared secret beside a real identity provider is a second, weaker way in: anyone who
    // reads the secret mints tokens for any user. Production must opt in knowingly.
    problems.push(
      'JWT_SECRET is set beside OIDC_ISSUER: production refuses HS256 tokens next to an identity provider unless AUTH_ALLOW_HS256=true',
    );
  }
  if (!jwtSecret && !jwksUrl && !oidc) {
    if (nodeEnv === 'production') {
      problems.push(
        'set OIDC_ISSUER and OIDC_AUDIENCE, JWT_SECRET (32+ characters) or JWT_JWKS_URL: production has no default',
      );
    } else {
      jwtSecret = localSecret(env.DATA_DIR ?? 'data');
      secretIsLocal = true;
    }
  }
  return {
    oidc,
    jwtSecret,
    jwksUrl,
    issuer: env.JWT_ISSUER || 'csp-partner-graph',
    audience: env.JWT_AUDIENCE || 'csp-partner-graph',
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600, problems),
    secretIsLocal,
  };
}

function parseOidc(env: Env, nodeEnv: NodeEnv, problems: string[]): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER || undefined;
  const audience = env.OIDC_AUDIENCE || undefined;
  if (!issuer) {
    if (audience) problems.push('OIDC_AUDIENCE is set without OIDC_ISSUER');
    return undefined;
  }
  try {
    const url = new URL(issuer);
    if (nodeEnv === 'production' && url.protocol !== 'https:') {
      problems.push('OIDC_ISSUER must use https in production');
    }
  } catch {
    problems.push('OIDC_ISSUER is not a URL');
  }
  if (!audience)
    problems.push('OIDC_ISSUER needs OIDC_AUDIENCE (the `aud` of tokens for this API)');
  return {
    issuer,
    audience: audience ?? '',
    jwksCooldownSeconds: int(env, 'OIDC_JWKS_COOLDOWN_SECONDS', 30, 1, 3600, problems),
    fetchTimeoutMs: int(env, 'OIDC_FETCH_TIMEOUT_MS', 3000, 100, 60_000, problems),
  };
}

function parseQueryLimits(env: Env, production: boolean, problems: string[]): QueryLimitsConfig {
  return {
    maxCost: int(env, 'QUERY_MAX_COST', 50_000, 1, 10_000_000, problems),
    maxDepth: int(env, 'QUERY_MAX_DEPTH', 15, 1, 100, problems),
    maxAliases: int(env, 'QUERY_MAX_ALIASES', 15, 0, 1000, problems),
    maxDirectives: int(env, 'QUERY_MAX_DIRECTIVES', 50, 0, 1000, problems),
    maxTokens: int(env, 'QUERY_MAX_TOKENS', 1000, 50, 100_000, problems),
    fieldSuggestions: bool(env, 'GRAPHQL_FIELD_SUGGESTIONS', !production, problems),
  };
}

function parseRateLimit(env: Env, maxCost: number, problems: string[]): RateLimitConfig {
  const points = int(env, 'RATE_LIMIT_POINTS_PER_MINUTE', 120_000, 0, 1_000_000_000, problems);
  if (points > 0 && points < maxCost) {
    problems.push(
      `RATE_LIMIT_POINTS_PER_MINUTE (${points}) is below QUERY_MAX_COST (${maxCost}): an allowed query could never run; raise it or set 0 to disable rate limiting`,
    );
  }
  return {
    points,
    windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600, problems),
    keyPrefix: env.RATE_LIMIT_KEY_PREFIX || 'csp-partner-graph:rate:',
    trustProxy: bool(env, 'TRUST_PROXY', false, problems),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const rawEnv = env.NODE_ENV || 'development';
  if (!['development', 'production', 'test'].includes(rawEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${rawEnv}")`);
  }
  const nodeEnv = (
    ['development', 'production', 'test'].includes(rawEnv) ? rawEnv : 'development'
  ) as NodeEnv;
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 4000, 0, 65535, problems);
  const database = parseDatabase(env, problems);
  const auth = parseAuth(env, nodeEnv, problems);
  const queryLimits = parseQueryLimits(env, production, problems);
  const rateLimit = parseRateLimit(env, queryLimits.maxCost, problems);
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis://');
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp://');
  const config: Config = {
    nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    database,
    databaseConnectAttempts: int(env, 'DB_CONNECT_ATTEMPTS', 30, 1, 10_000, problems),
    auth,
    queryLimits,
    rateLimit,
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', !production, problems),
    sandbox: bool(env, 'GRAPHQL_SANDBOX', !production, problems),
    migrateOnStart: bool(env, 'DB_MIGRATE_ON_START', true, problems),
    seedEmptyDatabase: bool(env, 'SEED_EMPTY_DATABASE', database.type === 'sqlite', problems),
    redisUrl,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'CSP Partner Graph <no-reply@csp-partner-graph.local>',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    logQueries: bool(env, 'LOG_SQL', false, problems),
    reportSqlCount: bool(env, 'REPORT_SQL_COUNT', !production, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
