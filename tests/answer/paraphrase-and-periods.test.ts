import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import type { Article } from "../../src/knowledge/article.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { syntheticArticle } from "../helpers/synthetic-article.js";
import { ZONE_KB } from "../helpers/zone-kb.js";

/**
 * How people word what the articles say otherwise: a year named roughly ("2018年前后"), a shortened kind of park
 * (综保区 for 综合保税区), a distance to another park, a preamble the lexicon knows by a synonym (扩区前后).
 * SYNTHETIC articles about the fictional 示例高新区 and its neighbours, written for these tests.
 */
let bot: OfflineAnswerer;

/** The article with a section heading over each paragraph, as a notice's "三、申报时间". */
function withHeadings(article: Article, headings: string[]): Article {
  return { ...article, paragraphs: article.paragraphs.map((p, i) => ({ ...p, heading: headings[i] })) };
}

beforeAll(async () => {
  const lexicon = await loadLexicon(undefined, join(ZONE_KB, "zone.json"));
  bot = createOfflineAnswerer(
    [
      syntheticArticle("bulletin-2017", "2018-03-28", "示例高新区2017年国民经济和社会发展统计公报", [
        ["2017年，示例高新区经济运行总体平稳。", "年末全区高新技术企业152家，比上年增加20家。"],
      ]),
      syntheticArticle("faq", "2025-04-10", "示例高新区投资问答", [
        ["问：园区离综合保税区远吗？", "答：园区到示例综合保税区约28公里，走绕城高速约30分钟车程。"],
        ["问：从高新区到示例临港物流园有多远？"],
        ["答：两地相距约32公里，车程约40分钟。"],
        ["问：投资咨询找谁？", "答：可拨打示例高新区投资促进局投资热线0000-57710000。"],
      ]),
      syntheticArticle("bonded", "2024-05-06", "示例综合保税区简介", [
        [
          "示例综合保税区规划面积3.2平方公里，于2016年获批设立。",
          "2023年，示例综合保税区完成进出口额326亿元。",
        ],
      ]),
      syntheticArticle("bonded-months", "2023-09-07", "示例综合保税区前8个月进出口额215亿元", [
        ["记者获悉，今年1—8月，示例综合保税区完成进出口额215亿元，同比增长12.6%。"],
      ]),
      syntheticArticle("projects", "2022-06-16", "示例高新区两大项目集中开工", [
        ["6月15日，示例高新区甲乙新材料产业园项目、丙丁储能电池基地项目同日开工，两个项目总投资79亿元。"],
        [
          "甲乙新材料产业园项目位于松岗街道，主要建设复合材料生产线。",
          "该项目总投资56亿元，全部达产后年产值约95亿元。",
        ],
        ["丙丁储能电池基地项目计划明年6月投产。"],
        ["到2030年，全区高新技术企业力争达到600家。"],
        ["示例高新区于2015年9月16日经国务院批准升级为国家高新区。"],
        ["依托中欧班列，2022年中欧班列（示例）开行326列。"],
        ["鉴塘片区磁浮交通试验线（长5.6公里）建成投用。", "2017年，高新区成功获评示例省知识产权示范园区。"],
      ]),
      syntheticArticle("adjust", "2021-12-03", "示例高新区规划范围调整获批", [
        [
          "近日，示例省人民政府正式批复，同意示例高新区调整规划范围。",
          "调整后，示例高新区建成区面积达到33.8平方公里，常住人口约23.4万人。",
        ],
        ["示例高新区位于示例市城区西北部，是示例省第二个国家级高新区。"],
        ["地铁2号线北延段在高新区内设柘园、松岗、高新北3座车站。"],
        ["示例绕城高速在园区设有示例高新出口，下高速即进入铧峰大道。"],
      ]),
      syntheticArticle("three-parks", "2024-06-05", "示例省西部三个重点园区发展情况综述", [
        [
          "从财税贡献看，2023年，示例高新区、样本经开区、示例综合保税区分别实现税收收入34.5亿元、92.8亿元和5.1亿元。",
          "样本经开区位于样本市东部，以汽车制造为主导产业。",
        ],
      ]),
      {
        ...syntheticArticle("jianxi-30", "2023-04-12", "枧溪经开区建区三十年 产业升级按下快进键", [
          ["枧溪经开区于1993年经国务院批准设立。"],
        ]),
        source: "枧溪晚报 (example.test)",
      },
      syntheticArticle("yahong", "2023-05-10", "岈泓经开区：产业升级按下快进键", [
        ["岈泓经开区位于岈泓市东部，现有企业4100余家。"],
        ["岈泓重工集团的大型挖掘机制造基地位于园区北部。", "该项目总投资85亿元。"],
        ["岈泓经开区与示例高新区开通产业专线，两个园区相距约90公里。"],
      ]),
      syntheticArticle("logistics", "2024-03-01", "示例临港物流园建设提速", [
        ["示例临港物流园位于示例港东侧，规划面积6平方公里。"],
      ]),
      syntheticArticle("chain-2020", "2020-11-18", "示例高新区产业链链长制见实效", [
        ["到2025年，力争产业链本地配套率达到70%。"],
      ]),
      syntheticArticle("chain-2024", "2024-02-06", "示例高新区2024年工作报告", [
        ["2023年，产业链本地配套率提高到66%。"],
        ["示例高新区2024年工作会议在管委会召开。"],
        ["管委会驻地：铧峰大道99号"],
        ["2022年11月，样本经开区与示例高新区签署产业协作协议，两地相距约75公里。"],
      ]),
      syntheticArticle("leaders", "2017-03-08", "示例高新区管委会领导分工", [
        ["樊示例，管委会副主任。", "负责科技创新、人才引进和企业服务工作。"],
        ["岑示例，女，汉族，1979年3月生，2025年7月任示例高新区党工委副书记、管委会主任。"],
        ["高新区建有示例科创中心等创新载体，拥有国家级研发机构8家。"],
        ["截至2016年底，全区累计认定高新技术企业88家，比上年增加14家。"],
        ["样本经开区距样本港5公里，距样本机场26公里。"],
        ["高铁：园区距示例南站约9公里。"],
        ["樊示例表示，园区将继续优化营商环境。"],
        ["航空：园区距示例国际机场约38公里。"],
        ["2018年，园区获评示例省“十佳创新园区”。"],
        ["园区拥有省级专精特新中小企业46家。"],
      ]),
      syntheticArticle(
        "fund-notice",
        "2025-05-09",
        "关于申报2025年度示例高新区新型储能产业发展专项资金的通知",
        [
          ["各有关企业：", "为加快新型储能产业发展，现组织申报专项资金。"],
          ["示例高新区科技创新局，联系人：贺老师，电话：0000-57720000。"],
          ["申报截止时间为2025年7月15日17:00，逾期不予受理。"],
          ["对新认定的省级专精特新中小企业一次性奖励30万元。"],
          ["对开展储能电芯研发的企业，按当年研发投入的20%给予补助，单个企业最高300万元。"],
        ],
      ),
      withHeadings(
        syntheticArticle(
          "drone-notice",
          "2025-03-03",
          "关于申报2025年度示例高新区低空经济产业扶持资金的通知",
          [
            ["对低空经济企业研发投入按15%给予补助。"],
            ["申报企业上年度营业收入不低于1000万元。"],
            ["即日起至2025年4月30日17:00止，逾期不予受理。"],
            ["纸质材料报送示例高新区政务服务中心二楼A8窗口。"],
            ["（二）场地补贴。", "三年内按场地实际支出的40%给予支持。"],
          ],
        ),
        ["一、支持内容", "二、申报条件", "三、申报时间", "四、申报方式", "一、支持内容"],
      ),
      syntheticArticle("talent-notice", "2025-06-02", "关于组织申报2025年度示例高新区英才计划的通知", [
        ["一、申报对象。", "在示例高新区全职工作的高层次人才。"],
        ["二、申报时间。", "即日起至2025年9月30日止。"],
      ]),
      syntheticArticle("industries", "2024-08-20", "示例高新区产业发展一览", [
        ["示例高新区以集成电路、生物医药为主导产业。", "2023年，集成电路产业产值286.5亿元。"],
        ["从高新区乘地铁到市中心约25分钟。"],
      ]),
      syntheticArticle("tenth", "2015-09-21", "示例高新区召开建区十周年座谈会", [
        ["9月20日，示例高新区建区十周年座谈会在管委会召开。"],
        ["2005年10月，示例省人民政府批准设立示例高新区。"],
        ["2021年12月，高新区区域范围调整获批。", "扩区后高新区面积明显扩大。"],
      ]),
      syntheticArticle("bulletin-2018", "2019-03-01", "示例高新区2018年统计公报", [
        ["全区规划面积4650公顷。", "年末全区常住人口18.2万人。"],
      ]),
      syntheticArticle("geo", "2023-03-15", "示例高新区生态园区建设纪实", [
        ["园区地处鉴水北岸，东接柘岭，西邻铧山森林公园。", "园区北部新建鉴水公园，面积12公顷。"],
        ["鉴塘片区距示例港约12公里。", "园区距示例港约40公里，货车经绕城高速直达港区。"],
      ]),
      syntheticArticle("expansion", "2022-09-06", "示例高新区区域范围调整方案获批", [
        ["根据方案，示例高新区规划面积由46.5平方公里扩大至58.3平方公里。"],
      ]),
      syntheticArticle("review-2023", "2024-02-05", "示例高新区2023年经济运行回顾", [
        ["截至2023年底，全区省级专精特新中小企业71家。"],
        [
          "2023年，示例高新区经济运行稳中有进。",
          "全年实现地区生产总值463.5亿元；出口112.4亿元，同比增长9.7%。",
          "园区外贸出口额稳步提升。",
        ],
        ["在最新公布的全国高新区综合评价中，示例高新区位列第86位。"],
      ]),
      {
        ...syntheticArticle("profile", "2018-04-16", "Shili High-tech Zone profile", [
          ["The zone has a planned area of 42.7 square kilometers."],
          ["The zone is home to over 2,300 enterprises."],
          ["Shili South Railway Station is 9 km away, and Shili Airport is 36 km away."],
          [
            "Newly recognized provincial-level R&D centers in the zone can receive a one-off grant of up to 5 million yuan.",
          ],
        ]),
        lang: "en",
      },
    ],
    lexicon,
  );
});

