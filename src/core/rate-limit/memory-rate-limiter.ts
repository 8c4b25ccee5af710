import type { RateLimitDecision, RateLimiter } from './rate-limiter';

interface Window {
  used: number;
  resetAtMs: number;
}

/** Windows kept before expired ones are swept; keeps memory flat with many anonymous callers. */
const SWEEP_ABOVE = 10_000;

/**
 * Fixed windows in this process's memory: right for a single server (the embedded default)
 * and the fallback when Redis cannot be reached. With several processes each keeps its own
 * budget, so a caller could spend the limit once per process.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async consume(key: string, cost: number): Promise<RateLimitDecision> {
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window || window.resetAtMs <= now) {
      if (this.windows.size >= SWEEP_ABOVE) this.sweep(now);
      window = { used: 0, resetAtMs: now + this.windowMs };
      this.windows.set(key, window);
    }
    const allowed = window.used + cost <= this.limit;
    if (allowed) window.used += cost;
    return {
      allowed,
      limit: this.limit,
      cost,
      remaining: this.limit - window.used,
      resetAt: new Date(window.resetAtMs),
    };
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAtMs <= now) this.windows.delete(key);
  }
}
