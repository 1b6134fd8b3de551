import { beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { type Answer, AnswerSchema } from "../../src/answer/schema.js";
import type { Article } from "../../src/knowledge/article.js";
import { realAnswerer } from "../helpers/real-kb.js";

let bot: OfflineAnswerer;
beforeAll(async () => {
  bot = await realAnswerer();
});
const ask = (q: string) => bot.answer(q);
const SEED = "b860dba5ce0ec7a0";

/** Every answer keeps the contract: valid shape, [n] markers that exist, citation text verbatim by id. */
function expectContract(a: Answer) {
  expect(AnswerSchema.parse(a)).toEqual(a);
  expect(a.mode).toBe("offline");
  const markers = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  expect(new Set(markers)).toEqual(new Set(a.citations.map((c) => c.n)));
  for (const c of a.citations) {
    const sentence = bot.index.byId.get(c.id);
    const article = bot.articles.find((x) => x.id === c.id);
    expect(sentence?.text ?? article?.title).toBe(c.text);
    expect(c.article.title).toBe(sentence?.article.title ?? article?.title);
  }
}

describe("offline answers cite the sentence that holds the fact", () => {
  const cases: Array<[question: string, inAnswer: RegExp, citedId: string]> = [
    ["衡阳高新区规划面积有多大?", /170\.57平方公里/, `${SEED}#p1s3`],
    ["衡陽高新區的規劃面積有多大？", /170\.57/, `${SEED}#p1s3`],
    ["高新区离南岳机场多远", /南岳机场20公里/, `${SEED}#p1s5`],
    ["离衡阳火车站多远", /火车站8公里/, `${SEED}#p1s5`],
    ["到高铁衡阳东站有多少公里", /13公里/, `${SEED}#p1s5`],
    ["高心区啥时候成立的", /1992年/, `${SEED}#p1s1`],
    ["哪一年升级为国家高新区", /2012年8月19日/, `${SEED}#p1s1`],
    ["谁批准衡阳高新区成立的", /省人民政府/, `${SEED}#p1s1`],
    ["有几块金字招牌", /8块/, `${SEED}#p1s2`],
    ["肖冰担任什么职务", /管委会副主任肖冰/, `${SEED}#p3s1`],
    ["项目组调研了哪些企业", /镭目公司.*祝融学院/, `${SEED}#p3s2`],
    ["什么河穿过高新区", /蒸水河/, `${SEED}#p1s5`],
    ["调研是什么时候进行的", /2020年7月20-24日/, `${SEED}#p2s2`],
    ["高新区位于衡阳市哪个方位", /西南部/, `${SEED}#p1s3`],
    ["重点发展哪些产业", /战略性新兴产业和现代服务业/, `${SEED}#p1s6`],
  ];
  it.each(cases)("%s", async (question, inAnswer, citedId) => {
    const a = await ask(question);
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(inAnswer);
    expect(a.citations[0]?.id).toBe(citedId);
    expectContract(a);
  });

  it("answers two questions in one message, each with its own source", async () => {
    const a = await ask("面积多大，离高铁站多远");
    expect(a.answer).toBe("规划面积170.57平方公里。[1] 距高铁衡阳东站13公里。[2]");
    expect(a.citations.map((c) => c.id)).toEqual([`${SEED}#p1s3`, `${SEED}#p1s5`]);
    expectContract(a);
    const both = await ask("成立和升级分别是哪一年");
    expect(both.answer).toMatch(/1992年.*2012年8月19日/);
    expect(both.citations).toHaveLength(1);
  });

  it("answers a distance question with that destination's figure only", async () => {
    const a = await ask("离南岳机场多远啊");
    expect(a.answer).toContain("20公里");
    expect(a.answer).not.toMatch(/(?<!\d)(8|13)公里/);
  });
});

describe("English questions", () => {
  it("get an English lead sentence and the Chinese clause it comes from", async () => {
    const a = await ask("How big is Hengyang High-tech Zone?");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/^The planned area is 170\.57 square kilometres/);
    expect(a.answer).toContain("规划面积170.57平方公里");
    expect(a.citations[0]?.id).toBe(`${SEED}#p1s3`);
    expectContract(a);
  });

  it("find the Chinese sentence through the glossary", async () => {
    const a = await ask("How far is the zone from Nanyue Airport?");
    expect(a.answer).toMatch(/20 km/);
    expect(a.citations[0]?.id).toBe(`${SEED}#p1s5`);
  });
});

