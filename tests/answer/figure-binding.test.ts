import { beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import type { Article } from "../../src/knowledge/article.js";
import { loadLexicon } from "../../src/search/lexicon.js";

/**
 * A figure answers only the attribute it is bound to: the noun before it or right after it (5100余家企业), the
 * quoted kind of firm (专精特新“小巨人”企业), the figure before a bare rate (出口118.6亿元，增长7.3%).
 * SYNTHETIC test articles about a fictional zone (示例高新区), not facts about any real place.
 */
const ZONE_FILE = new URL("../fixtures/zone-kb/zone.json", import.meta.url).pathname;

function article(id: string, date: string, sentences: string[]): Article {
  return {
    id,
    title: `示例高新区${date.slice(0, 4)}年经济运行情况`,
    date,
    source: "示例高新区管委会 (example.test)",
    url: `https://example.test/${id}`,
    raw: `raw/${id}.txt`,
    lang: "zh-Hans",
    figures: [],
    paragraphs: [{ id: "p1", sentences: sentences.map((text, i) => ({ id: `${id}#p1s${i + 1}`, text })) }],
  };
}

let bot: OfflineAnswerer;
beforeAll(async () => {
  const lexicon = await loadLexicon(undefined, ZONE_FILE);
  bot = createOfflineAnswerer(
    [
      article("review-2023", "2024-01-20", [
        "截至2023年底，示例高新区登记注册企业总数达到7300余家，其中国家级专精特新“小巨人”企业12家。",
        "2023年，园区全年完成税收收入35.8亿元，增长4.9%；实现出口118.6亿元，增长7.3%。",
      ]),
      article("feature-2023", "2023-11-02", ["示例高新区现在已经聚集了6900余家企业，形成三大主导产业。"]),
    ],
    lexicon,
  );
});

describe("figures bound to what they measure", () => {
  it("answers how many firms with the total, not the count of one kind of firm, and shows the other source", async () => {
    const a = await bot.answer("示例高新区一共有多少家企业？");
    expect(a.answer).toMatch(/^[^[]*7300余家/);
    expect(a.answer).toContain("6900余家");
    expect(a.answer).not.toMatch(/12家/);
  });

  it("answers a rise with the rate right after the figure asked about", async () => {
    const exports = await bot.answer("2023年园区出口额多少，涨了多少？");
    expect(exports.answer).toContain("118.6亿元");
    expect(exports.answer).toContain("7.3%");
    expect(exports.answer).not.toContain("4.9%");
    const tax = await bot.answer("2023年园区税收收了多少钱，比前一年涨了几个点？");
    expect(tax.answer).toContain("35.8亿元");
    expect(tax.answer).toContain("4.9%");
    expect(tax.answer).not.toContain("7.3%");
  });
});

describe("the year a sentence speaks of", () => {
  it("reads 同年 as the year of the sentence before, not the year it was compared with", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("ranking-2024", "2025-01-22", [
          "在2024年度全国高新区综合评价中，示例高新区位列第58位，比2022年度前移13位。",
          "同年，园区获评示例省“高质量发展先进园区”。",
        ]),
      ],
      lexicon,
    );
    const a = await kb.answer("2024年示例高新区得了个什么荣誉");
    expect(a.answer).toContain("高质量发展先进园区");
    const none = await kb.answer("2022年示例高新区得了个什么荣誉");
    expect(none.answered).toBe(false);
  });
});

describe("a figure's year is the time clause before it", () => {
  it("reads '…获悉，2023年，园区实现…' in a 2024 article as 2023's figure", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("gdp-2023", "2024-01-25", [
          "本报讯 记者从示例高新区获悉，2023年，园区实现地区生产总值521亿元，同比增长6.0%。",
        ]),
      ],
      lexicon,
    );
    expect((await kb.answer("2023年示例高新区地区生产总值是多少")).answer).toContain("521亿元");
    expect((await kb.answer("2024年示例高新区地区生产总值是多少")).answered).toBe(false);
  });
});

