import { beforeAll, describe, expect, it } from "vitest";
import { createOfflineAnswerer, type OfflineAnswerer } from "../../src/answer/offline/offline-answerer.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { syntheticArticle } from "../helpers/synthetic-article.js";
import { ZONE_KB } from "../helpers/zone-kb.js";

/**
 * How the offline answerer reads sentences in their context: a sentence that refers back (该项目, a bare
 * 招聘会), a year given once at the top of a report, a value after a label's colon, a rate of change, a place in
 * a ranking, a place named after the city. SYNTHETIC: the articles below are made up, about the fictional
 * 示例高新区 of tests/fixtures/zone-kb (its zone file), written for these tests only.
 */
const article = syntheticArticle;

const ARTICLES = [
  article("projects", "2023-05-02", "示例高新区重大项目集中开工", [
    [
      "示例高新区今年将重点推进示例光电有限公司激光器件产业园建设。",
      "该项目总投资18亿元，建成后年产值预计可达30亿元。",
    ],
    ["示例高新区另有一家物流中心今年投用。"],
  ]),
  article("fair", "2019-02-20", "示例高新区将举办夏收专场招聘会", [
    ["示例高新区将于2019年3月9日举办“夏收行动”专场招聘会。", "招聘会地点为示例高新区会展中心。"],
  ]),
  article("report", "2022-01-15", "示例高新区去年发展成绩单", [
    ["截至2021年底，示例高新区共有高新技术企业64家。"],
    ["全年新增发明专利授权233件。"],
    ["2022年，示例高新区计划新增发明专利授权300件。"],
    ["园区规模以上工业总产值达到210亿元，同比增长7.3%。"],
    ["在全国高新区综合评价中，示例高新区排名第95位。"],
    ["园区现有省级以上研发机构26个，其中国家级研发机构4个。"],
  ]),
  article("infobox", "2024-02-01", "示例高新区（百科）", [
    ["常住人口：7.7万人（2023年末）"],
    ["园区距示例港15公里，距示例机场32公里。"],
  ]),
  article("news", "2025-03-01", "示例高新区人口持续增长", [["目前，示例高新区常住人口8.1万人。"]]),
  article("incubator", "2025-03-02", "示例高新区孵化器二期投用", [
    ["3月1日，示例高新区孵化器二期正式投入使用，新增孵化面积2.4万平方米，可容纳初创企业120家。"],
  ]),
];

let bot: OfflineAnswerer;
beforeAll(async () => {
  const lexicon = await loadLexicon(undefined, `${ZONE_KB}/zone.json`);
  bot = createOfflineAnswerer(ARTICLES, lexicon);
});

const ids = async (q: string) => (await bot.answer(q)).citations.map((c) => c.id);

describe("a sentence read with the one before it", () => {
  it("answers from a sentence that says 该项目, quoting the sentence that names the project first", async () => {
    const a = await bot.answer("激光器件产业园总投资多少");
    expect(a.answer).toMatch(/18亿元/);
    expect(a.citations.map((c) => c.id)).toEqual(["projects#p1s1", "projects#p1s2"]);
  });

  it("answers from a sentence that names the topic only in part (招聘会 after 夏收行动专场招聘会)", async () => {
    expect(await ids("夏收行动招聘会在什么地方举办")).toContain("fair#p1s2");
  });

  it("does not borrow the topic from another paragraph", async () => {
    const a = await bot.answer("激光器件产业园什么时候投用");
    expect(a.citations.map((c) => c.id)).not.toContain("projects#p2s1");
  });
});

describe("years", () => {
  it("reads a report's figures as the year its lead names, not the year it was published", async () => {
    const a = await bot.answer("2021年示例高新区新增了多少件发明专利授权");
    expect(a.answer).toMatch(/233件/);
    expect(a.answer).not.toMatch(/300件/);
  });

  it("refuses a year the report does not speak of rather than give another year's figure", async () => {
    const a = await bot.answer("2020年示例高新区新增了多少件发明专利授权");
    expect(a.answered).toBe(false);
  });
});

