/** Fixed-window rate limits on the shared state, so every process counts the same window. */
import { AppError } from './errors.js';
import type { SharedState } from './shared-state.js';

export interface RateLimitRule {
  /** A name for the counter family, e.g. 'sms:phone'. */
  name: string;
  limit: number;
  windowMs: number;
}

export class RateLimiter {
  constructor(private readonly state: SharedState) {}

  /** Count one attempt under each rule; throws RATE_LIMITED (with Retry-After) when any is over. */
  async consume(checks: Array<{ rule: RateLimitRule; key: string }>): Promise<void> {
    for (const { rule, key } of checks) {
      const { count, resetMs } = await this.state.hit(`rl:${rule.name}:${key}`, rule.windowMs);
      if (count > rule.limit) {
        const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
        throw new AppError('RATE_LIMITED', { params: { retryAfter }, headers: { 'retry-after': String(retryAfter) } });
      }
    }
  }
}
