import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { rewriteQuestion } from "../../src/search/rewrite.js";
import { realAnswerer } from "../helpers/real-kb.js";

/**
 * lexicon/glossary-en.json carries the ordinary English of questions about an industrial park (deadlines,
 * subsidies, rent, population, exports…) over to the words Chinese news about a park uses. A question made of
 * such words must leave no English word unknown (an unknown word makes the bot refuse), and must come out with
 * the Chinese words an answering sentence contains.
 */
let bot: OfflineAnswerer;
beforeAll(async () => {
  bot = await realAnswerer();
});
const rewrite = (q: string) => rewriteQuestion(q, bot.lexicon, bot.index);

const QUESTIONS: Array<[string, string[]]> = [
  [
    "What is the application deadline for the fund, and what's the maximum subsidy?",
    ["申", "截止", "资金", "最高", "补贴"],
  ],
  ["What is the zone's planned area after the boundary adjustment?", ["规划面积", "调区"]],
  ["What's the GDP growth rate year-on-year?", ["生产总值", "增长", "同比"]],
  ["Who is the Party secretary of the Party working committee?", ["书记", "党工委"]],
  ["What is the rent for standard factory buildings?", ["租金", "标准厂房"]],
  ["Is the factory rent-free for the first year, or half price?", ["工厂", "免租", "减半"]],
  ["How long does it take to drive to the port?", ["车程", "港"]],
  ["What incentives are there for R&D centres?", ["奖励", "研发", "中心"]],
  ["What's the hotline number of the government service centre?", ["电话", "政务", "中心"]],
  [
    "Which towns and subdistricts does it administer, and what's the resident population?",
    ["镇", "街道", "辖", "常住人口"],
  ],
  ["How much tax revenue and export value did it have last year?", ["税收", "出口", "去年"]],
  [
    "How many specialised and sophisticated SMEs, little giants and listed companies are there?",
    ["专精特新", "中小企业", "小巨人", "上市"],
  ],
  [
    "When was the signing ceremony, and what are the contract value and total investment?",
    ["签约", "总投资"],
  ],
  [
    "Does it develop the low-altitude economy, drones, semiconductors and hydrogen energy?",
    ["低空经济", "无人机", "半导体", "氢能"],
  ],
  [
    "How does it rank in the comprehensive evaluation, and what is its built-up area and industrial output value?",
    ["排名", "综合评价", "建成区", "工业", "产值"],
  ],
];

describe("glossary-en: everyday English about a park", () => {
  it.each(QUESTIONS)("%s", (question, chinese) => {
    const r = rewrite(question);
    expect(r.english).toBe(true);
    expect(r.unknownEnglish.words).toEqual([]);
    expect(r.unknownEnglish.names).toEqual([]);
    for (const word of chinese) expect(r.text).toContain(word);
    // Nothing of the question is left in English.
    expect(r.text).not.toMatch(/[a-z]{2,}/);
  });

  it("still reports words it has no entry for", () => {
    expect(rewrite("What is the rent for parking trucks?").unknownEnglish.words).toContain("trucks");
  });
});
