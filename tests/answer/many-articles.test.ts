import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import type { Answer } from "../../src/answer/schema.js";
import { toSimplified } from "../../src/text/simplify.js";
import { openZoneKb, type ZoneKb } from "../helpers/zone-kb.js";

/**
 * The offline answerer over a knowledge base of many articles: tests/fixtures/zone-kb (synthetic, about the
 * fictional 示例高新区 and its neighbours 样本经开区 and 演示工业园; see its README), ingested from its raw pages,
 * with the fixture's own zone file. Facts must stay with their park, sources that disagree must both be shown,
 * and questions about the articles must be answered from the many, not the one.
 */
let kb: ZoneKb;
let bot: OfflineAnswerer;
beforeAll(async () => {
  kb = await openZoneKb();
  bot = kb.offline;
});
afterAll(() => kb.cleanup());

const ask = (q: string): Promise<Answer> => bot.answer(q);
const subjectsOf = (a: Answer) => a.citations.map((c) => bot.index.byId.get(c.id)?.subjects ?? []);

describe("facts stay with their park", () => {
  it("answers the zone's area only from sentences about the zone, never a neighbour's figure", async () => {
    const a = await ask("示例高新区规划面积有多大？");
    expect(a.answered).toBe(true);
    expect(a.answer).not.toMatch(/38\.6|6\.2/);
    for (const subjects of subjectsOf(a)) expect(subjects).toContain("示例高新区");
  });

  it("answers a neighbour's fact from the sentence that states it about that neighbour", async () => {
    const a = await ask("样本经开区规划面积多大");
    expect(a.answer).toMatch(/38\.6平方公里/);
    for (const subjects of subjectsOf(a)) expect(subjects).toContain("样本经开区");
  });

  it("refuses a neighbour's fact the knowledge base only states for the zone", async () => {
    const a = await ask("样本经开区的常住人口有多少？");
    expect(a.answered).toBe(false);
  });

  it("reads 该区 and 园区 as the park the text was last about: the neighbour's company count is not the zone's", async () => {
    const a = await ask("演示工业园现在有多少家企业");
    expect(a.answer).toMatch(/320家/);
    const zone = await ask("示例高新区一共有多少家企业");
    expect(zone.answer).not.toMatch(/320家|2600/);
  });

  it("reads the zone's name typed with one sound-alike wrong character as the zone, but not another park's name", async () => {
    const typo = await ask("示列高新区离飞机场远不远啊");
    expect(typo.answered).toBe(true);
    expect(typo.about).toBeUndefined();
    const other = await ask("长阳高新区面积多大");
    expect(other.answered).toBe(false);
    expect(other.answer).toContain("长阳高新区");
  });

  it("refuses a park the knowledge base has nothing about, naming it", async () => {
    const a = await ask("测试高新区的规划面积是多少");
    expect(a.answered).toBe(false);
    expect(a.answer).toContain("测试高新区");
  });
});

describe("sources that disagree", () => {
  it("gives the newest source's figure first and names the others with source and date, each cited", async () => {
    const a = await ask("示例高新区规划面积有多大？");
    const figures = ["13.2", "15.8", "12.5"].filter((f) => a.answer.includes(f));
    expect(figures.length).toBeGreaterThanOrEqual(2);
    expect(a.answer).toContain("另有资料称");
    const dates = a.citations.map((c) => c.article.date);
    expect(dates[0]).toBe([...dates].sort().at(-1));
    // Each figure is cited from a sentence that states it.
    for (const figure of figures) expect(a.citations.some((c) => c.text.includes(figure))).toBe(true);
  });

  it("does not mix another attribute into the disagreement (built-up area is not planned area)", async () => {
    const a = await ask("示例高新区规划面积有多大？");
    expect(a.answer).not.toMatch(/建成区面积(?:达到)?\s*(?:9\.6|7\.8)/);
  });

  it("restricts to the year asked about, and refuses a year with no figure", async () => {
    const in2019 = await ask("2019年的时候示例高新区规划面积是多少？");
    expect(in2019.answer).toMatch(/12\.5/);
    expect(in2019.answer).not.toMatch(/15\.8/);
    const in2018 = await ask("2018年示例高新区有多少家高新技术企业？");
    expect(in2018.answered).toBe(false);
  });

  it("answers 'who is the director now' from the newest source, and a past year's from that year's", async () => {
    const now = await ask("示例高新区现任管委会主任是谁");
    expect(now.answer).toContain("李示例");
    const then = await ask("2019年示例高新区管委会主任是谁");
    expect(then.answer).toContain("陈示例");
  });

  it("cites a repost and its original once", async () => {
    const a = await ask("示例高新区下辖几个街道？");
    const ids = a.citations.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(a.citations.every((c) => !c.article.source.includes("样本新闻网"))).toBe(true);
  });
});