describe("a year named roughly", () => {
  it("reads 2018年前后 as the years around 2018: the bulletin published in 2018 about 2017 answers", async () => {
    const a = await bot.answer("2018年前后示例高新区有多少家高新技术企业");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("152家");
  });

  it("keeps a year named exactly as a restriction: 2019 has no figure", async () => {
    expect((await bot.answer("2019年示例高新区有多少家高新技术企业")).answered).toBe(false);
    expect((await bot.answer("2019年前后示例高新区有多少家高新技术企业")).answered).toBe(false);
  });
});

describe("distances to another park", () => {
  it("answers the zone's distance to the bonded zone it names as the destination (综保区 = 综合保税区)", async () => {
    const far = await bot.answer("高新区到综保区多远？");
    expect(far.answered).toBe(true);
    expect(far.answer).toContain("28公里");
    const long = await bot.answer("从高新区开车去综保区要多久？");
    expect(long.answer).toContain("30分钟");
  });

  it("does not give the bonded zone the zone's distance, nor the zone the bonded zone's area", async () => {
    const area = await bot.answer("示例综合保税区面积多大");
    expect(area.answer).toContain("3.2平方公里");
    const zoneArea = await bot.answer("示例高新区规划面积多大");
    expect(zoneArea.answer).not.toContain("3.2");
  });
});

