import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FETCH_POLICY, FetchError, type FetchPolicy } from "../../src/intake/fetch-page.js";
import { PoliteQueue } from "../../src/intake/polite-queue.js";
import { RobotsRules, RobotsUnavailable } from "../../src/intake/robots.js";
import { type Site, startSite } from "./feed-server.js";

/** One request at a time per site, spaced out; robots.txt read once per run and obeyed. No real waits. */

const POLICY: FetchPolicy = { ...DEFAULT_FETCH_POLICY, allowPrivate: ["127.0.0.1"], timeoutMs: 2000 };

describe("PoliteQueue", () => {
  it("runs one request at a time per origin with a pause between, and origins side by side", async () => {
    const sleeps: number[] = [];
    const queue = new PoliteQueue(1000, async (ms) => {
      sleeps.push(ms);
    });
    const events: string[] = [];
    let release: () => void = () => {};
    const first = queue.run("http://a.example/1", async () => {
      events.push("a1 start");
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      events.push("a1 end");
    });
    const second = queue.run("http://a.example/2", async () => {
      events.push("a2 start");
    });
    const other = queue.run("http://b.example/1", async () => {
      events.push("b1 start");
    });
    await other;
    expect(events).toEqual(["a1 start", "b1 start"]); // b did not wait for a
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["a1 start", "b1 start", "a1 end", "a2 start"]);
    expect(sleeps).toEqual([1000]);
  });

  it("keeps the turn and the pause after a failed request", async () => {
    const sleeps: number[] = [];
    const queue = new PoliteQueue(500, async (ms) => {
      sleeps.push(ms);
    });
    queue.slowDown("http://a.example", 3000);
    const failed = queue.run("http://a.example/1", async () => {
      throw new Error("down");
    });
    const next = queue.run("http://a.example/2", async () => "ok");
    await expect(failed).rejects.toThrow("down");
    expect(await next).toBe("ok");
    expect(sleeps).toEqual([3000]); // the longer of the default and the site's Crawl-delay
  });
});

describe("RobotsRules", () => {
  let site: Site;
  let sleeps: number[];
  let queue: PoliteQueue;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site.close();
  });
  beforeEach(() => {
    site.routes.clear();
    site.requests.length = 0;
    sleeps = [];
    queue = new PoliteQueue(1000, async (ms) => {
      sleeps.push(ms);
    });
  });

  it("obeys the group for its User-Agent, reads robots.txt once, and slows down for Crawl-delay", async () => {
    site.routes.set("/robots.txt", {
      type: "text/plain",
      body: "User-agent: otherbot\nDisallow: /\n\nUser-agent: parkbot\nDisallow: /drafts/\nCrawl-delay: 5\n",
    });
    const robots = new RobotsRules(POLICY, queue);
    expect(await robots.allows(`${site.base}/news/a1.html`)).toBe(true);
    expect(await robots.allows(`${site.base}/drafts/a1.html`)).toBe(false);
    expect(site.paths()).toEqual(["/robots.txt"]);
    await queue.run(`${site.base}/news/a1.html`, async () => {});
    expect(sleeps).toEqual([5000]);
  });

  it("allows everything when there is no robots.txt (404) or the site answers it with a web page", async () => {
    expect(await new RobotsRules(POLICY, queue).allows(`${site.base}/anything`)).toBe(true);
    site.routes.set("/robots.txt", { type: "text/html", body: "<html><body>首页</body></html>" });
    expect(await new RobotsRules(POLICY, queue).allows(`${site.base}/anything`)).toBe(true);
  });

  it("leaves a site alone for the run when its robots.txt fails (5xx), asking only once", async () => {
    site.routes.set("/robots.txt", { status: 503, type: "text/plain", body: "busy" });
    const robots = new RobotsRules(POLICY, queue);
    await expect(robots.allows(`${site.base}/a`)).rejects.toBeInstanceOf(RobotsUnavailable);
    await expect(robots.allows(`${site.base}/b`)).rejects.toThrow(/robots\.txt unreadable.*HTTP 503/);
    expect(site.paths()).toEqual(["/robots.txt"]);
  });

  it("passes on the policy's refusal of a private address, which no retry changes", async () => {
    const robots = new RobotsRules({ ...POLICY, allowPrivate: false }, queue);
    const error = await robots.allows(`${site.base}/a`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).reason).toBe("blocked");
    expect(site.requests).toEqual([]);
  });
});
