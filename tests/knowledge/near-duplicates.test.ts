import { describe, expect, it } from "vitest";
import {
  type DuplicateCandidate,
  type DuplicateGroup,
  findNearDuplicates,
  foldForComparison,
} from "../../src/knowledge/near-duplicates.js";

/*
 * All articles here are synthetic: 示例高新区, 示例市 and every figure are made up, and the urls use
 * example domains.
 */

/** The original story, one sentence per entry. */
const ORIGINAL = [
  "示例高新区位于示例市西南部，规划面积12.5平方公里，是省级高新技术产业开发区。",
  "园区成立于2009年，现有规模以上工业企业86家，其中高新技术企业41家。",
  "近年来，园区围绕电子信息、新材料和生物医药三大主导产业，持续推进产业链招商。",
  "2022年，园区实现规模工业总产值215亿元，同比增长9.6%。",
  "园区建成标准厂房约48万平方米，为中小企业提供“拎包入驻”服务。",
  "示例高新区管委会设立企业服务中心，推行一站式审批，企业开办时间压缩至1个工作日。",
  "园区还与示例大学共建创新研究院，累计孵化科技型企业120余家。",
  "下一步，园区将加快建设数字经济产业园，力争到2025年主导产业产值突破300亿元。",
];

/** The same story copied by a Hong Kong / Taiwan style site, written out by hand in traditional characters. */
const TRADITIONAL = [
  "示例高新區位於示例市西南部，規劃面積12.5平方公里，是省級高新技術產業開發區。",
  "園區成立於2009年，現有規模以上工業企業86家，其中高新技術企業41家。",
  "近年來，園區圍繞電子信息、新材料和生物醫藥三大主導產業，持續推進產業鏈招商。",
  "2022年，園區實現規模工業總產值215億元，同比增長9.6%。",
  "園區建成標準廠房約48萬平方米，為中小企業提供「拎包入駐」服務。",
  "示例高新區管委會設立企業服務中心，推行一站式審批，企業開辦時間壓縮至1個工作日。",
  "園區還與示例大學共建創新研究院，累計孵化科技型企業120餘家。",
  "下一步，園區將加快建設數字經濟產業園，力爭到2025年主導產業產值突破300億元。",
];

/** A mirror's copy: the 厂房 sentence lost, the mirror's own line added at the end. */
const MIRROR = [...ORIGINAL.slice(0, 4), ...ORIGINAL.slice(5), "本文转载自示例资讯网，转载请注明出处。"];

/** A different story on the same zone that quotes two sentences of the original. */
const QUOTING = [
  "示例高新区日前举办2023年春季招聘会，吸引求职者3000余人次。",
  ORIGINAL[0],
  "本次招聘会共有62家园区企业参加，提供岗位1800余个。",
  "岗位涵盖研发、生产、销售和管理等多个类别，其中本科以上学历岗位占四成。",
  ORIGINAL[3],
  "示例高新区人才服务中心现场设置政策咨询台，为求职者解读人才安居补贴政策。",
  "部分企业还开通了视频面试通道，方便外地求职者远程应聘。",
  "据统计，招聘会当天初步达成就业意向760余人。",
  "园区负责人表示，今年将再举办三场专场招聘活动。",
  "下一步还将联合示例职业技术学院开展订单式人才培养。",
] as string[];