describe("targets are not facts", () => {
  it("reads every item after '预期目标是：' as a target", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("plan-2017", "2017-02-10", [
          "2017年全区经济社会发展的主要预期目标是：工业总产值增长9%左右，新增高新技术企业30家以上，引进亿元以上项目25个。",
        ]),
      ],
      lexicon,
    );
    expect((await kb.answer("示例高新区2017年有多少家高新技术企业")).answered).toBe(false);
    expect((await kb.answer("示例高新区2017年计划新增多少家高新技术企业")).answer).toContain("30家以上");
  });
});

describe("targets go on after 同时", () => {
  it("reads '同时，常住人口达到30万人' after a paragraph of 2030 targets as a target", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const plan = article("plan-2030", "2026-01-20", ["到2030年，示例高新区高新技术企业力争达到800家。"]);
    plan.paragraphs.push({
      id: "p2",
      sentences: [{ id: "plan-2030#p2s1", text: "同时，全社会研发投入强度达到6%，常住人口达到30万人。" }],
    });
    const kb = createOfflineAnswerer(
      [plan, article("people-2023", "2023-06-28", ["示例高新区常住人口约22.8万人。"])],
      lexicon,
    );
    const a = await kb.answer("示例高新区现在常住人口多少");
    expect(a.answer).toContain("22.8万");
    expect(a.answer).not.toContain("30万");
  });
});

describe("more ways figures are written", () => {
  let kb: OfflineAnswerer;
  beforeAll(async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    kb = createOfflineAnswerer(
      [
        article("review-2024", "2024-02-05", [
          "2023年，示例高新区全区拥有省级以上研发机构104家，其中国家级8家。",
          "2023年，全年发明专利授权416件，有效发明专利4580件。",
          "2023年，示例高新区全年实现地区生产总值463.5亿元。",
        ]),
        article("encyclopedia", "2024-12-03", ["2023年，示例高新区地区生产总值459.8亿元。"]),
        article("notice-2025", "2025-06-03", [
          "关于申报示例高新区2025年度储能专项资金的通知。",
          "申报截止时间为2025年7月15日17:30。",
          "申报储能专项资金的纸质材料一式三份。",
        ]),
      ],
      lexicon,
    );
  });

  it("reads '其中国家级8家' as the count of national-level research institutions", async () => {
    expect((await kb.answer("示例高新区国家级研发机构有多少家")).answer).toMatch(/国家级8家/);
  });

  it("prefers the figure whose attribute has the question's adjective (有效发明专利)", async () => {
    const a = await kb.answer("示例高新区有效发明专利有多少件？");
    expect(a.answer).toContain("4580件");
    expect(a.answer).not.toContain("416件");
  });

  it("keeps a time of day whole (17:30), and counts 一式三份", async () => {
    expect((await kb.answer("示例高新区2025年储能专项资金申报什么时候截止？")).answer).toContain("17:30");
    expect((await kb.answer("储能专项资金纸质材料要交几份")).answer).toContain("三份");
  });

  it("answers 'X还是Y?' with both sources", async () => {
    const a = await kb.answer("示例高新区2023年GDP到底是463.5亿还是459.8亿？");
    expect(a.answer).toContain("463.5");
    expect(a.answer).toContain("459.8");
  });
});

describe("the newest figure leads", () => {
  it("puts a 2026 report's figure for 2025 before older sources' figures", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("report-2026", "2026-02-10", [
          "报告显示，2025年全区实现地区生产总值538.2亿元，同比增长6.4%。",
        ]),
        article("encyclopedia-2024", "2024-12-03", ["示例高新区地区生产总值459.8亿元。"]),
      ],
      lexicon,
    );
    const a = await kb.answer("示例高新区GDP多少？");
    expect(a.answer).toMatch(/^[^[]*538\.2亿元/);
    expect(a.answer).toContain("459.8");
  });
});

