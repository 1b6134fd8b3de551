import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from "../../src/intake/fetch-page.js";
import { zoneKeywords } from "../../src/intake/keywords.js";
import { checkSources, sourceStatuses, type WatchOptions, type WatchReport } from "../../src/intake/watch.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { Logger } from "../../src/log.js";
import { runCli, TIMEOUT_MS } from "../cli/run-cli.js";
import {
  atomFeed,
  closedPort,
  type FeedItem,
  fixture,
  gbkFixture,
  rssFeed,
  type Site,
  startSite,
} from "./feed-server.js";

/**
 * checkSources against loopback sites serving synthetic feeds, listing pages and articles about the fictional
 * zone of tests/fixtures/zone-kb (pages in tests/fixtures/feeds). No test reaches the internet, and none waits
 * for a polite delay: `sleep` is injected and only records what it was asked to wait.
 */

vi.setConfig({ testTimeout: 30_000 });

const ZONE_FILE = fileURLToPath(new URL("../fixtures/zone-kb/zone.json", import.meta.url));
const POLICY: FetchPolicy = {
  ...DEFAULT_FETCH_POLICY,
  allowPrivate: ["127.0.0.1"],
  timeoutMs: 500,
  maxBytes: 64 * 1024,
};
const T0 = new Date("2025-03-20T08:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const HTML = "text/html; charset=utf-8";
const ROBOTS_A = "User-agent: *\nDisallow: /private/\n";

let knowledgeDir: string;
let dataDir: string;
let keywords: string[];
let clock: Date;
let sleeps: number[];
let logged: string[];

beforeAll(async () => {
  keywords = await zoneKeywords(ZONE_FILE);
});
beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), "parkbot-watch-"));
  knowledgeDir = join(root, "knowledge");
  dataDir = join(root, "data");
  await mkdir(join(knowledgeDir, "raw"), { recursive: true });
  clock = T0;
  sleeps = [];
  logged = [];
});

afterEach(async () => {
  await rm(join(knowledgeDir, ".."), { recursive: true, force: true });
});

const log: Logger = {
  debug: (m) => logged.push(`debug ${m}`),
  info: (m) => logged.push(`info ${m}`),
  warn: (m) => logged.push(`warn ${m}`),
  error: (m) => logged.push(`error ${m}`),
};

function options(): WatchOptions {
  return {
    knowledgeDir,
    dataDir,
    policy: POLICY,
    keywords,
    log,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    politeDelayMs: 250,
  };
}

async function writeSourcesYaml(text: string): Promise<void> {
  await writeFile(join(knowledgeDir, "sources.yaml"), `# SYNTHETIC TEST DATA (fictional zone)\n${text}`);
}

