import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Article, sentenceId } from "../knowledge/article.js";
import { prng } from "./synthetic-pages.js";

/**
 * A distractor corpus for the scale benchmark (`npm run bench -- --sentences …`): seeded, synthetic Chinese news
 * articles, already cleaned (the `knowledge/<id>.json` format), so any number of sentences can be written in
 * seconds and put next to the real articles.
 *
 * About half the sentences state facts of FICTIONAL parks (invented place names + 高新区/经开区/工业园…): planned
 * area in 平方公里, founding and upgrade years, distances (距…公里), company counts, output, industries — the kinds
 * of fact the real article states about the zone, so they compete with it in search. The rest is generic economy
 * and technology news of invented cities and companies. No sentence states anything about a real place.
 *
 * Every article says it is synthetic: its title starts with SYNTHETIC_MARK, its source names it, and its url is
 * on example.org.
 */

export const SYNTHETIC_MARK = "【合成测试数据】";
export const SYNTHETIC_SOURCE = "合成测试语料 synthetic benchmark corpus (example.org)";
/** Sentence length bounds, in characters. */
export const MIN_CHARS = 20;
export const MAX_CHARS = 80;
/** Sentences per article (the last article of a corpus smaller than MIN_ARTICLE may be shorter). */
export const MIN_ARTICLE = 10;
export const MAX_ARTICLE = 40;

// Invented place names: rare characters put together (澜屿, 珀汀, 翎湾…), not real cities or counties. Each is one
// that the park recogniser (src/search/subjects.ts) reads as a place, as it reads real place names: a name it
// cannot read would make its park's sentences bare references, attributed to the zone (tests/bench checks).
const FIRST = ["澜", "汐", "珀", "翎", "黛", "芷", "岚"];
const SECOND = ["屿", "汀", "汐", "澜", "翎", "湾", "浦"];
/** The invented cities; each one's parks are named after it, as real ones are (X市 → X高新区). */
export const CITIES: readonly string[] = FIRST.flatMap((a) =>
  SECOND.filter((b) => b !== a).map((b) => a + b),
);
export const PARK_KINDS: readonly string[] = [
  "高新区",
  "经开区",
  "工业园",
  "产业园",
  "科技园",
  "开发区",
  "高新技术产业开发区",
  "经济技术开发区",
];
const KIND_FULL: Record<string, string> = {
  高新区: "高新技术产业开发区",
  高新技术产业开发区: "高新技术产业开发区",
  经开区: "经济技术开发区",
  经济技术开发区: "经济技术开发区",
  开发区: "经济开发区",
  工业园: "工业园区",
  产业园: "产业园区",
  科技园: "科技园区",
};
const DIRECTIONS = ["东", "南", "西", "北", "东南", "西南", "东北", "西北"];
const INDUSTRIES = [
  "智能装备",
  "新材料",
  "电子信息",
  "生物医药",
  "新能源汽车",
  "现代物流",
  "输变电装备",
  "节能环保",
  "航空航天",
  "精细化工",
  "食品加工",
  "软件和信息服务",
  "医疗器械",
  "新型储能",
];
const PRODUCTS = [
  "智能巡检机器人",
  "高压变频器",
  "锂电池隔膜",
  "工业控制芯片",
  "新能源汽车电机",
  "医用防护材料",
  "光伏逆变器",
  "碳纤维复合材料",
  "智能电表",
  "精密轴承",
  "液压元件",
  "无人机",
];
const COMPANY_WORDS = [
  "恒瑞",
  "泰华",
  "宏远",
  "鑫达",
  "科润",
  "华创",
  "远航",
  "中科",
  "金泰",
  "博睿",
  "德信",
  "新航",
];
const SURNAMES = ["李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高"];
const GIVEN = [
  "建国",
  "海涛",
  "丽华",
  "志强",
  "晓东",
  "文静",
  "国平",
  "春燕",
  "立新",
  "卫东",
  "明辉",
  "秀英",
];
const HONOURS = [
  "国家级新型工业化产业示范基地",
  "国家知识产权示范园区",
  "国家绿色园区",
  "省级智慧园区",
  "国家火炬特色产业基地",
  "国家小型微型企业创业创新示范基地",
  "省级双创示范基地",
];
const LEVELS = ["省人民政府", "市人民政府", "国务院"];

type Next = () => number;

/** The seeded random choices everything below is made of. */
class Dice {
  constructor(readonly next: Next) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  decimal(min: number, max: number, digits: number): string {
    return (min + this.next() * (max - min)).toFixed(digits);
  }
  others<T>(list: readonly T[], count: number): T[] {
    const out: T[] = [];
    while (out.length < count) {
      const item = this.pick(list);
      if (!out.includes(item)) out.push(item);
    }
    return out;
  }
}

