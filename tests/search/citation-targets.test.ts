import { beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import type { Article, SentenceFlag } from "../../src/knowledge/article.js";
import { type Lexicon, loadLexicon } from "../../src/search/lexicon.js";
import { citationTargets, SentenceIndex } from "../../src/search/sentence-index.js";

/**
 * Which sentences may be cited, over several small articles written inline. All synthetic, about the
 * fictional 示例高新区 — no real facts.
 */
function article(
  id: string,
  date: string,
  sentences: Array<string | [string, SentenceFlag[]]>,
  title = `示例高新区消息 ${id}`,
): Article {
  return {
    id,
    title,
    date,
    source: `示例网站 ${id}`,
    url: `https://${id}.example.org/news.html`,
    raw: `raw/${id}.txt`,
    lang: "zh-Hans",
    figures: [],
    paragraphs: [
      {
        id: "p1",
        sentences: sentences.map((s, i) =>
          typeof s === "string"
            ? { id: `${id}#p1s${i + 1}`, text: s }
            : { id: `${id}#p1s${i + 1}`, text: s[0], flags: s[1] },
        ),
      },
    ],
  };
}

const AREA = "示例高新区规划面积12.5平方公里。";
const AREA_HANT = "示例高新區規劃面積12.5平方公里。";

let lexicon: Lexicon;
beforeAll(async () => {
  lexicon = await loadLexicon();
});

describe("citation targets over several articles", () => {
  it("never indexes a fragment of a page cut off mid-sentence", () => {
    const articles = [
      article("cut", "2022-01-02", [
        "示例高新区位于示例市南部。",
        ["示例市中心汽车站和示例客运站位于", ["fragment"]],
      ]),
    ];
    const index = new SentenceIndex(articles, lexicon);
    expect(index.sentences.map((s) => s.id)).toEqual(["cut#p1s1"]);
    expect(index.search("示例客运站").map((h) => h.sentence.id)).not.toContain("cut#p1s2");
  });

  it("keeps one target for a sentence several articles print word for word (script and width folded)", () => {
    const articles = [
      article("later", "2023-05-01", [AREA_HANT, "另一句话。"]),
      article("earlier", "2021-03-01", ["示例高新区规划面积12.5平方公里."]),
      article("other", "2022-01-01", ["示例高新区规划面积13.8平方公里。"]),
    ];
    const targets = citationTargets(articles);
    expect(targets.has("earlier#p1s1")).toBe(true);
    expect(targets.has("later#p1s1")).toBe(false);
    expect(targets.has("later#p1s2")).toBe(true);
    // A different figure is a different sentence, and stays citable.
    expect(targets.has("other#p1s1")).toBe(true);
  });

  it("prefers a clean copy over an earlier doubtful one", () => {
    const articles = [
      article("junky", "2020-01-01", [[AREA, ["junk"]]]),
      article("clean", "2022-01-01", [AREA]),
    ];
    expect([...citationTargets(articles)]).toEqual(["clean#p1s1"]);
  });

  it("ranks a doubtful sentence below a clean one that matches as well", () => {
    const articles = [
      article("a", "2022-01-01", [["示例高新区规划面积x7Kq约为12.5平方公里。", ["junk"]]]),
      article("b", "2022-01-01", ["示例高新区规划面积约为12.5平方公里。"]),
    ];
    const hits = new SentenceIndex(articles, lexicon).search("示例高新区规划面积");
    expect(hits.map((h) => h.sentence.id)).toEqual(["b#p1s1", "a#p1s1"]);
  });

  it("an answer over a repost and its original cites the fact once", async () => {
    const bot = createOfflineAnswerer(
      [article("repost", "2023-05-01", [AREA_HANT]), article("original", "2021-03-01", [AREA])],
      lexicon,
    );
    const answer = await bot.answer("示例高新区规划面积有多大？");
    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.id)).toEqual(["original#p1s1"]);
  });
});
