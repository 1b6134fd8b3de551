import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readFeedItems } from "../../src/intake/feed-items.js";
import type { FetchedPage } from "../../src/intake/fetch-page.js";
import { mentionsAny, zoneKeywords } from "../../src/intake/keywords.js";
import { readListingLinks } from "../../src/intake/listing-links.js";
import { parseEvery } from "../../src/intake/sources-file.js";
import { atomFeed, fixture, rssFeed } from "./feed-server.js";

/** Reading what a watched source lists: feeds of each kind and encoding, listing pages, keywords. Synthetic data. */

const page = (
  body: string | Uint8Array,
  url = "http://example.org/feeds/news.xml",
  charset?: string,
): FetchedPage => ({
  requestedUrl: url,
  url,
  bytes: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/xml",
  ...(charset ? { charset } : {}),
  fetchedAt: "2025-03-20T08:00:00.000Z",
});

const ITEM = {
  title: "示例高新区科创孵化器二期投入使用",
  link: "/news/a1.html",
  summary: "新增孵化面积。",
  date: "2025-03-02",
};

describe("readFeedItems", () => {
  it("reads RSS 2.0 and Atom, links resolved against the feed's url", async () => {
    for (const feed of [rssFeed("示例日报", [ITEM]), atomFeed("示例日报", [ITEM])]) {
      expect(await readFeedItems(page(feed))).toEqual([
        {
          url: "http://example.org/news/a1.html",
          title: ITEM.title,
          text: `${ITEM.title}\n${ITEM.summary}`,
        },
      ]);
    }
  });

  it("reads RSS 1.0 (RDF)", async () => {
    const rdf = `<?xml version="1.0" encoding="utf-8"?>
<!-- SYNTHETIC TEST DATA: fictional zone -->
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="http://example.org/"><title>示例日报</title><link>http://example.org/</link></channel>
  <item rdf:about="http://example.org/news/a4.html">
    <title>示例高新区组团参加示例省科技成果博览会</title>
    <link>http://example.org/news/a4.html</link>
    <description>签订技术合作协议11项。</description>
  </item>
</rdf:RDF>`;
    const [item] = await readFeedItems(page(rdf));
    expect(item).toMatchObject({
      url: "http://example.org/news/a4.html",
      title: "示例高新区组团参加示例省科技成果博览会",
    });
  });

  it("decodes a GBK feed by its XML declaration, or by the server's charset", async () => {
    const declared = iconv.encode(
      rssFeed("示例日报", [ITEM]).replace('encoding="utf-8"', 'encoding="gbk"'),
      "gbk",
    );
    const undeclared = iconv.encode(rssFeed("示例日报", [ITEM]).replace(' encoding="utf-8"', ""), "gbk");
    expect((await readFeedItems(page(declared)))[0]?.title).toBe(ITEM.title);
    expect((await readFeedItems(page(undeclared, undefined, "gbk")))[0]?.title).toBe(ITEM.title);
  });

  it("drops items without an http(s) link, and says when the text is no feed", async () => {
    const feed = rssFeed("示例日报", [{ ...ITEM, link: "javascript:alert(1)" }]).replace(
      /<guid[^<]*<\/guid>/,
      "",
    );
    expect(await readFeedItems(page(feed))).toEqual([]);
    await expect(readFeedItems(page("<html><body>首页</body></html>"))).rejects.toThrow(
      /^http:\/\/example\.org\/feeds\/news\.xml: not a feed/,
    );
  });
});

describe("readListingLinks", () => {
  it("takes the selected links only, resolved against the page, with their text and title", () => {
    const items = readListingLinks(
      page(fixture("listing.html"), "http://example.org/list/index.html"),
      "ul.news-list a",
    );
    expect(items.map((i) => i.url)).toEqual([
      "http://example.org/news/a3.html",
      "http://example.org/news/a6.html",
      "http://example.org/news/u2.html",
    ]);
    expect(items[0]?.text).toContain("示例高新区科创大道东延工程开工"); // from the title attribute
  });

  it("honours <base href> and finds the link inside a selected element", () => {
    const html = `<html><head><base href="http://example.net/archive/"></head>
      <body><div class="item"><h3><a href="2025/a6.html">示例高新区首家城市书房开放</a></h3></div></body></html>`;
    const items = readListingLinks(page(html, "http://example.org/list/"), "div.item");
    expect(items.map((i) => i.url)).toEqual(["http://example.net/archive/2025/a6.html"]);
  });
});

describe("keywords", () => {
  it("defaults to the zone file's names, aliases and English names", async () => {
    const words = await zoneKeywords("tests/fixtures/zone-kb/zone.json");
    expect(words).toEqual(
      expect.arrayContaining(["示例高新区", "示例高新", "示例高新技术产业开发区", "Shili HTZ"]),
    );
    expect(words).not.toContain("示例市"); // the city alone is not the zone
  });

  it("matches folded: case, traditional characters, full-width letters; [] matches everything", () => {
    expect(mentionsAny("示例高新區組團參展", ["示例高新区"])).toBe(true);
    expect(mentionsAny("ＳＨＩＬＩ ＨＴＺ news", ["Shili HTZ"])).toBe(true);
    expect(mentionsAny("样本市春季花卉展开幕", ["示例高新区"])).toBe(false);
    expect(mentionsAny("样本市春季花卉展开幕", [])).toBe(true);
  });

  it("names the zone file it cannot read", async () => {
    await expect(zoneKeywords("tests/fixtures/no-such-zone.json")).rejects.toThrow(
      "tests/fixtures/no-such-zone.json: cannot read the zone file (ENOENT)",
    );
  });
});

describe("every", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
  ])("%s → %d ms", (text, ms) => {
    expect(parseEvery(text)).toBe(ms);
  });
});
