/** The answer to "may this caller spend `cost` points now?", with what is left of its budget. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Points per window. */
  limit: number;
  /** Points this operation asked for (spent only when allowed). */
  cost: number;
  /** Points left in the current window after this operation. */
  remaining: number;
  /** When the window ends and the budget is full again. */
  resetAt: Date;
}

/**
 * A budget of points per window and key (an organization, or an anonymous caller's address).
 * A refused request spends nothing, so a caller that is over budget recovers at the reset.
 */
export interface RateLimiter {
  consume(key: string, cost: number): Promise<RateLimitDecision>;
  /** Waits (briefly) until a shared store is reachable; never throws. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Whole seconds until the budget is back, at least 1: what `Retry-After` says. */
export function retryAfterSeconds(decision: RateLimitDecision, now = Date.now()): number {
  return Math.max(1, Math.ceil((decision.resetAt.getTime() - now) / 1000));
}