describe("what the question says before it asks", () => {
  it("answers 扩区前后…分别是多少 (扩区 is the lexicon's 扩大) with the expansion sentence", async () => {
    const a = await bot.answer("扩区前后，园区规划面积分别是多少？");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/46\.5.*58\.3/);
  });
});

describe("English questions", () => {
  it("reads 'railway station?' with its question mark as the phrase, and answers from the English page", async () => {
    const a = await bot.answer("How far is Shili High-tech Zone from the railway station?");
    expect(a.answered).toBe(true);
    expect(a.citations[0]?.id).toBe("profile#p3s1");
  });

  it("takes a page's year for the figures it states without one, and refuses a year it is not", async () => {
    const a = await bot.answer("What was the planned area of the Shili zone in 2018?");
    expect(a.answer).toContain("42.7");
    const count = await bot.answer(
      "How many enterprises were in Shili High-tech Zone according to the 2018 profile?",
    );
    expect(count.answer).toContain("2,300");
    expect((await bot.answer("How many enterprises were in Shili High-tech Zone in 2021?")).answered).toBe(
      false,
    );
  });

  it("reads 'what was the export value … in 2023' as a figure, not an overview of the zone", async () => {
    const a = await bot.answer("What was the export value of Shili High-tech Zone in 2023?");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("112.4");
    expect(a.answer).not.toContain("463.5");
  });
});

