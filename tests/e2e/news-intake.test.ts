import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BotProcess,
  type Emulator,
  startBot,
  startEmulator,
  type UserOptions,
  waitUntil,
} from "../helpers/telegram-emulator.js";
import { type FeedItem, fixture, rssFeed, type Site, startSite } from "../intake/feed-server.js";

/**
 * The whole news intake, end to end: the bot process with a watched feed (a loopback site serving synthetic pages
 * about the fictional 示例高新区) and a channel on the Bot API emulator. An admin's /fetch_now stands in for
 * FETCH_CRON. Each new article reaches the channel once, with its cited digest; a repost on another site is merged,
 * not posted again; a fetch with nothing new posts nothing.
 */

const CHANNEL = -100777;
const admin: UserOptions = { userId: 101, chatId: 101 };
const fetchNow = { entities: [{ type: "bot_command", offset: 0, length: 10 }] };

describe("a watched feed, the running bot and a channel", () => {
  let emulator: Emulator;
  let site: Site;
  let mirror: Site;
  let bot: BotProcess;
  let knowledgeDir: string;
  const items: FeedItem[] = [];
  const page = (s: Site, path: string, name: string) =>
    s.routes.set(path, { type: "text/html; charset=utf-8", body: fixture(name) });
  const publish = () =>
    site.routes.set("/rss.xml", { type: "application/rss+xml", body: rssFeed("示例日报", items) });

  beforeAll(async () => {
    emulator = await startEmulator();
    site = await startSite();
    mirror = await startSite();
    knowledgeDir = await mkdtemp(join(tmpdir(), "parkbot-news-e2e-"));
    await mkdir(join(knowledgeDir, "raw"));
    await writeFile(
      join(knowledgeDir, "sources.yaml"),
      `- name: 示例日报\n  feed: ${site.base}/rss.xml\n- name: 转载站\n  feed: ${mirror.base}/rss.xml\n`,
    );
    page(site, "/news/a1.html", "a1-incubator.html");
    page(site, "/news/u1.html", "u1-flower-show.html");
    page(site, "/news/a4.html", "a4-expo.html");
    page(mirror, "/copy/a1.html", "r1-incubator-repost.html");
    mirror.routes.set("/rss.xml", { type: "application/rss+xml", body: rssFeed("转载站", []) });
    items.push(
      {
        title: "示例高新区科创孵化器二期投入使用",
        link: `${site.base}/news/a1.html`,
        summary: "孵化器",
        date: "2025-03-02",
      },
      {
        title: "样本市花卉展开幕",
        link: `${site.base}/news/u1.html`,
        summary: "与园区无关",
        date: "2025-03-03",
      },
    );
    publish();
    bot = await startBot({
      apiRoot: emulator.apiRoot,
      env: {
        KNOWLEDGE_DIR: knowledgeDir,
        ZONE_FILE: "tests/fixtures/zone-kb/zone.json",
        ADMIN_USER_IDS: String(admin.userId),
        DIGEST_CHAT_IDS: String(CHANNEL),
        DIGEST_ON_NEW: "true",
        FETCH_ALLOW_PRIVATE: "true",
        FETCH_DELAY_MS: "0",
      },
    });
  }, 30_000);
  afterAll(async () => {
    await bot?.stop(3000);
    await emulator?.stop();
    await site?.close();
    await mirror?.close();
  });

  const checkNow = async () => {
    const asked = await emulator.send(admin, "/fetch_now", fetchNow);
    const [report] = await emulator.waitForSent(admin.chatId, asked, 1, 15_000);
    return String(report?.text);
  };
  const channelTitles = () =>
    emulator.sent(CHANNEL).map((m) => /<a href="[^"]*">([^<]+)<\/a>/.exec(m.text)?.[1]);

  it("the first check adds the zone's article (not the unrelated one) and the channel gets its cited digest", async () => {
    const report = await checkNow();
    expect(report).toMatch(/^示例日报 — new: 1 new/m);
    expect(report).toMatch(/^added: 示例高新区科创孵化器二期投入使用/m);
    await waitUntil("the digest is posted", () => emulator.sent(CHANNEL).length >= 1, 10_000);
    expect(channelTitles()).toEqual(["示例高新区科创孵化器二期投入使用"]);
    expect(emulator.sent(CHANNEL)[0]?.text).toContain("<blockquote");
    expect(site.paths()).not.toContain("/news/u1.html");
  });

  it("the bot answers from the new article at once", async () => {
    const asked = await emulator.send(admin, "示例高新区科创孵化器二期新增孵化面积多少?");
    const [answer] = await emulator.waitForSent(admin.chatId, asked, 1, 10_000);
    expect(answer?.text).toContain("2.4万平方米");
  });

  it("a second check adds and posts nothing", async () => {
    const report = await checkNow();
    expect(report).not.toMatch(/^added:/m);
    await new Promise((r) => setTimeout(r, 300));
    expect(emulator.sent(CHANNEL)).toHaveLength(1);
  });

  it("the feed gains an item: exactly that article is added and posted once; a repost elsewhere is merged", async () => {
    items.push({
      title: "示例高新区举办新兴产业博览会",
      link: `${site.base}/news/a4.html`,
      summary: "博览会",
      date: "2025-04-01",
    });
    publish();
    mirror.routes.set("/rss.xml", {
      type: "application/rss+xml",
      body: rssFeed("转载站", [
        {
          title: "示例高新区科创孵化器二期投入使用（转载）",
          link: `${mirror.base}/copy/a1.html`,
          summary: "转载",
          date: "2025-03-04",
        },
      ]),
    });
    const report = await checkNow();
    expect(report.match(/^added: /gm)).toHaveLength(1);
    expect(report).toMatch(/^added: 示例高新区组团参加示例省科技成果博览会/m);
    expect(report).toMatch(/^转载站 — unchanged$/m);
    await waitUntil("the new digest is posted", () => emulator.sent(CHANNEL).length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(channelTitles()).toEqual([
      "示例高新区科创孵化器二期投入使用",
      "示例高新区组团参加示例省科技成果博览会",
    ]);
    expect(mirror.paths()).toContain("/copy/a1.html");
  });
});

describe("FETCH_CRON in the running bot", () => {
  it("checks the sources on its schedule and posts the new article once", async () => {
    const emulator = await startEmulator();
    const site = await startSite();
    const knowledgeDir = await mkdtemp(join(tmpdir(), "parkbot-cron-e2e-"));
    await mkdir(join(knowledgeDir, "raw"));
    await writeFile(join(knowledgeDir, "sources.yaml"), `- name: 示例日报\n  feed: ${site.base}/rss.xml\n`);
    site.routes.set("/news/a5.html", { type: "text/html; charset=utf-8", body: fixture("a5-loan.html") });
    const item = {
      title: "示例高新区贷款",
      link: `${site.base}/news/a5.html`,
      summary: "",
      date: "2025-05-01",
    };
    site.routes.set("/rss.xml", { type: "application/rss+xml", body: rssFeed("示例日报", [item]) });
    const bot = await startBot({
      apiRoot: emulator.apiRoot,
      env: {
        KNOWLEDGE_DIR: knowledgeDir,
        ZONE_FILE: "tests/fixtures/zone-kb/zone.json",
        DIGEST_CHAT_IDS: String(CHANNEL),
        DIGEST_ON_NEW: "true",
        FETCH_CRON: "* * * * * *", // every second
        FETCH_ALLOW_PRIVATE: "true",
        FETCH_DELAY_MS: "0",
      },
    });
    try {
      expect(bot.startLine).toContain('sources checked on "* * * * * *"');
      await waitUntil(
        "the scheduled fetch posts the digest",
        () => emulator.sent(CHANNEL).length >= 1,
        10_000,
      );
      await new Promise((r) => setTimeout(r, 2500)); // two more scheduled checks
      expect(emulator.sent(CHANNEL)).toHaveLength(1);
    } finally {
      await bot.stop(3000);
      await emulator.stop();
      await site.close();
    }
  }, 30_000);
});