/** An encyclopedia-style page that includes the whole original among three times as much other text. */
const ENCYCLOPEDIA = [
  "示例高新区，全称示例高新技术产业开发区，是示例市下辖的经济功能区。",
  "该区地处丘陵向平原过渡地带，地势西高东低，境内有示例河自北向南流过。",
  "区内年平均气温约17摄氏度，四季分明，雨量充沛，属亚热带季风气候。",
  "建区以前，该地主要为农田和村庄，居民以种植水稻和柑橘为生。",
  "2008年，示例市政府决定在城区西南设立工业集中区，次年正式挂牌成立。",
  ...ORIGINAL,
  "交通方面，示例绕城高速在区内设有两个出入口，距示例火车站约15公里。",
  "区内道路网络呈方格状布局，主干道包括科创大道、学府路和滨河路。",
  "公共交通有7条公交线路连接主城区，另有一条有轨电车线路正在规划之中。",
  "教育方面，区内有公办小学3所、初级中学2所，另有示例大学一个校区。",
  "医疗方面，区内设有社区卫生服务中心2家，示例市第三人民医院在区内设有分院。",
  "文化设施包括一座图书馆分馆、一座科技馆和若干社区文化活动中心。",
  "区内还保留有一处清代古民居建筑群，已被列为县级文物保护单位。",
  "每年秋季，区内举办柑橘文化节，吸引周边游客前来采摘观光。",
  "生态方面，示例河沿岸建有长约6公里的滨河绿道和两处湿地公园。",
  "区内绿化覆盖率约为38%，建成区人均公园绿地面积约12平方米。",
  "行政上，示例高新区管委会为示例市人民政府派出机构，下设办公室、经济发展局等部门。",
  "区内辖两个街道办事处，共有社区居委会11个、村民委员会5个。",
  "截至2022年末，区内常住人口约9.2万人，其中外来务工人员约占三成。",
  "在产业配套方面，区内建有污水处理厂一座，日处理能力2万吨。",
  "供电由两座110千伏变电站保障，天然气管网已覆盖主要工业地块。",
  "区内设有保税仓库一处，为外向型企业提供仓储和报关服务。",
  "历史上，该地曾出土过汉代陶器，相关文物现藏于示例市博物馆。",
  "该区先后获得省级生态工业园区、省级知识产权示范园区等称号。",
  "区内主要街道两旁种植香樟和银杏，秋季银杏叶黄，成为市民拍照打卡的去处。",
  "近年来，区内新建了多处人才公寓和商业综合体，配套服务逐步完善。",
  "区内方言属西南官话，与示例市主城区口音略有差别。",
  "参考资料：示例市地方志编纂委员会编《示例市志》。",
];

/** Another story on the same zone, sharing its vocabulary but not its text. */
const UNRELATED = [
  "示例高新区举办2023年产业链招商推介会，签约项目15个，总投资额约68亿元。",
  "签约项目主要集中在电子信息和新材料领域，其中亿元以上项目9个。",
  "推介会上，示例高新区管委会介绍了园区的区位优势、产业基础和营商环境。",
  "多家规模以上工业企业负责人分享了在园区投资发展的经验。",
  "园区现有高新技术企业数量较去年同期增长两成。",
  "与会客商还实地参观了标准厂房和创新研究院。",
  "管委会表示，将为签约项目配备专班，实行全程代办服务。",
  "力争签约项目年内开工率达到八成以上。",
];

/** Extra sentences a mirror appended, enough that Jaccard drops under 0.7 while the original stays inside it. */
const EXTENDED = [
  ...ORIGINAL,
  "编者按：示例资讯网长期关注各地高新区发展动态。",
  "欢迎读者通过本网留言板提供新闻线索。",
  "本网所载文章仅代表作者观点，不代表本网立场。",
  "如需转载本网原创内容，请联系本网编辑部取得授权。",
  "本网对文中陈述、观点判断保持中立，不对内容的准确性作任何保证。",
  "读者如发现文中数据有误，可通过本网纠错邮箱反映，编辑部将及时核实更正。",
];

/** The original as a mirror lays it out: ASCII punctuation, full-width digits, stray spaces and line breaks. */
function mirrorLayout(sentences: readonly string[]): string {
  return sentences
    .map((s) =>
      s
        .replace(/，/g, " , ")
        .replace(/。/g, ".")
        .replace(/、/g, ",")
        .replace(/[“”]/g, '"')
        .replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
    )
    .join("\n\u3000 ");
}

const URL_ORIGINAL = "https://www.example-zone.gov.cn/news/2023/1001.html";

function item(
  key: string,
  sentences: readonly string[],
  extra: Partial<DuplicateCandidate> = {},
): DuplicateCandidate {
  return { key, text: sentences.join(""), date: "2023-05-10", ...extra };
}

/** The groups as `canonical: duplicate, duplicate`, which reads better in a failing assertion than the objects. */
function summary(groups: readonly DuplicateGroup[]): string[] {
  return groups.map((g) => `${g.canonical}: ${g.duplicates.map((d) => d.key).join(", ")}`);
}