const check = (report: WatchReport, name: string) => {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check for ${name}`);
  return found;
};
const inputs = (report: WatchReport) => report.added.map((o) => o.input).sort();

describe("checkSources on loopback sites", () => {
  let a: Site;
  let b: Site;
  let downPort: number;
  const item = (site: () => Site, path: string, title: string, summary: string, date: string): FeedItem => ({
    get link() {
      return `${site().base}${path}`;
    },
    title,
    summary,
    date,
  });
  const A = () => a;
  const B = () => b;
  const A1 = item(
    A,
    "/news/a1.html",
    "示例高新区科创孵化器二期投入使用",
    "新增孵化面积2.4万平方米。",
    "2025-03-02",
  );
  const A2 = item(
    A,
    "/news/a2.html",
    "人才安居新政发布",
    "示例高新区对新引进的博士给予住房补贴。",
    "2025-03-05",
  );
  const U1 = item(A, "/news/u1.html", "样本市春季花卉展开幕", "展出花卉品种三百余个。", "2025-03-04");
  const A7 = item(A, "/private/a7.html", "示例高新区内部工作安排", "仅供测试。", "2025-03-14");
  // English, whatever the case: the zone file's English names are keywords too.
  const A5 = item(
    A,
    "/news/a5.html",
    "SHILI HIGH-TECH ZONE doubles its loan fund",
    "风险补偿资金池扩容。",
    "2025-03-18",
  );
  // Traditional characters: 示例高新區 matches the keyword 示例高新区.
  const A4 = item(B, "/go/a4", "示例高新區組團參加科技成果博覽會", "簽訂技術合作協議11項。", "2025-03-10");
  const U3 = item(B, "/news/u3.html", "样本江大桥维修完成恢复通行", "桥面铺装全部更换。", "2025-03-09");
  const R1 = item(B, "/repost/a1.html", "示例高新区科创孵化器二期投入使用", "转载。", "2025-03-03");

  beforeAll(async () => {
    [a, b] = await Promise.all([startSite(), startSite()]);
    downPort = await closedPort();
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  beforeEach(async () => {
    for (const site of [a, b]) {
      site.routes.clear();
      site.requests.length = 0;
      site.maxInFlight = 0;
    }
    a.routes.set("/robots.txt", { type: "text/plain", body: ROBOTS_A });
    a.routes.set("/rss.xml", {
      type: "application/rss+xml",
      etag: '"v1"',
      body: rssFeed("示例日报", [A1, A2, U1, A7]),
    });
    a.routes.set("/list/index.html", { type: HTML, body: fixture("listing.html") });
    a.routes.set("/broken.xml", { status: 500, type: "text/plain", body: "internal error" });
    a.routes.set("/news/a1.html", { type: HTML, body: fixture("a1-incubator.html") });
    a.routes.set("/news/a2.html", { type: "text/html; charset=gbk", body: gbkFixture("a2-talent-gbk.html") });
    a.routes.set("/news/a3.html", { type: "text/html", body: gbkFixture("a3-road-gbk.html") });
    a.routes.set("/news/a5.html", { type: HTML, body: fixture("a5-loan.html") });
    a.routes.set("/news/a6.html", { type: HTML, body: fixture("a6-library.html") });
    a.routes.set("/news/u1.html", { type: HTML, body: fixture("u1-flower-show.html") });
    a.routes.set("/news/u2.html", { type: HTML, body: fixture("u2-marathon.html") });
    a.routes.set("/private/a7.html", { type: HTML, body: fixture("a7-private.html") });
    // Site B has no robots.txt (404): everything allowed.
    b.routes.set("/atom.xml", {
      type: "application/atom+xml",
      etag: '"w1"',
      body: atomFeed("样本新闻网", [A4, U3]),
    });
    b.routes.set("/go/a4", { redirect: "/news/a4.html" });
    b.routes.set("/news/a4.html", { type: HTML, body: fixture("a4-expo.html") });
    b.routes.set("/news/u3.html", { type: HTML, body: fixture("u3-bridge.html") });
    b.routes.set("/repost/a1.html", { type: HTML, body: fixture("r1-incubator-repost.html") });
    b.routes.set("/hourly.xml", { type: "application/rss+xml", body: rssFeed("每小时", [U3]) });
    await writeSourcesYaml(`sources:
  - name: 示例日报
    feed: ${a.base}/rss.xml
  - name: 管委会动态
    page: ${a.base}/list/index.html
    links: ul.news-list a
  - name: 样本新闻网
    feed: ${b.base}/atom.xml
  - name: 坏掉的源
    feed: ${a.base}/broken.xml
  - name: 关掉的站
    feed: http://127.0.0.1:${downPort}/feed.xml
  - name: 每小时
    feed: ${b.base}/hourly.xml
    every: 1h
`);
  });

  it("adds exactly the zone's new articles, then nothing, then what a feed gains; reposts merge; failures back off", async () => {
    // Run 1: every source checked once.
    const first = await checkSources(options());
    expect(inputs(first)).toEqual(
      [
        `${a.base}/news/a1.html`,
        `${a.base}/news/a2.html`,
        `${a.base}/news/a3.html`,
        `${a.base}/news/a6.html`,
        `${b.base}/news/a4.html`, // where the feed's /go/a4 redirected
      ].sort(),
    );
    expect(first.checks.map((c) => [c.name, c.status])).toEqual([
      ["示例日报", "new"],
      ["管委会动态", "new"],
      ["样本新闻网", "new"],
      ["坏掉的源", "failed"],
      ["关掉的站", "failed"],
      ["每小时", "unchanged"],
    ]);
    expect(check(first, "坏掉的源").error).toMatch(/HTTP 500/);
    expect(check(first, "关掉的站").error).toMatch(/robots\.txt unreadable.*unreachable/);

    // The knowledge base has the five articles, GBK pages decoded right with and without a charset header.
    const titles = (await loadKnowledge(knowledgeDir)).map((article) => article.title).sort();
    expect(titles).toEqual(
      [
        "示例高新区科创孵化器二期投入使用",
        "示例高新区发布人才安居新政",
        "示例高新区科创大道东延工程开工",
        "示例高新区首家城市书房开放",
        "示例高新区组团参加示例省科技成果博览会",
      ].sort(),
    );

    // Unrelated items, the nav's zone links and the robots.txt-disallowed path were never requested.
    const everything = [...a.paths(), ...b.paths()];
    for (const path of ["/news/u1.html", "/news/u2.html", "/news/u3.html", "/about/zone.html"])
      expect(everything).not.toContain(path);
    expect(everything.filter((p) => p === "/news/a1.html")).toHaveLength(1); // in the feed and the nav: once
    expect(everything.some((p) => p.startsWith("/private/"))).toBe(false);
    expect(logged.some((line) => line.startsWith("info") && line.includes("/private/a7.html"))).toBe(true);

    // Politeness: robots.txt once per site, one request at a time per site, a delay between them, our User-Agent.
    expect(a.paths().filter((p) => p === "/robots.txt")).toHaveLength(1);
    expect(b.paths().filter((p) => p === "/robots.txt")).toHaveLength(1);
    expect(a.maxInFlight).toBe(1);
    expect(b.maxInFlight).toBe(1);
    // A pause before each request to a site but its first; a redirect hop (/go/a4) belongs to its request.
    const redirects = b.requests.filter((r) => r.status === 302).length;
    expect(sleeps).toHaveLength(a.requests.length - 1 + (b.requests.length - redirects - 1));
    expect(new Set(sleeps)).toEqual(new Set([250]));
    expect(new Set([...a.requests, ...b.requests].map((r) => r.headers["user-agent"]))).toEqual(
      new Set([POLICY.userAgent]),
    );

    // The failing sources are backed off 15 minutes.
    const afterFirst = await sourceStatuses({ knowledgeDir, dataDir });
    const broken = afterFirst.find((s) => s.name === "坏掉的源");
    expect(broken).toMatchObject({
      failures: 1,
      failingSince: T0.toISOString(),
      nextCheckAt: minutes(15).toISOString(),
      lastCheckedAt: T0.toISOString(),
    });
    expect(broken?.lastError).toMatch(/HTTP 500/);
    expect(afterFirst.find((s) => s.name === "示例日报")).toMatchObject({
      failures: 0,
      lastNewAt: T0.toISOString(),
    });
    expect(afterFirst.find((s) => s.name === "每小时")?.nextCheckAt).toBe(minutes(60).toISOString());

    // Run 2, ten minutes later: nothing new; the feeds are asked conditionally and answer 304; the failing and
    // the hourly sources wait, unasked.
    clock = minutes(10);
    a.requests.length = 0;
    b.requests.length = 0;
    const second = await checkSources(options());
    expect(second.added).toEqual([]);
    expect(second.checks.map((c) => [c.name, c.status])).toEqual([
      ["示例日报", "unchanged"],
      ["管委会动态", "unchanged"],
      ["样本新闻网", "unchanged"],
      ["坏掉的源", "waiting"],
      ["关掉的站", "waiting"],
      ["每小时", "waiting"],
    ]);
    const rss = a.requests.find((r) => r.path === "/rss.xml");
    expect(rss?.headers["if-none-match"]).toBe('"v1"');
    expect(rss?.status).toBe(304);
    expect(b.requests.find((r) => r.path === "/atom.xml")?.status).toBe(304);
    expect(a.paths()).not.toContain("/broken.xml");
    expect(b.paths()).not.toContain("/hourly.xml");
    expect(a.paths().filter((p) => p.startsWith("/news/"))).toEqual([]); // the listing's links were all seen

    // Run 3: the feed gains one item → exactly that one is added. The failing source is tried again and now
    // waits twice as long.
    clock = minutes(20);
    a.routes.set("/rss.xml", {
      type: "application/rss+xml",
      etag: '"v2"',
      body: rssFeed("示例日报", [A5, A1, A2, U1, A7]),
    });
    const third = await checkSources(options());
    expect(inputs(third)).toEqual([`${a.base}/news/a5.html`]);
    expect(check(third, "示例日报").status).toBe("new");
    expect(check(third, "坏掉的源").status).toBe("failed");
    const afterThird = await sourceStatuses({ knowledgeDir, dataDir });
    expect(afterThird.find((s) => s.name === "坏掉的源")).toMatchObject({
      failures: 2,
      failingSince: T0.toISOString(),
      nextCheckAt: minutes(20 + 30).toISOString(),
    });
    expect(afterThird.find((s) => s.name === "示例日报")?.lastNewTitle).toBe(
      "示例高新区科技贷款风险补偿资金池扩容",
    );

    // Run 4: another site reposts a story already in the knowledge base → merged into it, not added.
    clock = minutes(40);
    b.routes.set("/atom.xml", {
      type: "application/atom+xml",
      etag: '"w2"',
      body: atomFeed("样本新闻网", [R1, A4, U3]),
    });
    const fourth = await checkSources(options());
    expect(fourth.added).toEqual([]);
    const repost = check(fourth, "样本新闻网");
    expect(repost.status).toBe("unchanged");
    expect(repost.added).toHaveLength(1);
    expect(repost.added[0]).toMatchObject({
      input: `${b.base}/repost/a1.html`,
      status: "duplicate",
      article: { title: "示例高新区科创孵化器二期投入使用" },
    });
    expect(await loadKnowledge(knowledgeDir)).toHaveLength(6);
    expect(check(fourth, "坏掉的源").status).toBe("waiting");
  });

  it("does not fetch an item already in knowledge/raw/sources.json", async () => {
    await writeFile(
      join(knowledgeDir, "raw", "sources.json"),
      JSON.stringify({ "000_old.txt": { url: `${a.base}/news/a1.html#top` } }),
    );
    await writeSourcesYaml(`- name: 示例日报\n  feed: ${a.base}/rss.xml\n`);
    const report = await checkSources(options());
    expect(inputs(report)).toEqual([`${a.base}/news/a2.html`]);
    expect(a.paths()).not.toContain("/news/a1.html");
  });

  it("takes every item with keywords: [], and only a source's own keywords when it has them", async () => {
    await writeSourcesYaml(`- name: 全部
  feed: ${a.base}/rss.xml
  keywords: []
- name: 只要桥
  feed: ${b.base}/atom.xml
  keywords: [大桥]
`);
    const report = await checkSources(options());
    expect(inputs(report)).toEqual(
      [
        `${a.base}/news/a1.html`,
        `${a.base}/news/a2.html`,
        `${a.base}/news/u1.html`,
        `${b.base}/news/u3.html`,
      ].sort(),
    );
    expect(a.paths()).not.toContain("/private/a7.html"); // robots.txt still applies
  });

  it("reads a state file it cannot parse as empty, with a warning, and carries on", async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, "sources-state.json"), "{ not json");
    await writeSourcesYaml(`- name: 示例日报\n  feed: ${a.base}/rss.xml\n`);
    const report = await checkSources(options());
    expect(report.added).toHaveLength(2);
    expect(logged.some((line) => line.startsWith("warn") && line.includes("sources-state.json"))).toBe(true);
    const state = JSON.parse(await readFile(join(dataDir, "sources-state.json"), "utf8"));
    expect(state.sources.示例日报.etag).toBe('"v1"');
  });
});