/** One article's cast: the park it is about, its city, and the names it may mention. */
interface Scene {
  city: string;
  park: string;
  kind: string;
  /** Another park, for sentences that compare or link two. */
  other: string;
  company: string;
  person: string;
  industry: string;
  year: number;
}

function scene(d: Dice, year: number): Scene {
  const city = d.pick(CITIES);
  const kind = d.pick(PARK_KINDS);
  let otherCity = d.pick(CITIES);
  while (otherCity === city) otherCity = d.pick(CITIES);
  const industry = d.pick(INDUSTRIES);
  return {
    city,
    park: city + kind,
    kind,
    other: otherCity + d.pick(PARK_KINDS),
    company: `${city}${d.pick(COMPANY_WORDS)}${industry}有限公司`,
    person: d.pick(SURNAMES) + d.pick(GIVEN),
    industry,
    year,
  };
}

/** How a sentence refers to the article's park: by name mostly, else as 该区/园区 (resolved by paragraph). */
function ref(d: Dice, s: Scene): string {
  return d.chance(0.7) ? s.park : d.pick(["该区", "园区"]);
}

/** Facts of a fictional park — the kinds of fact the real article states about the zone. */
const PARK_FACTS: ReadonlyArray<(d: Dice, s: Scene) => string> = [
  (d, s) => `${s.park}位于${s.city}市城区${d.pick(DIRECTIONS)}部,规划面积${d.decimal(8, 260, 2)}平方公里。`,
  (d, s) =>
    `${ref(d, s)}规划面积${d.decimal(10, 300, 2)}平方公里,其中建成区面积${d.decimal(3, 60, 1)}平方公里。`,
  (d, s) =>
    `${s.park}于${d.int(1988, 2005)}年经${d.pick(LEVELS)}批准设立,${d.int(2006, 2022)}年升级为国家级${KIND_FULL[s.kind] ?? s.kind}。`,
  (d, s) => `${s.park}成立于${d.int(1988, 2015)}年,是${s.city}市最早设立的省级园区之一。`,
  (d, s) =>
    `${ref(d, s)}距${s.city}火车站${d.int(2, 30)}公里、${s.city}机场${d.int(8, 60)}公里、高铁${s.city}${d.pick(DIRECTIONS)}站${d.int(3, 40)}公里。`,
  (d, s) =>
    `${ref(d, s)}交通便利,距${s.city}港${d.int(5, 80)}公里,${s.city}至${d.pick(CITIES)}高速公路穿境而过。`,
  (d, s) =>
    `截至${d.int(2015, 2024)}年底,${ref(d, s)}共有各类企业${d.int(200, 6000)}家,其中高新技术企业${d.int(20, 600)}家。`,
  (d, s) =>
    `目前,${ref(d, s)}已聚集${s.industry}企业${d.int(15, 400)}家,规模以上工业企业${d.int(10, 300)}家。`,
  (d, s) =>
    `${d.int(2015, 2024)}年,${s.park}实现技工贸总收入${d.int(80, 3000)}亿元,同比增长${d.decimal(2, 25, 1)}%。`,
  (d, s) => {
    const [a, b, c] = d.others(INDUSTRIES, 3);
    return `${ref(d, s)}重点发展${a}、${b}和${c}三大主导产业,形成了较为完整的产业链。`;
  },
  (d, s) => `${s.park}现有国家级科技企业孵化器${d.int(1, 9)}家、省级以上研发平台${d.int(10, 120)}个。`,
  (d, s) => `${d.int(2012, 2024)}年${d.int(1, 12)}月,${s.park}获批“${d.pick(HONOURS)}”。`,
  (d, s) => {
    const [a, b] = d.others(HONOURS, 2);
    return `${s.park}先后获得“${a}”“${b}”等${d.int(3, 12)}块“金字招牌”。`;
  },
  (d, s) => `${s.park}常住人口约${d.int(3, 60)}万人,下辖${d.int(2, 9)}个街道和${d.int(1, 6)}个乡镇。`,
  (d, s) =>
    `${d.int(2016, 2024)}年,${s.park}完成固定资产投资${d.int(20, 600)}亿元,新引进重点项目${d.int(5, 90)}个。`,
  (d, s) => `${s.park}管委会主任${s.person}介绍,园区今年计划新建标准厂房${d.int(5, 80)}万平方米。`,
  (d, s) => `${s.park}与${s.other}相距约${d.int(10, 200)}公里,两地${s.industry}产业互补性强。`,
  (d, s) =>
    `${s.park}与${s.other}签署合作协议,将在${s.industry}领域共建产业园,首期规划用地${d.int(200, 3000)}亩。`,
];