describe("foldForComparison", () => {
  it("folds script, width, case, spacing and punctuation away", () => {
    expect(foldForComparison("示例 高新區，規劃面積１２.５平方公里。ＡＢ  c")).toBe(
      "示例高新区规划面积125平方公里abc",
    );
  });

  it("makes the traditional and the re-laid-out copies read exactly like the original", () => {
    const original = foldForComparison(ORIGINAL.join(""));
    expect(foldForComparison(TRADITIONAL.join(""))).toBe(original);
    expect(foldForComparison(mirrorLayout(ORIGINAL))).toBe(original);
  });
});

describe("findNearDuplicates: what is a copy", () => {
  it("finds a copy that differs only in punctuation width and spacing", () => {
    const groups = findNearDuplicates([
      item("original", ORIGINAL),
      { key: "layout", text: mirrorLayout(ORIGINAL), date: "2023-05-11" },
    ]);
    expect(groups).toEqual([{ canonical: "original", duplicates: [{ key: "layout", similarity: 1 }] }]);
  });

  it("finds a copy in traditional characters", () => {
    const groups = findNearDuplicates([
      item("original", ORIGINAL),
      item("traditional", TRADITIONAL, { date: "2023-05-12" }),
    ]);
    expect(summary(groups)).toEqual(["original: traditional"]);
  });

  it("finds a copy with a sentence missing and a site sentence added", () => {
    const groups = findNearDuplicates([
      item("original", ORIGINAL),
      item("mirror", MIRROR, { date: "2023-05-12" }),
    ]);
    expect(summary(groups)).toEqual(["original: mirror"]);
    expect(groups[0]?.duplicates[0]?.similarity).toBeGreaterThan(0.7);
    expect(groups[0]?.duplicates[0]?.similarity).toBeLessThan(1);
  });

  it("finds a copy with additions by containment when Jaccard alone is too low", () => {
    const groups = findNearDuplicates([
      item("original", ORIGINAL),
      item("extended", EXTENDED, { date: "2023-05-12" }),
    ]);
    expect(summary(groups)).toEqual(["original: extended"]);
    // The containment rule made this pair, not Jaccard.
    expect(groups[0]?.duplicates[0]?.similarity).toBeLessThan(0.7);
  });

  it("does not take an article quoting two sentences for a copy", () => {
    expect(findNearDuplicates([item("original", ORIGINAL), item("quoting", QUOTING)])).toEqual([]);
  });

  it("does not take a long page that contains the whole story for a copy", () => {
    expect(findNearDuplicates([item("original", ORIGINAL), item("encyclopedia", ENCYCLOPEDIA)])).toEqual([]);
  });

  it("does not link two stories on the same zone that share vocabulary", () => {
    expect(findNearDuplicates([item("original", ORIGINAL), item("unrelated", UNRELATED)])).toEqual([]);
  });

  it("never links texts shorter than about 20 characters, even identical ones", () => {
    const title = "示例高新区举办春季招聘会";
    expect(findNearDuplicates([item("a", [title]), item("b", [title])])).toEqual([]);
  });

  it("puts the original, a traditional copy and a mirror in one group", () => {
    const groups = findNearDuplicates([
      item("c-mirror", MIRROR, { date: "2023-05-14" }),
      item("b-original", ORIGINAL),
      item("a-traditional", TRADITIONAL, { date: "2023-05-12" }),
      item("quoting", QUOTING),
      item("unrelated", UNRELATED),
    ]);
    expect(summary(groups)).toEqual(["b-original: a-traditional, c-mirror"]);
  });

  it("lets the threshold options change the verdict", () => {
    const pair = [item("original", ORIGINAL), item("extended", EXTENDED, { date: "2023-05-12" })];
    expect(findNearDuplicates(pair, { containment: 1, minLengthRatio: 0.9 })).toEqual([]);
    expect(summary(findNearDuplicates(pair, { containment: 1, minLengthRatio: 0.9, jaccard: 0.6 }))).toEqual([
      "original: extended",
    ]);
  });

  it("rejects invalid options and repeated keys", () => {
    expect(() => findNearDuplicates([], { shingle: 0 })).toThrow(RangeError);
    expect(() => findNearDuplicates([], { jaccard: 1.5 })).toThrow(RangeError);
    expect(() => findNearDuplicates([], { minLengthRatio: 0 })).toThrow(RangeError);
    expect(() => findNearDuplicates([item("a", ORIGINAL), item("a", TRADITIONAL)])).toThrow(
      /duplicate key a/,
    );
  });
});