describe("checkSources and the fetch policy's limits", () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site.close();
  });

  it("reports a slow and a huge page and a 404, adds the rest, and retries only the slow one", async () => {
    const zoneItem = (path: string, title: string): FeedItem => ({
      link: `${site.base}${path}`,
      title,
      summary: "示例高新区",
      date: "2025-03-01",
    });
    site.routes.set("/feed.xml", {
      type: "application/rss+xml",
      etag: '"x1"',
      body: rssFeed("限制", [
        zoneItem("/news/slow.html", "慢"),
        zoneItem("/news/huge.html", "大"),
        zoneItem("/news/gone.html", "没了"),
        zoneItem("/news/a1.html", "好"),
      ]),
    });
    site.routes.set("/news/slow.html", { hang: true });
    site.routes.set("/news/huge.html", { streamBytes: 256 * 1024 });
    site.routes.set("/news/a1.html", { type: HTML, body: fixture("a1-incubator.html") });
    await writeSourcesYaml(`- name: 限制\n  feed: ${site.base}/feed.xml\n`);

    const first = await checkSources(options());
    const outcomes = check(first, "限制").added;
    const by = (path: string) => outcomes.find((o) => o.input === `${site.base}${path}`);
    expect(check(first, "限制").status).toBe("new");
    expect(by("/news/a1.html")?.status).toBe("added");
    expect(by("/news/slow.html")).toMatchObject({ status: "unreachable" });
    expect(by("/news/slow.html")?.reason).toMatch(/within 500 ms/);
    expect(by("/news/huge.html")).toMatchObject({ status: "rejected" });
    expect(by("/news/huge.html")?.reason).toMatch(/larger than 65536 bytes/);
    expect(by("/news/gone.html")?.reason).toMatch(/HTTP 404/);

    // The slow page is still owed: the feed's ETag was not kept, so the next check reads the feed in full and
    // asks for the slow page again — and only for it.
    clock = minutes(1);
    site.requests.length = 0;
    const second = await checkSources(options());
    expect(site.requests.find((r) => r.path === "/feed.xml")?.headers["if-none-match"]).toBeUndefined();
    expect(site.paths().filter((p) => p.startsWith("/news/"))).toEqual(["/news/slow.html"]);
    expect(check(second, "限制").added.map((o) => o.status)).toEqual(["unreachable"]);
  });
});

