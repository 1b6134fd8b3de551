/**
 * Per-user sliding window: at most `limit` questions in any `windowMs`. Memory stays bounded: a user's entry is
 * dropped once all their timestamps have aged out.
 */
export class RateLimiter {
  private readonly hits = new Map<number, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a question and says whether it may be answered; when not, how many seconds until it may. */
  take(userId: number): { allowed: true } | { allowed: false; retryInSeconds: number } {
    const now = this.now();
    const recent = (this.hits.get(userId) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(userId, recent);
      const oldest = recent[0] ?? now;
      return {
        allowed: false,
        retryInSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.hits.set(userId, recent);
    if (this.hits.size > 10_000) this.sweep(now);
    return { allowed: true };
  }

  private sweep(now: number): void {
    for (const [user, times] of this.hits)
      if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(user);
  }
}
