/**
 * Requests to one site, one at a time and spaced out: a small site's server (many park and government sites are
 * small) should never notice the bot. Sites are told apart by origin (scheme, host and port), the unit robots.txt
 * speaks for; different sites are asked in parallel.
 */
export class PoliteQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Per origin: a longer delay than the default (robots.txt Crawl-delay). */
  private readonly delays = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    /** Injected so tests never wait. */
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Uses at least `ms` between this origin's requests from now on. */
  slowDown(origin: string, ms: number): void {
    this.delays.set(origin, Math.max(this.delays.get(origin) ?? 0, ms));
  }

  /**
   * Runs `request` after every earlier request to the url's origin has finished, and — when there was one —
   * after the delay. A failed request still holds its turn and its delay.
   */
  run<T>(url: string, request: () => Promise<T>): Promise<T> {
    const origin = new URL(url).origin;
    const previous = this.tails.get(origin);
    const run = (async () => {
      if (previous) {
        await previous.catch(() => {});
        await this.sleep(Math.max(this.delayMs, this.delays.get(origin) ?? 0));
      }
      return request();
    })();
    this.tails.set(origin, run);
    return run;
  }
}

/** Waits for real: what runs outside tests. */
export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