describe("kinds of figures", () => {
  it("answers a growth question with the rate, not the quantity that grew", async () => {
    const a = await bot.answer("示例高新区工业产值同比增长多少");
    expect(a.answer).toMatch(/7\.3%/);
  });

  it("answers a ranking question with the place in the ranking", async () => {
    const a = await bot.answer("示例高新区在综合评价中排第几名");
    expect(a.answer).toMatch(/第95位/);
  });

  it("binds a value to the label before its colon, and names both sources when they differ", async () => {
    const a = await bot.answer("示例高新区常住人口有多少");
    expect(a.answer).toMatch(/8\.1万/);
    expect(a.answer).toMatch(/7\.7万/);
  });

  it("reads an area written with 万 before its unit (2.4万平方米)", async () => {
    const a = await bot.answer("示例高新区孵化器二期新增孵化面积多少");
    expect(a.answer).toMatch(/2\.4万平方米/);
  });

  it("keeps the 家 of 国家级 when a count question is stripped of its measure word", async () => {
    const a = await bot.answer("示例高新区有几家国家级研发机构");
    expect(a.answer).toMatch(/国家级研发机构4个/);
  });
});

describe("places named after the city", () => {
  it("reads 示例港 as one place, though the dictionary does not know the city's name", async () => {
    const a = await bot.answer("示例高新区离示例港有多远");
    expect(a.answer).toMatch(/15公里/);
    expect(a.answer).not.toMatch(/32公里/);
  });
});