describe("changes and several places", () => {
  it("answers 'how much did it rise' with 由…增至…, and 'how far are A and B each' with both", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("review-2023b", "2024-02-05", [
          "示例高新区高新技术企业由2021年末的268家增至436家。",
          "示例高新区距示例港约5公里，距示例机场约24公里。",
        ]),
      ],
      lexicon,
    );
    const rise = await kb.answer("高企从2021年底到2023年底涨了多少？");
    expect(rise.answer).toContain("268家");
    expect(rise.answer).toContain("436家");
    const far = await kb.answer("示例高新区离示例港和机场各多远");
    expect(far.answer).toContain("5公里");
    expect(far.answer).toContain("24公里");
  });
});

describe("a part of the park and a target in the same sentence", () => {
  it("refuses a town's population when only the park's is given next to the town's name", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [article("towns", "2023-06-01", ["示例高新区辖示湖、例山2个街道和示例镇,常住人口约24.6万人。"])],
      lexicon,
    );
    expect((await kb.answer("示例镇常住人口有多少")).answered).toBe(false);
    expect((await kb.answer("示例高新区常住人口有多少")).answer).toContain("24.6万");
  });

  it("never quotes the target clause of a sentence that also states a fact", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("plan-2026", "2026-02-10", [
          "2026年，全区地区生产总值预期增长6.5%左右，新增高新技术企业60家以上，力争引进亿元以上项目40个。",
        ]),
      ],
      lexicon,
    );
    const a = await kb.answer("示例高新区今年已经引进了多少个亿元以上项目？");
    expect(a.answer).not.toContain("40个");
  });
});

describe("English pages", () => {
  it("reads 'how far … Port Area' as a distance, and answers a year only from a sentence of that year", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const profile = article("en-profile", "2023-05-01", [
      "Jiawan Port Area is 27 km from Shili High-tech Zone.",
      "Shili High-tech Zone's exports reached 5 billion yuan in 2022.",
    ]);
    const kb = createOfflineAnswerer(
      [{ ...profile, lang: "en", title: "Shili High-tech Zone Profile" }],
      lexicon,
    );
    expect((await kb.answer("How far is Shili High-tech Zone from Jiawan Port Area?")).answer).toMatch(
      /27 km/,
    );
    expect(
      (await kb.answer("What was the export value of Shili High-tech Zone in 2023?")).answer,
    ).not.toMatch(/5 billion/);
  });
});

describe("money in other currencies and provincial rankings", () => {
  it("reads 1.9亿美元 as money, and 全省 as the province the sentence names", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("bulletin-2017", "2018-03-28", [
          "2017年，示例高新区实际利用外资1.9亿美元。",
          "在示例省2017年度开发区综合考核中，示例高新区位列第3名。",
        ]),
      ],
      lexicon,
    );
    expect((await kb.answer("示例高新区2017年实际利用外资有多少")).answer).toContain("1.9亿美元");
    expect((await kb.answer("示例高新区2017年度全省开发区综合考核排第几？")).answer).toContain("第3名");
  });
});

describe("an expansion and what it changed", () => {
  it("reads 扩区 as the 扩大至 of the planned area, and '会扩大到多少' as the figure asked for", async () => {
    const lexicon = await loadLexicon(undefined, ZONE_FILE);
    const kb = createOfflineAnswerer(
      [
        article("expansion-2022", "2022-09-14", ["示例高新区规划面积由42.7平方公里扩大至58.3平方公里。"]),
        article("plan-2025", "2025-03-05", ["规划提出，到2030年，示例高新区规划面积将拓展至70平方公里。"]),
      ],
      lexicon,
    );
    expect((await kb.answer("扩区之前示例高新区规划面积是多少")).answer).toContain("42.7");
    expect((await kb.answer("到2030年示例高新区的规划面积会扩大到多少")).answer).toContain("70平方公里");
  });
});