describe("parks named by their kind alone", () => {
  it("reads a bare 综保区 as the only bonded zone the knowledge base knows", async () => {
    const a = await bot.answer("综保区规划面积多少");
    expect(a.about).toBe("示例综保区");
    expect(a.answer).toContain("3.2平方公里");
  });

  it("keeps the zone as the subject when the bonded zone is where one goes", async () => {
    const a = await bot.answer("园区到综保区多远");
    expect(a.about).toBeUndefined();
    expect(a.answer).toContain("28公里");
  });
});

describe("figures for what was asked", () => {
  it("reads 出口额 as covered by 出口 with an amount after it", async () => {
    const a = await bot.answer("示例高新区2023年出口额是多少？");
    expect(a.answer).toContain("112.4");
  });

  it("answers a year with the whole year's figure, and months with those months'", async () => {
    const year = await bot.answer("示例综合保税区2023年进出口额多少");
    expect(year.answer).toContain("326");
    expect(year.answer).not.toContain("215");
    const months = await bot.answer("示例综合保税区2023年前8个月进出口额多少");
    expect(months.answer).toContain("215");
  });

  it("answers one project's investment with its own figure, not the sum of two", async () => {
    const a = await bot.answer("甲乙新材料产业园项目总投资多少");
    expect(a.answer).toContain("56亿元");
    expect(a.answer).not.toContain("79亿元");
  });

  it("answers a notice's phone from its line of labelled fields, through the notice's title", async () => {
    const a = await bot.answer("储能专项资金申报的联系电话多少？");
    expect(a.answer).toContain("57720000");
    expect(a.citations[0]?.id).toBe("fund-notice#p2s1");
  });
});

