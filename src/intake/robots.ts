import robotsParserModule from "robots-parser";
import { FetchError, type FetchPolicy, fetchPage } from "./fetch-page.js";
import type { PoliteQueue } from "./polite-queue.js";

// robots-parser's types declare an ES default export, but the package is CommonJS (`module.exports = fn`), so
// under NodeNext the default import is the function itself while TypeScript sees `{ default: fn }`.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** A Crawl-delay longer than this is cut to it: one run must end in reasonable time, however many items. */
const MAX_CRAWL_DELAY_MS = 60_000;

/** A site whose robots.txt could not be read this run: nothing else is asked of it until the next run. */
export class RobotsUnavailable extends Error {
  override name = "RobotsUnavailable";
}

type Rules = { isAllowed(url: string, ua?: string): boolean | undefined } | "allow-all";

/**
 * Each site's robots.txt, read once per run (through the polite queue, like every other request) and obeyed for
 * the policy's User-Agent. No robots.txt (any 4xx) allows everything, as the standard says (RFC 9309 §2.3.1.3);
 * one that cannot be read (5xx, timeout, unreachable) means the site is left alone this run, because its rules
 * are unknown — the standard's "assume complete disallow".
 */
export class RobotsRules {
  private readonly bySite = new Map<string, Promise<Rules>>();

  constructor(
    private readonly policy: FetchPolicy,
    private readonly queue: PoliteQueue,
  ) {}

  /**
   * Whether the url may be fetched; throws RobotsUnavailable when its site's robots.txt could not be read, and the
   * FetchError when the policy refuses the site itself (a private address).
   */
  async allows(url: string): Promise<boolean> {
    const origin = new URL(url).origin;
    let rules = this.bySite.get(origin);
    if (!rules) {
      rules = this.read(origin);
      this.bySite.set(origin, rules);
    }
    const found = await rules;
    return found === "allow-all" || found.isAllowed(url, this.policy.userAgent) !== false;
  }

  private async read(origin: string): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`;
    let text: string;
    try {
      const outcome = await this.queue.run(robotsUrl, () =>
        fetchPage(robotsUrl, this.policy, { accept: "robots" }),
      );
      if (outcome.kind !== "fetched") return "allow-all"; // never asked conditionally; a 304 says nothing
      text = new TextDecoder().decode(outcome.page.bytes);
    } catch (error) {
      if (
        error instanceof FetchError &&
        error.status !== undefined &&
        error.status >= 400 &&
        error.status < 500
      )
        return "allow-all";
      // A site answering robots.txt with an HTML page (a catch-all route) has no robots.txt either.
      if (error instanceof FetchError && error.reason === "wrong-type") return "allow-all";
      // A site the policy never fetches from (a private address): that refusal is the answer, for good.
      if (error instanceof FetchError && (error.reason === "blocked" || error.reason === "bad-url"))
        throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new RobotsUnavailable(`robots.txt unreadable, site skipped this run: ${why}`);
    }
    const rules = robotsParser(robotsUrl, text);
    const crawlDelay = rules.getCrawlDelay(this.policy.userAgent);
    if (crawlDelay !== undefined && crawlDelay > 0)
      this.queue.slowDown(origin, Math.min(crawlDelay * 1000, MAX_CRAWL_DELAY_MS));
    return rules;
  }
}