describe("targets, titles and time spans", () => {
  const more = [
    article("plan", "2025-02-01", "示例高新区发展规划印发", [
      ["规划提出，到2030年，示例高新区高新技术企业达到400家。"],
    ]),
    article("count", "2024-01-10", "示例高新区高企数量再创新高", [
      ["截至2023年底，示例高新区高新技术企业达到180家。"],
    ]),
    article("notice", "2026-02-01", "关于开展2026年度“星火人才计划”申报工作的通知", [
      ["为集聚人才，示例高新区决定开展本年度人才项目申报。"],
      ["申报时间为2026年3月1日至3月31日。"],
    ]),
    article("roads", "2022-06-01", "示例高新区交通便利", [["园区货车20分钟即可驶上高速。"]]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("answers how many there are now with a fact, never with a newer article's 2030 target", async () => {
    const now = await many.answer("示例高新区现在有多少家高新技术企业");
    expect(now.answer).toMatch(/180家/);
    expect(now.answer).not.toMatch(/400家/);
    const target = await many.answer("到2030年示例高新区高新技术企业要达到多少家");
    expect(target.answer).toMatch(/400家/);
  });

  it("reads a notice's sentences as about what its title names", async () => {
    const a = await many.answer("星火人才计划什么时候申报");
    expect(a.answer).toMatch(/3月1日/);
  });

  it("answers how long with a span of time, not a date", async () => {
    const a = await many.answer("园区货车上高速要多长时间");
    expect(a.answer).toMatch(/20分钟/);
  });
});

describe("figures that changed, infobox rows, the articles themselves", () => {
  const more = [
    article("expand", "2023-06-01", "示例高新区扩区获批", [
      ["扩区后，示例高新区规划面积由20.5平方公里增至26.1平方公里。"],
    ]),
    article("wiki", "2021-03-01", "示例高新区（百科）", [
      ["设立时间：2004年5月"],
      ["示例高新区于2004年5月经示例省人民政府批准设立。"],
    ]),
    article("reward", "2025-01-01", "示例高新区奖励新认定高企", [
      ["示例高新区对新认定的高新技术企业给予30万元奖励。"],
    ]),
    article("english", "2020-05-01", "Shili High-tech Zone at a glance", [
      ["Shili High-tech Zone was set up in May 2004 with the approval of the provincial government."],
    ]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("takes the figure a change arrived at (由20.5增至26.1 → 26.1)", async () => {
    const a = await many.answer("示例高新区规划面积现在多大");
    expect(a.answer).toMatch(/^[^另]*26\.1平方公里/);
  });

  it("prefers a sentence to an infobox row that states the same", async () => {
    const a = await many.answer("示例高新区是哪一年设立的");
    expect(a.citations[0]?.id).toBe("wiki#p2s1");
  });

  it("answers an English question about a date from an English sentence that says it in other words", async () => {
    const a = await many.answer("When was Shili High-tech Zone established?");
    expect(a.citations[0]?.id).toBe("english#p1s1");
  });

  it("names the earliest article, and the sources the articles come from", async () => {
    const earliest = await many.answer("知识库里最早的一篇文章是什么？");
    expect(earliest.answer).toMatch(/示例高新区将举办夏收专场招聘会/);
    const sources = await many.answer("知识库的文章都来自哪些网站？");
    expect(sources.answered).toBe(true);
    expect(sources.answer).toMatch(/示例测试网：10 篇/);
  });

  it("answers how many things with a count, not with a sum of money in the same sentence", async () => {
    const a = await many.answer("示例高新区有多少家高新技术企业");
    expect(a.answer).not.toMatch(/亿元|万元/);
  });
});

describe("topic overviews", () => {
  const more = [
    article("place", "2022-03-01", "示例高新区区位", [
      ["示例高新区位于示例市城区北部。"],
      ["园区距示例火车站9公里，距示例机场28公里。"],
      ["示例绕城高速在园区设有出入口。"],
      ["园区交通条件的改善将吸引更多物流企业。"],
    ]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("answers 交通条件怎么样 with the distances and the links, not only a sentence that repeats the words", async () => {
    const a = await many.answer("示例高新区的交通条件怎么样");
    expect(a.answer).toMatch(/距示例\p{Script=Han}+\d+公里/u);
    expect(a.answer).toMatch(/绕城高速/);
  });

  it("answers 区位优势 with where the park is and what it is near", async () => {
    const a = await many.answer("示例高新区有哪些区位优势");
    expect(a.answer).toMatch(/城区北部/);
    expect(a.answer).toMatch(/距示例\p{Script=Han}+\d+公里/u);
  });
});

describe("series, days and addresses", () => {
  const more = [
    article("count-2020", "2021-01-10", "示例高新区高企达到70家", [
      ["截至2020年底，示例高新区高新技术企业达到70家。"],
    ]),
    article("count-2024", "2025-01-10", "示例高新区高企达到120家", [
      ["截至2024年底，示例高新区高新技术企业达到120家。"],
    ]),
    article("apply", "2026-03-01", "关于开展2026年度“星光计划”申报工作的通知", [
      ["示例高新区决定开展2026年度“星光计划”申报工作。"],
      ["评审结果将于5月底前公示。"],
      ["纸质材料请送至示例高新区政务服务中心（星光大道8号）。"],
    ]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("answers how a figure changed with every source's figure, oldest first", async () => {
    const a = await many.answer("这几年示例高新区的高新技术企业数量是怎么变化的");
    expect(a.answer).toMatch(/70家.*64家.*120家/s);
  });

  it("answers when with part of a month, and where with an address", async () => {
    expect((await many.answer("星光计划评审结果什么时候公布")).answer).toMatch(/5月底/);
    expect((await many.answer("星光计划的纸质材料送到哪里")).answer).toMatch(/星光大道8号/);
  });
});

describe("what the question really asks", () => {
  it("takes the head of the noun phrase after 哪些 as the kind of answer (哪些省级的荣誉 → 荣誉)", async () => {
    const analysis = bot.explain("示例高新区拿过哪些省级的荣誉").analysis;
    expect(analysis.unknown).not.toContain("荣誉");
  });

  it("reads the clauses before the question as context, not as what must be answered", async () => {
    const a = await bot.answer("我们公司做跨境物流，很依赖水运，示例高新区离示例港有多远？");
    expect(a.answer).toMatch(/15公里/);
  });
});

describe("industries", () => {
  it("answers what industries with the sentence that lists them", async () => {
    const many = createOfflineAnswerer(
      [
        ...ARTICLES,
        article("industry", "2022-02-02", "示例高新区产业发展", [
          ["示例高新区产业特色鲜明，发展势头良好。"],
          ["示例高新区重点发展光电子、智能制造和现代物流产业。"],
        ]),
      ],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
    const { supports } = many.explain("示例高新区主要搞什么产业");
    const best = [...supports].sort((x, y) => y.score - x.score)[0];
    expect(best?.sentence.id).toBe("industry#p2s1");
  });
});

describe("names, upgrades and the latest year", () => {
  const more = [
    article("names", "2021-04-01", "示例高新区简介", [
      ["示例高新区全称示例高新技术产业开发区，2016年5月经国务院批准升级为国家高新区。"],
    ]),
    article("gdp-2023", "2024-02-01", "示例高新区2023年经济运行", [
      ["2023年，示例高新区地区生产总值达到260亿元。"],
    ]),
    article("gdp-2024", "2025-02-01", "示例高新区2024年经济运行", [
      ["2024年，示例高新区地区生产总值达到288亿元。"],
    ]),
    article("port-park", "2024-05-01", "三园区比较", [
      ["示例临港产业园位于示例市东部，规划面积7.5平方公里。"],
      ["示例高新区规划面积26.1平方公里。"],
    ]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("answers the full name from the sentence that gives it", async () => {
    expect((await many.answer("示例高新区的全称是什么")).answer).toMatch(/示例高新技术产业开发区/);
  });

  it("reads 拿到国家级身份 as the upgrade", async () => {
    expect((await many.answer("示例高新区哪天拿到国家级身份的")).answer).toMatch(/2016年5月/);
  });

  it("answers 最近一年 with the newest figure", async () => {
    const a = await many.answer("示例高新区最近一年的地区生产总值是多少");
    expect(a.answer).toMatch(/^[^另]*288亿元/);
  });

  it("knows a …产业园 named in the zone file as another park: its area is not the zone's", async () => {
    const a = await many.answer("示例高新区规划面积现在多大");
    expect(a.answer).not.toMatch(/7\.5平方公里/);
  });
});

describe("more kinds of things asked", () => {
  const more = [
    article("homes", "2024-07-01", "示例高新区人才公寓交付", [
      ["示例高新区人才公寓共有860套，今年已交付300套。"],
      ["示例光电有限公司激光器件产业园二期项目总投资22亿元。"],
    ]),
    article("leaders", "2025-07-01", "示例高新区新任领导", [["示例高新区管委会主任周示例主持会议。"]]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("counts things in any measure word (套)", async () => {
    expect((await many.answer("示例高新区的人才公寓有多少套")).answer).toMatch(/860套/);
  });

  it("answers how big an investment is with money", async () => {
    expect((await many.answer("激光器件产业园二期项目投资多大")).answer).toMatch(/22亿元/);
  });

  it("does not read 这几年 about a person as a series of counts", async () => {
    const a = await many.answer("示例高新区管委会主任这几年换过人没有");
    expect(a.answer).not.toMatch(/按时间先后/);
  });
});

describe("areas named differently", () => {
  it("compares 建成区面积 with 已建成区域 (another unit, another year) and shows both", async () => {
    const many = createOfflineAnswerer(
      [
        ...ARTICLES,
        article("built-2017", "2017-03-01", "示例高新区工作报告", [
          ["园区规划面积2000公顷，已建成区域900公顷。"],
        ]),
        article("built-2023", "2023-03-01", "示例高新区扩区", [["示例高新区建成区面积达到12.4平方公里。"]]),
      ],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
    const a = await many.answer("示例高新区的建成区有多大");
    expect(a.answer).toMatch(/12\.4平方公里.*900公顷/s);
  });
});

describe("two questions in one message", () => {
  it("reads the second about the park and year the first named, and quotes a sentence that answers both once", async () => {
    const many = createOfflineAnswerer(
      [
        ...ARTICLES,
        article("neighbour", "2024-05-01", "样本经开区简介", [
          ["样本经开区入驻企业420家，主要发展汽车零部件和物流产业。"],
        ]),
        article("zone-industry", "2024-05-02", "示例高新区产业", [["示例高新区主要发展光电子产业。"]]),
      ],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
    const a = await many.answer("样本经开区有多少家入驻企业，主要发展什么？");
    expect(a.answer).toMatch(/420家/);
    expect(a.answer).toMatch(/汽车零部件/);
    expect(a.answer).not.toMatch(/光电子/);
    expect(a.answer.match(/420家/g)?.length).toBe(1);
  });
});

describe("the second part of a message from the first part's sentence", () => {
  it("takes 总投资 from the sentence that gave the signed projects, not from another project", async () => {
    const many = createOfflineAnswerer(
      [
        ...ARTICLES,
        article("signed", "2023-05-01", "示例高新区招商成绩", [
          ["今年1至4月，示例高新区已签约项目33个，总投资190亿元。"],
        ]),
        article("one", "2023-06-01", "示例高新区一项目开工", [["示例高新区某新材料项目总投资15亿元。"]]),
      ],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
    const a = await many.answer("2023年示例高新区签约了多少个项目，总投资多少？");
    expect(a.answer).toMatch(/33个/);
    expect(a.answer).toMatch(/190亿元/);
    expect(a.answer).not.toMatch(/15亿元/);
  });
});

describe("when, exactly", () => {
  const more = [
    article("upgrade-a", "2024-01-01", "示例高新区简介二", [["示例高新区于2016年5月升级为国家高新区。"]]),
    article("upgrade-b", "2016-05-20", "示例高新区升级", [
      ["2016年5月18日，国务院批准示例高新区升级为国家高新区。"],
    ]),
    article("plan-2017", "2016-11-01", "关于2017年度科技计划申报的通知", [
      ["申报截止时间为2016年12月16日。"],
    ]),
  ];
  let many: OfflineAnswerer;
  beforeAll(async () => {
    many = createOfflineAnswerer(
      [...ARTICLES, ...more],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
  });

  it("answers 哪天 with the day when a source gives it", async () => {
    expect((await many.answer("示例高新区哪天升级为国家高新区的")).answer).toMatch(/5月18日/);
  });

  it("refuses a 年度 the sources do not speak of rather than give another year's date", async () => {
    expect((await many.answer("2026年度科技计划什么时候申报")).answered).toBe(false);
  });

  it("does not read 这几年 as a count", () => {
    expect(many.explain("管委会主任这几年换过人没有").analysis.intents.map((i) => i.name)).not.toContain(
      "count",
    );
  });
});

describe("programmes and lines", () => {
  it("answers when a 年度 programme is applied for from the articles about it, whatever year they speak of", async () => {
    const many = createOfflineAnswerer(
      [
        ...ARTICLES,
        article("call-2017", "2016-11-01", "关于申报2017年度星河计划的通知", [
          ["星河计划申报截止时间为2016年12月16日。"],
        ]),
      ],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
    expect((await many.answer("2017年度星河计划申报到哪天截止")).answer).toMatch(/12月16日/);
    expect((await many.answer("2019年度星河计划申报到哪天截止")).answered).toBe(false);
  });

  it("reads 地铁线 as 地铁 and its line, but 中小学 as schools, not small companies", async () => {
    const many = createOfflineAnswerer(
      [
        ...ARTICLES,
        article("metro", "2024-01-01", "示例高新区交通", [["示例地铁3号线将在示例高新区设站。"]]),
        article("sme", "2024-01-02", "示例高新区企业", [["示例高新区现有中小企业400家。"]]),
      ],
      await loadLexicon(undefined, `${ZONE_KB}/zone.json`),
    );
    expect((await many.answer("示例高新区通哪条地铁线")).answer).toMatch(/3号线/);
    expect((await many.answer("示例高新区有多少所中小学")).answered).toBe(false);
  });
});

describe("ports", () => {
  it("reads 港口 as the port the knowledge base names (示例港)", async () => {
    const a = await bot.answer("我们走水运，示例高新区到港口多少公里？");
    expect(a.answer).toMatch(/示例港15公里/);
  });
});

describe("measure words", () => {
  it("keeps 项目 whole after 多少 (项 is no measure word there)", () => {
    expect(bot.explain("示例高新区签了多少项目").analysis.required.map((t) => t.word)).toContain("项目");
  });
});

describe("a question that names a company or project, not its park", () => {
  it("is about the park whose sentences name it, and only when one park's do", async () => {
    const articles = [
      ...ARTICLES,
      article("neighbour", "2024-03-01", "样本经开区引进新能源整车项目", [
        [
          "样本经开区与样本汽车集团签约新能源整车项目。",
          "该项目总投资120亿元，达产后可年产新能源整车30万辆。",
        ],
      ]),
    ];
    const answerer = createOfflineAnswerer(articles, await loadLexicon(undefined, `${ZONE_KB}/zone.json`));
    const a = await answerer.answer("样本汽车集团新能源整车项目投资多少");
    expect(a.answer).toMatch(/120亿元/);
    expect(a.about).toBe("样本经开区");
    // A phrase, not a name, decides nothing: still the zone's question.
    expect((await answerer.answer("注册资本是多少")).citations.map((c) => c.id)).not.toContain(
      "neighbour#p1s2",
    );
  });
});

describe("leading industries", () => {
  it("重点发展哪些产业 is answered by the list of leading industries, not by a part's plans", async () => {
    const articles = [
      article("industries", "2022-01-01", "示例高新区概况", [
        ["示例高新区以新材料、智能装备和电子信息为主导产业。"],
        ["新纳入的5.7平方公里区块位于园区南部，将重点发展锂电新能源产业。"],
      ]),
    ];
    const answerer = createOfflineAnswerer(articles, await loadLexicon(undefined, `${ZONE_KB}/zone.json`));
    const a = await answerer.answer("示例高新区重点发展哪些产业？");
    expect(a.citations[0]?.id).toBe("industries#p1s1");
  });
});

describe("a name the dictionary cuts in two", () => {
  it("郑 + 示例 is the person 郑示例, whom the answer must be about", async () => {
    const articles = [
      article("people", "2023-01-01", "示例高新区召开招商大会", [
        ["示例高新区管委会主任赵示例介绍了园区招商情况。"],
        ["示例高新区管委会副主任郑示例表示，园区将继续扩大开放。"],
      ]),
    ];
    const answerer = createOfflineAnswerer(articles, await loadLexicon(undefined, `${ZONE_KB}/zone.json`));
    const a = await answerer.answer("郑示例在示例高新区担任什么职务？");
    expect(a.citations[0]?.id).toBe("people#p2s1");
    expect(a.answer).toContain("副主任");
    // Someone the articles never name gets no one else's title.
    expect((await answerer.answer("王示例在示例高新区担任什么职务？")).answered).toBe(false);
  });
});