describe("how Chinese words the same thing", () => {
  it("reads 扩区 as the articles' 调整规划范围 (language data: the official phrase for it)", async () => {
    expect((await bot.answer("扩区是谁批复的")).answer).toContain("示例省人民政府");
    expect((await bot.answer("扩区以后建成区面积有多大")).answer).toContain("33.8平方公里");
  });

  it("reads 第二个 as a rank, 市里 as the city, and 范围内 as 'within'", async () => {
    expect((await bot.answer("示例高新区在示例省的国家级高新区里排第几个"))?.answer).toContain("第二个");
    expect((await bot.answer("示例高新区在市里什么方位")).answer).toContain("西北部");
    expect((await bot.answer("高新区范围内有几个地铁站")).answer).toContain("3座车站");
  });

  it("reads 负责哪块工作 as a duty, not a place", async () => {
    const a = await bot.answer("樊示例负责哪块工作");
    expect(a.answer).toContain("科技创新");
  });

  it("reads everyday words as the articles' terms (lexicon synonyms: 行业, 芯片, 市区, 门槛)", async () => {
    expect((await bot.answer("示例高新区主要做哪些行业")).answer).toContain("集成电路");
    expect((await bot.answer("2023年芯片那块产值多少")).answer).toContain("286.5");
    expect((await bot.answer("住市区的话坐地铁去高新区要多久")).answer).toContain("25分钟");
    expect((await bot.answer("申报低空经济扶持资金对营收有门槛吗")).answer).toContain("1000万元");
  });

  it("reads where the asker read something (英文资料写的) as no topic of its own", async () => {
    const a = await bot.answer("示例高新区规划面积多大，英文资料写的42.7，现在还是这个数吗");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("58.3");
  });

  it("reads 招商 as the articles' 投资 (招商电话 → 投资热线), and a clause after the question mark as context", async () => {
    const a = await bot.answer("招商的电话是多少？想咨询落户");
    expect(a.answer).toContain("0000-57710000");
  });

  it("answers 办公地址 with a street address, not with a place where something was held", async () => {
    const a = await bot.answer("管委会办公地址是哪里");
    expect(a.answer).toContain("铧峰大道99号");
  });

  it("reads 扩大到多少 as asking for the figure, when the articles word the change otherwise", async () => {
    const a = await bot.answer("示例高新区规划面积扩大到多少？");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("58.3");
  });
});

describe("figures listed with 分别", () => {
  it("answers each park listed before 分别 with the clause that gives its figure", async () => {
    const a = await bot.answer("样本经开区2023年税收多少");
    expect(a.about).toBe("样本经开区");
    expect(a.answer).toContain("92.8亿元");
    expect(a.citations[0]?.id).toBe("three-parks#p1s1");
  });

  it("does not give a park the clause does not list its figure", async () => {
    expect((await bot.answer("演示工业园2023年税收多少")).answered).toBe(false);
  });
});

describe("more ways of asking", () => {
  it("finds a park's name with a verb glued before it (写枧溪经开区的那篇)", async () => {
    const a = await bot.answer("写枧溪经开区建区三十年的那篇是哪个媒体的");
    expect(a.answer).toContain("枧溪晚报");
  });

  it("reads 这几年…涨了多少 as the figures over the years", async () => {
    const a = await bot.answer("这几年园区的省级专精特新企业涨了多少？");
    expect(a.answer).toMatch(/46家[\s\S]*71家/);
  });

  it("finds 省级 where the sentences name the zone's province (zone.json: province)", async () => {
    const a = await bot.answer("2018年示例高新区获得了什么省级称号");
    expect(a.answer).toContain("十佳创新园区");
  });

  it("reads 'application deadline' as a date asked for, and 'energy storage' as 储能", async () => {
    const a = await bot.answer(
      "What is the application deadline for the 2025 energy storage fund in Shili High-tech Zone?",
    );
    expect(a.answer).toMatch(/15 July 2025|July 15/);
  });
});