describe("findNearDuplicates: which copy is canonical", () => {
  const canonicalOf = (items: DuplicateCandidate[]) => findNearDuplicates(items).map((g) => g.canonical);

  it("keeps an already published article over an earlier one", () => {
    expect(
      canonicalOf([
        item("earlier", ORIGINAL, { date: "2023-05-01" }),
        item("published", TRADITIONAL, { date: "2023-06-01", existing: true }),
      ]),
    ).toEqual(["published"]);
  });

  it("keeps the earliest of several published articles", () => {
    expect(
      canonicalOf([
        item("earliest-new", ORIGINAL, { date: "2023-05-01" }),
        item("published-late", TRADITIONAL, { date: "2023-06-01", existing: true }),
        item("published-early", MIRROR, { date: "2023-05-20", existing: true }),
      ]),
    ).toEqual(["published-early"]);
  });

  it("keeps the article whose url another copy quotes over an earlier copy", () => {
    const crediting = [...MIRROR, "原文链接：http://example-zone.gov.cn/news/2023/1001.html"];
    expect(
      canonicalOf([
        item("credited", ORIGINAL, { date: "2023-05-10", url: URL_ORIGINAL }),
        item("crediting", crediting, { date: "2023-05-09", url: "https://mirror.example.net/a/77.html" }),
      ]),
    ).toEqual(["credited"]);
  });

  it("keeps the article whose site another copy names as its source over an earlier copy", () => {
    expect(
      canonicalOf([
        item("credited", ORIGINAL, { date: "2023-05-10", url: URL_ORIGINAL, source: "示例高新区网" }),
        item("crediting", MIRROR, { date: "2023-05-09", source: "示例高新区网 (example-zone.gov.cn)" }),
      ]),
    ).toEqual(["credited"]);
  });

  it("does not count a copy naming its own site as crediting anyone", () => {
    expect(
      canonicalOf([
        item("original", ORIGINAL, { date: "2023-05-09", url: URL_ORIGINAL, source: "示例高新区网" }),
        item("mirror", MIRROR, {
          date: "2023-05-10",
          url: "https://mirror.example.net/a/77.html",
          source: "示例资讯网 (mirror.example.net)",
        }),
      ]),
    ).toEqual(["original"]);
  });

  it("otherwise keeps the earliest", () => {
    expect(
      canonicalOf([
        item("a-later", ORIGINAL, { date: "2023-05-10" }),
        item("b-earlier", TRADITIONAL, { date: "2023-05-09" }),
        item("c-undated", MIRROR, { date: "" }),
      ]),
    ).toEqual(["b-earlier"]);
  });

  it("then the best quality, an unstated quality ranking last", () => {
    expect(
      canonicalOf([
        item("a-unstated", ORIGINAL),
        item("b-poor", TRADITIONAL, { quality: 0.4 }),
        item("c-good", MIRROR, { quality: 0.9 }),
      ]),
    ).toEqual(["c-good"]);
    expect(canonicalOf([item("a-unstated", ORIGINAL), item("b-poor", TRADITIONAL, { quality: 0 })])).toEqual([
      "b-poor",
    ]);
  });

  it("then the smallest key", () => {
    expect(canonicalOf([item("b", ORIGINAL), item("a", TRADITIONAL), item("c", MIRROR)])).toEqual(["a"]);
  });
});