/** Generic economy and technology news of the invented cities and companies. */
const GENERIC: ReadonlyArray<(d: Dice, s: Scene) => string> = [
  (d, s) => {
    const [period, month] = d.pick([
      ["一季度", 4],
      ["上半年", 7],
      ["前三季度", 10],
    ] as const);
    return `${month}月${d.int(1, 28)}日,${s.city}市召开${s.year}年${period}经济运行分析会,通报主要经济指标完成情况。`;
  },
  (d, s) =>
    `今年前${d.int(2, 11)}个月,${s.city}市完成规模以上工业增加值${d.int(50, 2000)}亿元,同比增长${d.decimal(1, 15, 1)}%。`,
  (d, s) =>
    `${s.company}年产${d.int(1, 500)}万套${d.pick(PRODUCTS)}项目总投资${d.int(2, 150)}亿元,预计明年建成投产。`,
  (d, s) => `${s.company}自主研发的${d.pick(PRODUCTS)}通过省级新产品鉴定,多项指标达到国内先进水平。`,
  (d, s) =>
    `${s.city}市委常委会强调,要坚持项目为王,抓好招商引资,确保完成全年${d.int(100, 900)}亿元投资目标。`,
  (d) =>
    `业内人士认为,${d.pick(INDUSTRIES)}行业正处于转型升级的关键期,今年市场规模有望突破${d.int(100, 9000)}亿元。`,
  (d, s) => `${s.city}市出台${d.int(8, 40)}条措施支持中小企业发展,涉及财税、金融、用地等多个方面。`,
  (d, s) => `${s.company}与${s.city}理工学院签署产学研合作协议,共建${d.pick(INDUSTRIES)}联合实验室。`,
  (d) => `据了解,该项目建成后可实现年产值${d.int(2, 200)}亿元,新增就业岗位${d.int(100, 5000)}个。`,
  (d, s) =>
    `${d.int(1, 12)}月${d.int(1, 28)}日,${s.city}市举办${d.pick(INDUSTRIES)}专场招聘会,${d.int(2, 30) * 10}余家企业提供岗位${d.int(5, 90) * 100}余个。`,
  (d, s) =>
    `${s.city}市${s.year}年实现地区生产总值${d.int(300, 9000)}亿元,按可比价格计算增长${d.decimal(1, 12, 1)}%。`,
  (d, s) =>
    `${s.company}董事长${s.person}表示,公司将继续加大研发投入,研发经费占营收比重将提高到${d.decimal(3, 15, 1)}%。`,
  (d, s) => `${s.city}市税务局数据显示,${s.year}年全市累计为企业减税降费${d.decimal(2, 90, 2)}亿元。`,
  (d, s) =>
    `在${s.year}年度全省营商环境评价中,${s.city}市位列第${d.int(1, 14)}名,比上年前进${d.int(1, 6)}位。`,
  (d, s) =>
    `据${s.city}海关统计,今年一季度全市进出口总额${d.decimal(10, 900, 1)}亿元,同比增长${d.decimal(1, 30, 1)}%。`,
  (d, s) => `${s.company}的${d.pick(PRODUCTS)}生产线日前正式投产,设计年产能${d.int(1, 200)}万台(套)。`,
  (d, s) =>
    `记者从${s.city}市发展改革委获悉,全市${d.int(20, 300)}个省市重点项目今年已完成投资${d.int(50, 1500)}亿元。`,
  (d, s) =>
    `${s.city}市科技局组织专家对${d.int(10, 200)}家企业申报的${d.pick(INDUSTRIES)}科技项目进行了评审。`,
  (d, s) => `${s.year}年,${s.city}市新增高新技术企业${d.int(20, 600)}家,总数达到${d.int(300, 5000)}家。`,
  (d, s) =>
    `${s.city}市${d.pick(INDUSTRIES)}产业链链长${s.person}带队赴企业调研,现场协调解决问题${d.int(3, 30)}个。`,
  (d, s) =>
    `当天,${s.city}市共集中签约项目${d.int(5, 80)}个,总投资${d.int(20, 1200)}亿元,涵盖${d.pick(INDUSTRIES)}等领域。`,
  (d, s) =>
    `${s.company}今年上半年实现营业收入${d.decimal(1, 90, 2)}亿元,净利润同比增长${d.decimal(1, 60, 1)}%。`,
];