describe("questions about two things", () => {
  it("reads 比上年多了几家 as the change, and quotes the clause that states it", async () => {
    const a = await bot.answer("2016年高企比上年多了几家");
    expect(a.answer).toContain("增加14家");
  });

  it("quotes each place asked about when one sentence gives both distances", async () => {
    const a = await bot.answer("样本经开区离港口和机场多远");
    expect(a.answer).toMatch(/5公里[\s\S]*26公里/);
  });

  it("asks each of two joined things on its own when no one sentence names both", async () => {
    const a = await bot.answer("示例高新区离高铁站和机场多远");
    expect(a.answered).toBe(true);
    expect(a.answer).toMatch(/9公里[\s\S]*38公里/);
    expect(a.citations).toHaveLength(2);
  });

  it("reads a later part that names nothing (增长多少) as about the first part's thing, even a verb (出口)", async () => {
    const a = await bot.answer("2023年出口多少，增长多少");
    expect(a.answer).toContain("112.4亿元");
    expect(a.answer).toContain("9.7%");
  });

  it("reads 评上 as 获评, 明年6月 as a date, and 多长 as a length", async () => {
    expect((await bot.answer("示例高新区哪年评上的省知识产权示范园区")).answer).toContain("2017");
    expect((await bot.answer("丙丁储能电池基地项目计划啥时候投产")).answer).toContain("明年6月");
    expect((await bot.answer("鉴塘磁浮试验线多长")).answer).toContain("5.6公里");
  });

  it("answers when a notice's round closes from its field sentence, and refuses a round it is not about", async () => {
    expect((await bot.answer("储能专项资金啥时候截止")).answer).toContain("7月15日");
    expect((await bot.answer("2026年储能专项资金啥时候截止")).answered).toBe(false);
  });

  it("reads the year a target was set (20年定的目标) as the year of the article that sets it", async () => {
    const a = await bot.answer("示例高新区20年定的本地配套率目标是多少");
    expect(a.answer).toContain("70%");
  });

  it("counts trains (开行326列)", async () => {
    expect((await bot.answer("中欧班列22年开了多少列")).answer).toContain("326列");
  });
});

describe("distances between two parks", () => {
  it("answers the zone's distance to another park from an FAQ answer that follows its question", async () => {
    const a = await bot.answer("示例高新区到示例临港物流园多远");
    expect(a.about).toBeUndefined();
    expect(a.answer).toContain("32公里");
    // The question is quoted as it is, without a full stop after its question mark.
    expect(a.answer).not.toMatch(/？。/);
  });

  it("answers how far apart two parks are from a clause about both (两地相距)", async () => {
    const a = await bot.answer("示例高新区跟样本经开区相距多远");
    expect(a.answer).toContain("75公里");
  });

  it("reads 两个园区相距 as about both parks, and 经开区隔多远 as the park's name and 隔多远", async () => {
    const a = await bot.answer("示例高新区和岈泓经开区隔多远");
    expect(a.answer).toContain("90公里");
  });

  it("reads a park after 去 as where one goes from the zone written bare (从高新区开车去…)", async () => {
    const a = await bot.answer("从高新区开车去示例综保区要多久");
    expect(a.about).toBeUndefined();
    expect(a.answer).toContain("30分钟");
  });

  it("reads a place named after another park's place (样本港) as one place of that park's question", async () => {
    const a = await bot.answer("样本经开区离样本港多远");
    expect(a.about).toBe("样本经开区");
    expect(a.answer).toContain("5公里");
  });

  it("answers 在哪 with the sentence that says where the park lies, not where something in it is", async () => {
    expect((await bot.answer("示例高新区在哪")).answer).toContain("西北部");
  });

  it("reads 奖多少 / 补多少 as money", async () => {
    const a = await bot.answer("省级专精特新在示例高新区奖多少");
    expect(a.answer).toContain("30万元");
  });

  it("answers how much a grant gives with its rate and its cap", async () => {
    const a = await bot.answer("做储能电芯研发，研发投入能补多少？");
    expect(a.answer).toContain("20%");
    expect(a.answer).toContain("300万元");
  });

  it("names the person when a leader's profile names them only at its start", async () => {
    const a = await bot.answer("示例高新区现在管委会主任是谁");
    expect(a.answer).toContain("岑示例");
  });

  it("answers an English question from an English sentence when the Chinese ones cover it only in part", async () => {
    const a = await bot.answer("What grant can a new provincial R&D center get in Shili High-tech Zone?");
    expect(a.answer).toContain("5 million yuan");
  });

  it("dates an event only from a sentence that names it: 开工 is not 投产, a target is not an achievement", async () => {
    expect((await bot.answer("甲乙新材料产业园项目什么时候开工")).answer).toContain("6月15日");
    expect((await bot.answer("甲乙新材料产业园项目什么时候投产")).answered).toBe(false);
    expect((await bot.answer("示例高新区高企突破600家是哪年实现的")).answered).toBe(false);
    // (An English question's verb comes through the glossary loosely — become → 建成 — and does not decide.)
    const upgraded = await bot.answer(
      "When did Shili High-tech Zone become a national-level high-tech zone?",
    );
    expect(upgraded.answer).toContain("2015");
  });
});