describe("questions about the article itself", () => {
  it("answer from its metadata and cite the article", async () => {
    const a = await ask("这篇文章是什么时候发布的?来源是哪里?");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("2020-07-21");
    expect(a.answer).toContain("中国高新院");
    expect(a.citations).toHaveLength(1);
    expect(a.citations[0]?.id).toBe(SEED);
    expectContract(a);
  });
});

describe("refusals", () => {
  const outside = [
    "衡阳高新区的GDP是多少?",
    "衡阳高新区有多少家企业?",
    "衡阳高新区的邮政编码是多少",
    "特斯拉在衡阳高新区有工厂吗",
    "长沙高新区的规划面积",
    "衡阳高新区管委会主任是谁",
    "坐地铁怎么去衡阳高新区",
    "What is the GDP of the zone?",
    "Does Tesla have a factory near Nanyue Airport?",
    "衡陽高新區有幾個園區",
    "衡阳高新区的十四五规划最后是哪天正式发布的",
    "Who is the director of the Hengyang High-tech Zone management committee?",
    "How much is a taxi from the railway station to the zone?",
  ];
  it.each(outside)("%s → not answered, with a polite reply and no citations", async (question) => {
    const a = await ask(question);
    expect(a.answered).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.answer).toMatch(/抱歉|Sorry/);
    expectContract(a);
  });

  it("names the other place it was asked about", async () => {
    expect((await ask("株洲高新区什么时候成立")).answer).toContain("株洲");
  });

  it("answers greetings and help with the help text, not knowledge", async () => {
    for (const q of ["你好", "help", "你能做什么?"]) {
      const a = await ask(q);
      expect(a.answered).toBe(false);
      expect(a.answer).toContain(bot.lexicon.examples[/^[a-z]/.test(q) ? "en" : "zh"][0]);
    }
  });

  it("handles empty, HTML-laden and huge questions without throwing", async () => {
    expect((await ask("   ")).answered).toBe(false);
    const html = await ask("<b>高新区</b> & <script>多大</script>?");
    expect(html.answered).toBe(true);
    expect(html.answer).toContain("170.57");
    const huge = await ask(`衡阳高新区规划面积有多大?${"啊".repeat(20_000)}`);
    expect(huge.question.length).toBeGreaterThan(20_000);
    expectContract(huge);
  });
});

describe("several articles (synthetic, in memory)", () => {
  // SYNTHETIC test articles about a fictional park; not facts about any real place.
  const article = (id: string, date: string, title: string, sentences: string[]): Article => ({
    id,
    title,
    date,
    source: "示例来源 (example.test)",
    url: `https://example.test/${id}`,
    raw: `raw/${id}.txt`,
    lang: "zh-Hans",
    figures: [],
    paragraphs: [{ id: "p1", sentences: sentences.map((text, i) => ({ id: `${id}#p1s${i + 1}`, text })) }],
  });
  const older = article("old-1", "2019-01-01", "示例园区旧闻", [
    "示例园区的湖心广场占地12公顷。",
    "湖心广场于2015年建成。",
  ]);
  const newer = article("new-1", "2021-06-01", "示例园区新闻", [
    "示例园区新建了一座图书馆。",
    "图书馆距湖心广场3公里。",
  ]);

  it("cites the article that holds the fact and answers meta questions from the newest", async () => {
    const kb = createOfflineAnswerer([older, newer], bot.lexicon);
    const built = await kb.answer("湖心广场是哪一年建成的?");
    expect(built.citations[0]?.id).toBe("old-1#p1s2");
    const far = await kb.answer("图书馆离湖心广场多远?");
    expect(far.answer).toContain("3公里");
    expect(far.citations[0]?.article.id).toBe("new-1");
    const meta = await kb.answer("这篇文章什么时候发布的?");
    expect(meta.answer).toContain("2021-06-01");
  });
});
