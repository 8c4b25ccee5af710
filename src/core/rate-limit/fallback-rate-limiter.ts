import type { Logger } from '../logger';
import type { RateLimitDecision, RateLimiter } from './rate-limiter';

/**
 * When the shared store fails (Redis down, slow or unreachable) requests are neither refused
 * nor held: they are counted against this process's own budget instead, and a warning is
 * logged. With N processes a caller may then spend up to N budgets until Redis is back.
 */
export class FallbackRateLimiter implements RateLimiter {
  private lastWarning = 0;

  constructor(
    private readonly primary: RateLimiter,
    private readonly fallback: RateLimiter,
    private readonly logger: Logger,
  ) {}

  async consume(key: string, cost: number): Promise<RateLimitDecision> {
    try {
      return await this.primary.consume(key, cost);
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarning >= 30_000) {
        this.lastWarning = now;
        this.logger.warn(
          { err: error },
          'rate limiter: shared store unavailable; limiting per process until it is back',
        );
      }
      return this.fallback.consume(key, cost);
    }
  }

  async ready(): Promise<void> {
    await this.primary.ready();
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.fallback.close()]);
  }
}