describe("a park whose name jieba does not know", () => {
  it("reads 岈泓经开区 (泓 tagged a measure word) as a park, never the zone", async () => {
    const a = await bot.answer("岈泓经开区有多少家企业");
    expect(a.about).toBe("岈泓经开区");
    expect(a.answer).toContain("4100");
    expect((await bot.answer("示例高新区有多少家企业")).answer).not.toContain("4100");
  });

  it("reads a name that begins with its place (岈泓重工) as about that park, when only its sentences use it", async () => {
    const a = await bot.answer("岈泓重工挖掘机基地投了多少");
    expect(a.about).toBe("岈泓经开区");
    expect(a.answer).toContain("85亿元");
  });
});

describe("when an article was published, asked by its title's words", () => {
  it("gives the date of the article whose title names what the question does, without the word 文章", async () => {
    const leaders = await bot.answer("管委会领导分工是哪天公布的");
    expect(leaders.answered).toBe(true);
    expect(leaders.answer).toContain("2017-03-08");
    expect(leaders.citations[0]?.id).toBe("leaders");
    const report = await bot.answer("2024年示例高新区工作报告哪天发布的");
    expect(report.answer).toContain("2024-02-06");
    const faq = await bot.answer("示例高新区投资问答是啥时候更新的");
    expect(faq.answer).toContain("2025-04-10");
  });

  it("reads FAQ and Q&A in an English question as the words of a title", async () => {
    const a = await bot.answer("When was the investor Q&A page last updated?");
    expect(a.answer).toContain("2025-04-10");
  });

  it("keeps a question about a figure announced (排名) a question about the figure, not an article's date", async () => {
    const a = await bot.answer("高新区什么时候公布的排名");
    expect(a.answer).toContain("第86位");
  });
});

describe("a notice's sections", () => {
  it("answers the deadline from the line under 申报时间, which names nothing but the date", async () => {
    const a = await bot.answer("低空经济那笔扶持资金申报什么时候截止");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("4月30日");
    expect(a.citations[0]?.id).toBe("drone-notice#p3s1");
  });

  it("reads a numbered label kept as a sentence (二、申报时间。) as the heading of the line after it", async () => {
    const a = await bot.answer("英才计划申报截止到哪天？");
    expect(a.answer).toContain("9月30日");
    expect(a.citations.map((c) => c.id)).toEqual(["talent-notice#p2s2"]);
  });

  it("reads a numbered label that names a topic ((二)场地补贴。) as context of the line after it", async () => {
    const a = await bot.answer("场地补贴给多少");
    expect(a.answer).toContain("40%");
  });

  it("reads 几号窗口 as which window, not which day", async () => {
    const a = await bot.answer("低空经济扶持资金的纸质材料交到几号窗口");
    expect(a.answer).toContain("A8窗口");
  });
});

describe("what lies beside the park", () => {
  it("answers 挨着哪条河 with the river the park lies on the bank of", async () => {
    const a = await bot.answer("示例高新区挨着哪条河");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("鉴水北岸");
  });

  it("answers a side (西边挨着什么) with the clause about that side, and a mountain with a mountain", async () => {
    expect((await bot.answer("园区西边挨着什么")).answer).toContain("西邻铧山森林公园");
    expect((await bot.answer("园区东边挨着什么")).answer).toContain("东接柘岭");
    expect((await bot.answer("高新区边上那座山叫什么")).answer).toMatch(/柘岭|铧山/);
  });
});

