import type { Logger } from '../logger';
import type { Config } from '../../config/config';
import { FallbackRateLimiter } from './fallback-rate-limiter';
import { MemoryRateLimiter } from './memory-rate-limiter';
import type { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

/**
 * The rate limiter the configuration asks for: none when RATE_LIMIT_POINTS_PER_MINUTE is 0,
 * Redis (shared by all processes, per-process fallback) when REDIS_URL is set, else memory.
 */
export function createRateLimiter(config: Config, logger: Logger): RateLimiter | undefined {
  const { points, windowSeconds, keyPrefix } = config.rateLimit;
  if (points === 0) return undefined;
  const windowMs = windowSeconds * 1000;
  const memory = new MemoryRateLimiter(points, windowMs);
  if (!config.redisUrl) return memory;
  const redis = new RedisRateLimiter(config.redisUrl, points, windowMs, keyPrefix, logger);
  return new FallbackRateLimiter(redis, memory, logger);
}
