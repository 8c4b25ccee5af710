import Redis from 'ioredis';
import type { Logger } from '../logger';
import type { RateLimitDecision, RateLimiter } from './rate-limiter';

/**
 * One atomic step per operation, so that any number of server processes share one budget:
 * read what the window has used, refuse without spending when the cost does not fit, else
 * spend it. The window starts with the first spend and lasts `windowMs` (the key's TTL).
 * Returns {allowed (0/1), used after the step, ms until the window ends}.
 */
const CONSUME_SCRIPT = `
local limit = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  used = 0
  ttl = window
end
if used + cost > limit then
  return {0, used, ttl}
end
if used == 0 then
  redis.call('SET', KEYS[1], cost, 'PX', ttl)
else
  redis.call('INCRBY', KEYS[1], cost)
end
return {1, used + cost, ttl}
`;

interface WithConsume {
  consumeRateBudget(
    key: string,
    limit: number,
    cost: number,
    windowMs: number,
  ): Promise<[number, number, number]>;
}

/** How long start-up waits for Redis before serving with the in-memory fallback. */
const READY_TIMEOUT_MS = 2000;

/**
 * The budget in Redis (REDIS_URL), shared by every server process. Commands are never queued
 * while Redis is away and time out quickly: the caller (FallbackRateLimiter) then decides.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis & WithConsume;
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    }) as Redis & WithConsume;
    this.redis.defineCommand('consumeRateBudget', { numberOfKeys: 1, lua: CONSUME_SCRIPT });
    // An unhandled 'error' event would end the process; reconnecting is ioredis's job.
    this.redis.on('error', (error: Error) => this.warn(error));
  }

  async consume(key: string, cost: number): Promise<RateLimitDecision> {
    const [allowed, used, ttl] = await this.redis.consumeRateBudget(
      this.keyPrefix + key,
      this.limit,
      cost,
      this.windowMs,
    );
    return {
      allowed: Number(allowed) === 1,
      limit: this.limit,
      cost,
      remaining: this.limit - Number(used),
      resetAt: new Date(Date.now() + Number(ttl)),
    };
  }

  async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, READY_TIMEOUT_MS);
      this.redis.once('ready', done);
    });
    const status: string = this.redis.status;
    if (status !== 'ready') {
      this.logger.warn(
        { status },
        'rate limiter: Redis is not reachable yet; each process limits on its own until it is',
      );
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  /** Connection trouble is logged at most every 30 s, not once per request. */
  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    this.logger.warn({ err: error }, 'rate limiter: Redis connection problem');
  }
}