describe("when the park began", () => {
  it("dates the founding by the approval (设立), not by the day of a 建区十周年 meeting", async () => {
    const a = await bot.answer("示例高新区是啥时候成立的");
    expect(a.answer).toContain("2005年10月");
    expect(a.answer).not.toContain("9月20日");
  });

  it("answers 最早 with the earliest approval, not a later one", async () => {
    const a = await bot.answer("示例高新区最早是哪一年批下来的？");
    expect(a.answer).toContain("2005");
  });

  it("reads 时候 before 高新区 as a word, not a typo of another park's name (时后高新区)", async () => {
    const a = await bot.answer("刚起步的时候高新区才多大");
    expect(a.about).toBeUndefined();
    expect(a.answer).not.toContain("时后");
  });

  it("reads 升成国家级高新区 as an upgrade, not a park called 升成", async () => {
    const a = await bot.answer("升成国家级高新区是谁批的？");
    expect(a.answer).toContain("国务院");
  });
});

describe("a Chinese question only an English page answers", () => {
  it("answers from the English sentence whose words the glossary gives the question's meaning", async () => {
    const a = await bot.answer("新认定的省级研发中心最多能拿多少补助");
    expect(a.answered).toBe(true);
    expect(a.answer).toContain("5 million yuan");
  });

  it("still refuses another year's figure, and a word the English page only contains (上市公司 ≠ companies)", async () => {
    expect((await bot.answer("2024年新认定的省级研发中心能拿多少补助")).answered).toBe(false);
    expect((await bot.answer("示例高新区有多少家上市公司？")).answered).toBe(false);
  });
});

describe("the expressway exit", () => {
  it("answers 在哪个口下 with the exit, not with where the park lies", async () => {
    for (const q of ["去示例高新区走高速从哪个口下？", "走高速的话在哪个出口下", "高速下道口叫什么"]) {
      const a = await bot.answer(q);
      expect(a.answer, q).toContain("示例高新出口");
    }
  });
});

describe("the park and its parts", () => {
  it("answers the park's distance, not the one a part of it states (鉴塘片区距…)", async () => {
    const a = await bot.answer("去示例港拉货，高新区离示例港多远？");
    expect(a.answer).toContain("40公里");
    expect((await bot.answer("鉴塘片区离示例港多远")).answer).toContain("12公里");
  });
});

describe("more everyday words", () => {
  it("reads 交了多少税 as the tax revenue (税 → 税收)", async () => {
    const a = await bot.answer("2023年示例高新区交了多少税");
    expect(a.answer).toContain("34.5亿元");
  });

  it("reads 样本那个开发区 as the park of that place, though 开发区 alone means the zone", async () => {
    const a = await bot.answer("样本那个开发区以什么产业为主");
    expect(a.about).toBe("样本经开区");
    expect(a.answer).toContain("汽车制造");
  });
});

describe("a period relative to an event", () => {
  it("answers 扩区以前 with what was stated before the expansion was reported, or the 由X of the change", async () => {
    const area = await bot.answer("扩区以前规划面积多大");
    expect(area.answer).toMatch(/4650公顷|46\.5平方公里/);
    const people = await bot.answer("扩区以前高新区住了多少人");
    expect(people.answer).toContain("18.2万人");
  });

  it("answers 扩区以后 from then on, and reads 建成后 of a project as no period", async () => {
    const after = await bot.answer("扩区以后常住人口多少");
    expect(after.answer).toContain("23.4万人");
    const built = await bot.answer("甲乙新材料产业园项目建成后年产值多少");
    expect(built.answer).toContain("95亿元");
  });
});
