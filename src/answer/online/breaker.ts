/**
 * Skips the model for a while after repeated failures, so users don't each wait out a dead endpoint's timeout.
 * Closed → (N failures in a row) → open for `cooldownMs` → one trial call; success closes it, failure reopens.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;

  constructor(
    private readonly failuresToOpen: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** False while open. After the cooldown one call is let through (half-open). */
  canCall(): boolean {
    return this.now() >= this.openUntil;
  }

  success(): void {
    this.consecutive = 0;
    this.openUntil = 0;
  }

  /** Records a failure; true when this failure opened the breaker. */
  failure(): boolean {
    this.consecutive++;
    if (this.consecutive < this.failuresToOpen) return false;
    const wasOpen = this.openUntil > 0;
    this.openUntil = this.now() + this.cooldownMs;
    return !wasOpen;
  }
}