/** mulberry32: a small seeded PRNG, so the generated corpus is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("findNearDuplicates: determinism", () => {
  it("gives the same groups whatever the input order", () => {
    const items = [
      item("original", ORIGINAL, { url: URL_ORIGINAL }),
      { key: "layout", text: mirrorLayout(ORIGINAL), date: "2023-05-08" },
      item("traditional", TRADITIONAL, { date: "2023-05-12", quality: 0.5 }),
      item("mirror", MIRROR, { date: "2023-05-12", quality: 0.5 }),
      item("extended", EXTENDED, { date: "2023-05-09" }),
      item("quoting", QUOTING),
      item("encyclopedia", ENCYCLOPEDIA),
      item("unrelated", UNRELATED),
      item("unrelated-copy", UNRELATED, { date: "2023-05-11" }),
    ];
    const expected = findNearDuplicates(items);
    expect(summary(expected)).toEqual([
      "layout: extended, mirror, original, traditional",
      "unrelated: unrelated-copy",
    ]);
    const random = prng(7);
    for (let round = 0; round < 5; round++)
      expect(findNearDuplicates(shuffled(items, random))).toEqual(expected);
  });
});

describe("findNearDuplicates: at scale", () => {
  /** Simplified characters common in news text; the generated corpus draws only on these. */
  const POOL =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面" +
    "而方后多定行学法所民得经十三之进等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性" +
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气" +
    "第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设" +
    "及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被做必战先回则任取" +
    "据处府研局园科技创企服务项目投产值增长市县镇村";

  /** A vocabulary of 1–4 character words, drawn with a skew so that common words recur across texts. */
  function vocabulary(random: () => number): string[] {
    return Array.from({ length: 800 }, () => {
      let word = "";
      const length = 1 + Math.floor(random() * 4);
      for (let i = 0; i < length; i++) word += POOL[Math.floor(random() * POOL.length)];
      return word;
    });
  }

  /** Sentences of 6–14 words until about `chars` characters. */
  function sentences(random: () => number, words: readonly string[], chars: number): string[] {
    const out: string[] = [];
    let length = 0;
    while (length < chars) {
      const count = 6 + Math.floor(random() * 9);
      let sentence = "";
      for (let i = 0; i < count; i++) {
        sentence += words[Math.floor(random() ** 2 * words.length)];
        if (i === Math.floor(count / 2)) sentence += "，";
      }
      sentence += "。";
      out.push(sentence);
      length += sentence.length;
    }
    return out;
  }

  /** A repost: one sentence dropped, four characters changed, ASCII commas. */
  function repost(random: () => number, original: readonly string[]): string {
    const kept = original.filter((_, i) => i !== 1 + Math.floor(random() * (original.length - 1)));
    const chars = [...kept.join("").replace(/，/g, ", ")];
    for (let n = 0; n < 4; n++)
      chars[Math.floor(random() * chars.length)] = POOL[Math.floor(random() * POOL.length)] ?? "";
    return chars.join("");
  }

  it("finds exactly the planted copies among 2,000 generated texts", () => {
    const random = prng(2024);
    const words = vocabulary(random);
    const pad = (n: number) => String(n).padStart(4, "0");
    const bases = Array.from({ length: 1900 }, () => sentences(random, words, 600));
    const items: DuplicateCandidate[] = bases.map((text, i) => ({
      key: `doc-${pad(i)}`,
      text: text.join(""),
      date: "2020-01-01",
    }));
    const expected: string[] = [];
    for (let i = 0; i < 50; i++) {
      items.push({ key: `copy-${pad(i)}`, text: repost(random, bases[i] as string[]), date: "2020-02-01" });
      expected.push(`doc-${pad(i)}: copy-${pad(i)}`);
    }
    // Near misses that must stay apart: two quoted sentences in a new text, and a short text inside a long page.
    for (let i = 0; i < 25; i++) {
      const quoted = (bases[100 + i] as string[]).slice(2, 4);
      items.push({
        key: `quote-${pad(i)}`,
        text: [...sentences(random, words, 600), ...quoted].join(""),
        date: "2020-03-01",
      });
      items.push({
        key: `long-${pad(i)}`,
        text: [...(bases[200 + i] as string[]), ...sentences(random, words, 1800)].join(""),
        date: "2020-03-01",
      });
    }
    expect(items).toHaveLength(2000);

    const groups = findNearDuplicates(items);
    expect(summary(groups)).toEqual(expected.sort());
    // A dropped long sentence takes some reposts under 0.7 Jaccard; containment still links them.
    for (const group of groups) expect(group.duplicates[0]?.similarity).toBeGreaterThan(0.6);
  });
});