describe("questions about the articles", () => {
  it("lists the articles, newest first, with their dates and sources", async () => {
    const a = await ask("知识库里都有哪些文章？");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/收录 13 篇文章/);
    const dates = a.citations.map((c) => c.article.date);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("gives the latest news with its lead sentence", async () => {
    const a = await ask("最新的一条消息是什么");
    expect(a.answer).toMatch(/2025-06-10/);
    expect(a.citations[0]?.article.date).toBe("2025-06-10");
  });

  it("finds the article by the words of its topic, and names every site that carried it", async () => {
    const date = await ask("春风行动招聘会的通知是哪天发布的？");
    expect(date.answer).toContain("2018-02-26");
    const sites = await ask("哪些网站报道过示例高新区扩区的消息？");
    // The repost's site is named as it calls itself (樣本新聞網).
    expect(toSimplified(sites.answer)).toMatch(/示例市人民政府/);
    expect(toSimplified(sites.answer)).toMatch(/样本新闻网/);
  });

  it("counts the articles about the zone in its refusals", async () => {
    const a = await ask("示例高新区的GDP是多少");
    expect(a.answered).toBe(false);
    expect(a.answer).toMatch(/收录 13 篇文章，其中 12 篇关于示例高新区/);
  });
});

describe("follow-ups in a chat", () => {
  it("a question without a park takes the park of the previous exchange; a new park replaces it", async () => {
    const first = await ask("样本经开区规划面积多大？");
    expect(first.about).toBe("样本经开区");
    const airport = await bot.answer("那它离机场多远?", {
      conversation: { previous: { question: "样本经开区规划面积多大？", answer: first } },
    });
    expect(airport.answer).toMatch(/18公里/);
    expect(airport.about).toBe("样本经开区");
    // Two steps on: the subject travels with the answers, not only with the question text.
    const founded = await bot.answer("它是哪年设立的", {
      conversation: { previous: { question: "那它离机场多远?", answer: airport } },
    });
    expect(founded.answer).toMatch(/1992/);
    const zone = await bot.answer("示例高新区离机场多远", {
      conversation: { previous: { question: "它是哪年设立的", answer: founded } },
    });
    expect(zone.answer).not.toMatch(/18公里/);
    expect(zone.about).toBeUndefined();
  });

  it("completes 'X呢?' from the previous question, also twice in a row, and says how it read it", async () => {
    const area = await ask("示例高新区规划面积多大？");
    const yangben = await bot.answer("样本经开区呢？", {
      conversation: { previous: { question: "示例高新区规划面积多大？", answer: area } },
    });
    expect(yangben.answer).toContain("38.6平方公里");
    expect(yangben.interpreted).toMatch(/^样本经开区.*规划面积/);
    const yanshi = await bot.answer("那演示工业园呢", {
      conversation: { previous: { question: "样本经开区呢？", answer: yangben } },
    });
    expect(yanshi.answer).toContain("6.2平方公里");
    // Not in a chat, the same words are no question.
    expect((await ask("样本经开区呢？")).answer).not.toContain("38.6");
  });

  it("'这个园区' in a chat is the park of the conversation; outside a chat it is the zone", async () => {
    const first = await ask("样本经开区规划面积多大？");
    const firms = await bot.answer("这个园区有多少家企业", {
      conversation: { previous: { question: "样本经开区规划面积多大？", answer: first } },
    });
    expect(firms.answer).toContain("2600");
    expect((await ask("这个园区有多少家企业")).answer).not.toContain("2600");
  });

  it("'这篇文章' in a chat is the article the previous answer cited, not the newest", async () => {
    const question = "2019年的时候示例高新区规划面积是多少？";
    const cited = await ask(question);
    const article = cited.citations[0]?.article;
    expect(article?.date).toBe("2019-04-16");
    const when = await bot.answer("这篇文章是哪天发的？", {
      conversation: { previous: { question, answer: cited } },
    });
    expect(when.answer).toContain("2019-04-16");
    expect(when.citations[0]?.article.id).toBe(article?.id);
    // Without the chat, "this article" is the newest article about the zone.
    expect((await ask("这篇文章是哪天发的？")).answer).not.toContain("2019-04-16");
  });
});

describe("English articles", () => {
  it("answers an English question about industries from a sentence that names them, in either language", async () => {
    const a = await ask("What are the leading industries of the Shili zone?");
    expect(a.answered).toBe(true);
    expect(a.citations[0]?.text).toMatch(/leading industries|主导产业/);
  });

  it("answers an English question from an English sentence when the glossary has no Chinese for its words", async () => {
    const a = await ask("What start-up grants can talent get in the Shili zone?");
    expect(a.answered).toBe(true);
    expect(a.citations[0]?.text).toMatch(/2 million yuan/);
  });

  it("reads 'how big are the grants' as a question about money, and 'When was … founded' from the English page", async () => {
    const grants = await ask("How big are the start-up grants offered by the zone's talent programme?");
    expect(grants.citations[0]?.text).toMatch(/2 million yuan/);
    const founded = await ask("When was Shili High-tech Zone founded?");
    expect(founded.answer).toMatch(/2003/);
    expect(founded.citations[0]?.text).toMatch(/established in 2003/);
  });

  it("still refuses an English question about another park's fact", async () => {
    const a = await ask("What are the leading industries of the Testing Economic Development Zone?");
    expect(a.answered).toBe(false);
  });
});

describe("thresholds are options", () => {
  it("shows no other sources with maxAlternatives 0, and the defaults show them", async () => {
    const quiet = createOfflineAnswerer(bot.articles, bot.lexicon, { maxAlternatives: 0 });
    const a = await quiet.answer("示例高新区规划面积有多大？");
    expect(a.citations).toHaveLength(1);
    expect(a.answer).not.toContain("另有资料称");
    expect((await ask("示例高新区规划面积有多大？")).citations.length).toBeGreaterThan(1);
  });

  it("answers fewer questions when a sentence must cover every topic word", async () => {
    const strict = createOfflineAnswerer(bot.articles, bot.lexicon, {
      minCoverage: 1.01,
      nounsSuffice: false,
    });
    const a = await strict.answer("示例高新区下辖几个街道？");
    expect(a.answered).toBe(false);
  });
});
