import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import type { Answer } from "../../src/answer/schema.js";
import type { Article } from "../../src/knowledge/article.js";
import { expandShortYears } from "../../src/search/rewrite.js";
import { toSimplified } from "../../src/text/simplify.js";
import { openZoneKb, type ZoneKb } from "../helpers/zone-kb.js";

/**
 * Questions as people type them in a chat — a two-digit year, "说说…", "住了多少人", "多钱", "打哪个电话" — over
 * the many-article fixture (tests/fixtures/zone-kb, synthetic: the fictional 示例高新区 and its neighbours) and a
 * small synthetic notice. Each rule is about how Chinese is asked, not about any one article.
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

describe("two-digit years", () => {
  it("reads 20年 as 2020 and 98年 as 1998, but not a length of time", () => {
    expect(expandShortYears("20年底有多少家高企")).toBe("2020年底有多少家高企");
    expect(expandShortYears("98年建的")).toBe("1998年建的");
    for (const span of ["成立了15年", "近10年", "15年来", "30年前", "第15年", "用了3年"])
      expect(expandShortYears(span)).toBe(span);
  });

  it("answers with that year's figure, and refuses a year the sources have none for", async () => {
    const a = await ask("示例高新区20年底有多少家高新技术企业");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/86家/);
    const none = await ask("示例高新区18年有多少家高新技术企业");
    expect(none.answered).toBe(false);
  });
});

describe("how people name the park they ask about", () => {
  it("does not read a verb of asking said twice (说说) as a park's name", async () => {
    const a = await ask("说说高新区的基本情况");
    expect(a.answered).toBe(true);
    expect(a.about).toBeUndefined();
  });

  it("reads a neighbour's name after 讲讲 / 介绍 as that park", async () => {
    const a = await ask("给我讲讲样本经开区的概况");
    expect(a.answered).toBe(true);
    expect(a.about).toBe("样本经开区");
    for (const subjects of subjectsOf(a)) expect(subjects).toContain("样本经开区");
  });
});

describe("numbered things and mistyped names", () => {
  it("answers about the metro line the articles number, and refuses a line they never mention", async () => {
    const one = await ask("示例高新区的1号线什么时候通车？");
    expect(one.answered).toBe(true);
    expect(one.answer).toMatch(/2025/);
    const three = await ask("示例高新区的3号线什么时候通车？");
    expect(three.answered).toBe(false);
  });

  it("reads a neighbour's name typed with one sound-alike wrong character as that neighbour", async () => {
    const a = await ask("样本经开去规划面积多大");
    expect(a.about).toBe("样本经开区");
    expect(a.answer).toMatch(/38\.6/);
  });
});

describe("a park named in pinyin", () => {
  it("reads 'Yangben Economic and Technological Development Zone' as 样本经开区, the name romanised as one word", async () => {
    const a = await ask("How big is the Yangben Economic and Technological Development Zone?");
    expect(a.answered).toBe(true);
    expect(a.about).toBe("样本经开区");
    expect(a.answer).toMatch(/38\.6/);
  });

  it("still refuses a park in pinyin that the knowledge base does not know", async () => {
    const a = await ask("How big is the Ceshi Economic Development Zone?");
    expect(a.answered).toBe(false);
  });
});

describe("colloquial ways of asking for a figure", () => {
  it("reads 住了多少人 as the population", async () => {
    const a = await ask("示例高新区现在大概住了多少人？");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/9\.2万|8\.6万/);
  });

  it("reads 资料里最早的一篇 as the earliest article", async () => {
    const a = await ask("资料里最早的一篇是哪天的？");
    const earliest = [...bot.articles].sort((x, y) => x.date.localeCompare(y.date))[0];
    expect(a.answered).toBe(true);
    expect(a.answer).toContain(earliest?.date);
  });
});

describe("a notice's money, office and phone (synthetic, in memory)", () => {
  // SYNTHETIC test article about a fictional park; not facts about any real place.
  const notice: Article = {
    id: "notice-1",
    title: "关于申报示例高新区2025年度无人机产业扶持资金的通知",
    date: "2025-03-01",
    source: "示例高新区经济发展局 (example.test)",
    url: "https://example.test/notice-1",
    raw: "raw/notice-1.txt",
    lang: "zh-Hans",
    figures: [],
    paragraphs: [
      {
        id: "p1",
        sentences: [
          "对新引进的无人机企业，按研发投入的20%给予补贴，单个企业最高300万元。",
          "新入驻企业租用标准厂房的，三年内按租金的50%给予补贴。",
          "申报材料报送至示例高新区政务服务中心（科创大道99号）二楼。",
          "咨询电话：0000-12345678。",
          "今年9月，储能电池项目在园区开工建设。",
          "该储能电池项目总投资45亿元。",
          "园区标准厂房租金为每月每平方米15元。",
          "2006年5月，示例省人民政府批准设立示例高新技术产业开发区。",
          "2022年，经示例省人民政府批准，示例镇部分区域划入，设立示例片区。",
        ].map((text, i) => ({ id: `notice-1#p1s${i + 1}`, text })),
      },
    ],
  };
  let small: OfflineAnswerer;
  beforeAll(() => {
    small = createOfflineAnswerer([notice], bot.lexicon);
  });

  it("answers 打哪个电话 with the number", async () => {
    const a = await small.answer("申报有问题的话打哪个电话咨询？");
    expect(a.answer).toContain("0000-12345678");
  });

  it("reads 补助 as 补贴, 封顶 as 最高 and 房租 as 租金", async () => {
    const cap = await small.answer("研发补助封顶能拿多少？");
    expect(cap.answer).toContain("300万元");
    const rent = await small.answer("房租能补贴多少？");
    expect(rent.answer).toContain("50%");
  });

  it("answers the part of a message it can, and says the rest is not covered", async () => {
    const a = await small.answer("研发补助封顶能拿多少？园区有几所大学？");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("300万元");
    expect(a.answer).toContain("其余部分");
    expect(a.answer).not.toContain("大学");
  });

  it("reads the clause before a bare '一个月多少钱' as what is asked about", async () => {
    const a = await small.answer("想租园区标准厂房，一平米一个月多少钱");
    expect(a.answer).toContain("15元");
  });

  it("answers when the park was set up with the sentence that names the park, not a part of it", async () => {
    const a = await small.answer("示例高新区是哪一年设立的？");
    expect(a.answer).toContain("2006");
  });

  it("reads '投资规模多大' as how much was invested (投资规模 is no word the sentence must use)", async () => {
    expect((await small.answer("储能电池项目投资规模多大")).answer).toContain("45亿元");
  });

  it("reads 今年9月 as a date that answers 几月", async () => {
    const a = await small.answer("储能电池项目几月开的工？");
    expect(a.answer).toContain("今年9月");
  });

  it("reads 地址 as the kind of answer, not a word the sentence must contain", async () => {
    const a = await small.answer("政务服务中心地址在哪");
    expect(a.answer).toContain("科创大道99号");
  });
});

describe("replies for another zone", () => {
  it("suggests example questions about the zone of the zone file, not the real one", async () => {
    const a = await ask("示例高新区的GDP是多少");
    expect(a.answered).toBe(false);
    expect(a.answer).toContain("示例高新区规划面积有多大?");
    expect(a.answer).not.toContain("衡阳");
  });
});

describe("who held an office over time", () => {
  it("lists every director the sources name, oldest first, each cited", async () => {
    const a = await ask("示例高新区管委会主任这几年换过人没有？");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/陈示例[\s\S]*李示例/);
    expect(a.citations.length).toBeGreaterThanOrEqual(2);
    const dates = a.citations.map((c) => c.article.date);
    expect(dates).toEqual([...dates].sort());
  });

  it("answers 'who is the director now' with one person", async () => {
    const a = await ask("示例高新区现在的管委会主任是谁");
    expect(a.answer).toContain("李示例");
    expect(a.answer).not.toContain("陈示例");
  });
});

describe("honours, names and plans", () => {
  it("answers which honours the zone won with a sentence that states one", async () => {
    const a = await ask("示例高新区拿过哪些荣誉称号？");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/十佳创新园区|示范/);
  });

  it("answers the English name in English letters, not the Chinese full name", async () => {
    const a = await ask("示例高新区的英文名叫什么？");
    expect(a.answer).toMatch(/Shili Hi(?:gh)?-tech/);
  });

  it("answers a target year's planned area from the plan, not today's figure", async () => {
    const a = await ask("到2030年示例高新区的规划面积会扩大到多少");
    expect(a.answer).toMatch(/22平方公里/);
    expect(a.answer).not.toMatch(/15\.8|12\.5/);
  });

  it("reads a park inside the zone that its sentences name (生物医药产业园) as a topic, not another park", async () => {
    const a = await ask("生物医药产业园一期要建多少平方米标准厂房");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/18万平方米/);
  });

  it("reads 地铁 as 轨道交通 and leaves 通到 alone (no typo)", async () => {
    const a = await ask("地铁什么时候通到示例高新区？");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/2025/);
  });
});

describe("offices, figures checked and parks of other kinds", () => {
  it("refuses a neighbour's office its sentences never name, and answers one they do", async () => {
    expect((await ask("样本经开区主任是谁")).answer).toContain("郑样本");
    // SYNTHETIC test article about a fictional park: its approver is no answer to who heads it.
    const bonded: Article = {
      id: "bonded",
      title: "示例综合保税区封关运作",
      date: "2019-07-23",
      source: "示例日报 (example.test)",
      url: "https://example.test/bonded",
      raw: "raw/bonded.txt",
      lang: "zh-Hans",
      figures: [],
      paragraphs: [
        {
          id: "p1",
          sentences: [{ id: "bonded#p1s1", text: "示例综合保税区于2017年4月经国务院批复设立。" }],
        },
      ],
    };
    const kb = createOfflineAnswerer([...bot.articles, bonded], bot.lexicon);
    expect((await kb.answer("示例综合保税区主任是谁")).answered).toBe(false);
  });

  it("refuses an office the sentences never name (纪工委书记), though they name the 党工委书记", async () => {
    expect((await ask("示例高新区党工委书记是谁")).answer).toContain("李示例");
    expect((await ask("示例高新区纪工委书记是谁")).answered).toBe(false);
  });

  it("answers 'is it 300 now?' with the figure that holds now, not the 2030 target", async () => {
    const a = await ask("示例高新区现在有300家高新技术企业了吗");
    expect(a.answer).toMatch(/132家/);
    expect(a.answer).not.toMatch(/300家/);
  });

  it("reads a 临空经济区 as another park", async () => {
    const a = await ask("示例临空经济区在哪");
    expect(a.answered).toBe(false);
    expect(a.answer).toContain("示例临空经济区");
  });
});

describe("overviews and investment asked colloquially", () => {
  it("reads '大概是个什么情况' as an overview of the park named", async () => {
    const a = await ask("样本经开区大概是个什么情况");
    expect(a.answered).toBe(true);
    expect(a.about).toBe("样本经开区");
    expect(a.citations.length).toBeGreaterThanOrEqual(2);
  });

  it("reads '投资规模多大' as how much was invested", async () => {
    const a = await ask("样本汽车有限公司的新能源整车基地投资规模多大");
    expect(a.answer).toMatch(/60亿元/);
  });
});

describe("more ways of naming parks and articles", () => {
  it("does not take a year (2020年度) or a conjunction (和) for part of a park's name", async () => {
    const a = await ask("示例高新区和样本经开区在哪方面合作？");
    expect(a.answer).not.toContain("和样本经开区");
    const rank = await ask("示例高新区在2024年度国家高新区综合评价里排第几？");
    expect(rank.about).toBeUndefined();
    expect(rank.answer).not.toContain("年度高新区");
  });

  it("answers which sites reposted an article, and when 'that page' was updated", async () => {
    const sites = await ask("示例高新区扩区的报道还有哪家转载了？");
    expect(toSimplified(sites.answer)).toMatch(/样本新闻网/);
    const updated = await ask("春风行动招聘会的通知那页是什么时候更新的？");
    expect(updated.answer).toContain("2018-02-26");
  });
});