describe("sources.yaml", () => {
  it("means no sources when it is missing", async () => {
    expect(await checkSources(options())).toEqual({ checks: [], added: [] });
    expect(await sourceStatuses({ knowledgeDir, dataDir })).toEqual([]);
  });

  it("is an error naming the file when it is not YAML", async () => {
    await writeSourcesYaml("sources:\n  - name: [unclosed\n");
    await expect(checkSources(options())).rejects.toThrow(
      `${join(knowledgeDir, "sources.yaml")}: invalid YAML`,
    );
  });

  it.each([
    ["- name: 甲\n  feed: ftp://example.org/feed.xml\n", 'sources[0] "甲": feed: must be an http(s) url'],
    ["- name: 甲\n  page: https://example.org/news/\n", 'sources[0] "甲": links: a page needs links'],
    ["- name: 甲\n  feed: https://example.org/a.xml\n  page: https://example.org/\n", "give either feed"],
    [
      "- name: 甲\n  feed: https://example.org/a.xml\n  every: soon\n",
      'sources[0] "甲": every: must be a number and a unit',
    ],
    [
      "- name: 甲\n  page: https://example.org/\n  links: 'ul[['\n",
      'sources[0] "甲": links: must be a CSS selector',
    ],
    ["- feed: https://example.org/a.xml\n", "sources[0]: name:"],
    [
      "- name: 甲\n  feed: https://example.org/a.xml\n  colour: red\n",
      'sources[0] "甲": (root): Unrecognized key: "colour"',
    ],
    [
      "- name: 甲\n  feed: https://example.org/a.xml\n- name: 甲\n  feed: https://example.org/b.xml\n",
      'sources[1] "甲": name: already used by sources[0]',
    ],
    ["name: 甲\n", "must be a list of sources"],
  ])("names the file and the entry: %j", async (yaml, message) => {
    await writeSourcesYaml(yaml);
    const error = await checkSources(options()).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message.startsWith(`${join(knowledgeDir, "sources.yaml")}: `)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it("refuses knowledge/sources.json, which the bot would load as an article", async () => {
    await writeFile(join(knowledgeDir, "sources.json"), "[]");
    await expect(sourceStatuses({ knowledgeDir, dataDir })).rejects.toThrow(
      `${join(knowledgeDir, "sources.json")}: the knowledge folder's *.json files are articles`,
    );
  });

  it("accepts the list as JSON inside sources.yaml, and every in s, m, h or d", async () => {
    await writeSourcesYaml(
      JSON.stringify({ sources: [{ name: "甲", feed: "https://example.org/a.xml", every: "2h" }] }),
    );
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      join(dataDir, "sources-state.json"),
      JSON.stringify({
        version: 1,
        sources: {
          甲: { url: "https://example.org/a.xml", lastCheckedAt: T0.toISOString(), seen: [], failures: 0 },
        },
      }),
    );
    // Within `every` of the last check: waiting, and no request made (example.org is not even allowed here).
    clock = minutes(90);
    const report = await checkSources(options());
    expect(report.checks).toEqual([
      { name: "甲", url: "https://example.org/a.xml", status: "waiting", added: [] },
    ]);
    expect(await sourceStatuses({ knowledgeDir, dataDir })).toEqual([
      {
        name: "甲",
        url: "https://example.org/a.xml",
        lastCheckedAt: T0.toISOString(),
        failures: 0,
        nextCheckAt: minutes(120).toISOString(),
      },
    ]);
  });
});

describe("parkbot fetch", () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite();
    site.routes.set("/feed.xml", {
      type: "application/rss+xml",
      etag: '"c1"',
      body: rssFeed("示例日报", [
        {
          link: `${site.base}/news/a6.html`,
          title: "示例高新区首家城市书房开放",
          summary: "",
          date: "2025-03-12",
        },
      ]),
    });
    site.routes.set("/news/a6.html", { type: HTML, body: fixture("a6-library.html") });
  });
  afterAll(async () => {
    await site.close();
  });
  const env = () => ({
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: dataDir,
    FETCH_ALLOW_PRIVATE: "true",
    FETCH_DELAY_MS: "0",
    ZONE_FILE: "tests/fixtures/zone-kb/zone.json",
  });

  it(
    "prints a line per source and what it added, exit 0; exit 1 once a source fails",
    async () => {
      await writeSourcesYaml(`- name: 示例日报\n  feed: ${site.base}/feed.xml\n`);
      const ok = await runCli(["fetch"], { env: env() });
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      expect(ok.stdout).toBe(
        "示例日报: new\n" +
          `  added: 示例高新区首家城市书房开放 (示例高新区管委会, 2025-03-12, 3 sentences) — ${site.base}/news/a6.html\n`,
      );

      const port = await closedPort();
      await writeSourcesYaml(
        `- name: 示例日报\n  feed: ${site.base}/feed.xml\n- name: 关掉的站\n  feed: http://127.0.0.1:${port}/feed.xml\n`,
      );
      const failed = await runCli(["fetch", "--json"], { env: env() });
      expect(failed.code).toBe(1);
      const report = JSON.parse(failed.stdout) as WatchReport;
      expect(report.checks.map((c) => [c.name, c.status])).toEqual([
        ["示例日报", "unchanged"],
        ["关掉的站", "failed"],
      ]);
      expect(failed.stderr).toMatch(/^warn 关掉的站: robots\.txt unreadable/m);

      // Backed off now: waiting is not failing.
      const plain = await runCli(["fetch"], { env: env() });
      expect(plain.code).toBe(0);
      expect(plain.stdout).toBe("示例日报: unchanged\n关掉的站: waiting\n");
    },
    TIMEOUT_MS * 3,
  );
});