const TITLES: ReadonlyArray<(d: Dice, s: Scene) => string> = [
  (d, s) =>
    `${s.park}${d.pick(["加快建设创新高地", "聚力打造产业集群", "奋力推进高质量发展", "跑出发展加速度"])}`,
  (d, s) =>
    `${s.city}市${s.year}年${d.pick(["经济运行稳中向好", "一季度主要经济指标发布", "工业经济持续回升", "重点项目建设提速"])}`,
  (d, s) => `${s.park}${s.industry}项目集中${d.pick(["签约", "开工", "投产", "竣工"])}`,
  (d, s) => `${s.company}${d.pick(["新品发布", "生产线投产", "研发再获突破"])}`,
];

/** Closing clauses news sentences often carry; appended to some sentences when the length allows. */
const CLAUSES: ReadonlyArray<(d: Dice) => string> = [
  () => "为全市经济高质量发展注入新动能",
  () => "进一步增强了区域产业的核心竞争力",
  (d) => `总量位居全省同类园区第${d.int(1, 20)}位`,
  () => "相关工作得到上级部门的充分肯定",
  (d) => `带动上下游配套企业${d.int(5, 60)}家`,
  () => "有力推动了产业链上下游协同发展",
];

function sentence(d: Dice, s: Scene, parkShare: number): string {
  for (;;) {
    const template = d.chance(parkShare) ? d.pick(PARK_FACTS) : d.pick(GENERIC);
    let text = template(d, s);
    if (d.chance(0.35)) {
      const longer = `${text.slice(0, -1)},${d.pick(CLAUSES)(d)}。`;
      if (longer.length <= MAX_CHARS) text = longer;
    }
    if (text.length >= MIN_CHARS && text.length <= MAX_CHARS) return text;
  }
}

/** An article's first sentence: a fact of its park, naming it (as a news lead does). */
function lead(d: Dice, s: Scene): string {
  for (;;) {
    const text = d
      .pick(PARK_FACTS)(d, s)
      .replace(/(^|,)(该区|园区)/, `$1${s.park}`);
    if (text.length >= MIN_CHARS && text.length <= MAX_CHARS) return text;
  }
}

function isoDate(d: Dice): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.int(2015, 2025)}-${pad(d.int(1, 12))}-${pad(d.int(1, 28))}`;
}

/** Article sizes that add up to `total`, each within MIN_ARTICLE..MAX_ARTICLE (one smaller only if total is). */
function articleSizes(d: Dice, total: number): number[] {
  const sizes: number[] = [];
  let left = total;
  while (left > 0) {
    if (left <= MAX_ARTICLE) {
      sizes.push(left);
      break;
    }
    let size = d.int(MIN_ARTICLE, MAX_ARTICLE);
    if (left - size < MIN_ARTICLE) size = left - MIN_ARTICLE;
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Splits `count` sentences into paragraphs of 2–8 (several paragraphs per article). */
function paragraphSizes(d: Dice, count: number): number[] {
  const sizes: number[] = [];
  let left = count;
  while (left > 0) {
    const size = Math.min(left, d.int(2, 8));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * `sentences` synthetic sentences in articles of MIN_ARTICLE–MAX_ARTICLE sentences. The same seed gives the same
 * corpus, sentence for sentence; ids are `synthetic-<seed>-<n>`.
 */
export function generateCorpus(sentences: number, seed = 1): Article[] {
  const d = new Dice(prng(seed));
  return articleSizes(d, sentences).map((count, i) => {
    const id = `synthetic-${seed}-${String(i + 1).padStart(6, "0")}`;
    const date = isoDate(d);
    const s = scene(d, Number(date.slice(0, 4)) - d.int(0, 1));
    // Park profiles are mostly park facts; economy and company news mostly generic.
    const parkShare = d.pick([0.75, 0.5, 0.25]);
    const paragraphs = paragraphSizes(d, count).map((size, p) => ({
      id: `p${p + 1}`,
      sentences: Array.from({ length: size }, (_, k) => ({
        id: sentenceId(id, p + 1, k + 1),
        text: p === 0 && k === 0 ? lead(d, s) : sentence(d, s, parkShare),
      })),
    }));
    const article: Article = {
      id,
      title: `${SYNTHETIC_MARK}${d.pick(TITLES)(d, s)}`,
      date,
      source: SYNTHETIC_SOURCE,
      url: `https://synthetic.example.org/news/${seed}/${i + 1}.html`,
      raw: `raw/${id}.txt`,
      lang: "zh-Hans",
      quality: 1,
      figures: [],
      paragraphs,
    };
    return article;
  });
}

/** Writes each article as `<dir>/<id>.json`, pretty-printed like knowledge/. */
export async function writeCorpus(dir: string, articles: readonly Article[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const article of articles)
    await writeFile(join(dir, `${article.id}.json`), `${JSON.stringify(article, null, 2)}\n`);
}
