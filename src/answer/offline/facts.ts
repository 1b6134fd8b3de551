import { fold } from "../../search/normalize.js";
import { parkMentions, type ZoneNames } from "../../search/subjects.js";
import { AREA, COUNT, DISTANCE, type IntentName, MONEY, RANK, RATE } from "./intents.js";

/**
 * A figure stated in an answering clause, bound to the attribute it measures: "规划面积15.8平方公里" is
 * (面积, 15.8 km²). Two sources that bind different figures to the same attribute of the same subject
 * disagree, and the answer says so; a figure bound to another attribute (建成区面积 9.6) is no answer to it.
 */
export interface BoundFigure {
  /** The attribute, without qualifiers that do not change what is measured (规划, 总, 占地). */
  attribute: string;
  /** The figure in a common unit (km² for areas, km for distances), for comparing sources. */
  value: number;
  /** The figure as written. */
  text: string;
}

/** Question types whose answer is one figure that sources can disagree on. */
const FIGURE_SHAPES: Partial<Record<IntentName, RegExp>> = {
  area: AREA,
  distance: DISTANCE,
  count: new RegExp(`${COUNT.source}|${MONEY.source}|\\d+(?:\\.\\d+)?\\s*%`),
  change: RATE,
  rank: RANK,
};

/** km² per unit. */
const AREA_UNITS: ReadonlyArray<[RegExp, number]> = [
  [/平方公里|平方千米|km2|km²/, 1],
  [/公顷/, 0.01],
  [/亩/, 1 / 1500],
  [/平方米/, 1e-6],
];

/**
 * Words between an attribute and its figure, or before the attribute, that are not part of it: verbs of
 * having and reaching, hedges, connectives. Language data of Chinese news prose, not of one article.
 */
const FILLER =
  /^(?:年度|年底|年末|年初|年|月|日|底|末|其中|区内|园区内|区域内|全年|实现|完成|录得|现有|共有|拥有|已有|有|达到|达|增至|增加到|扩大至|扩大到|为|是|约为|约|近|超过|逾|累计|总计|合计|共|已|目前|现|园区|全区|该区|高新区|开发区|经开区|工业园)+|(?:力争|计划|预计|将会|将|要|可|已|达到|达|增至|增加到|增加至|扩大至|扩大到|扩至|拓展至|拓展到|扩展至|扩展到|调整为|调整至|调整到|提高到|提高至|提升到|提升至|为|是|约为|约|近|超过|逾|共|有|已达|已有|突破)+$/g;
/** Words after a figure that are no noun of it (以上, 左右, 增长…). */
const FILLER_ONLY = /^(?:以上|以下|左右|上下|之多|增长|同比|比上年|较上年|其中|以内|多)/;
/** Qualifiers that do not change what an area or a count measures: the planned area is the area. */
const SAME_MEASURE = /^(?:规划|总|占地|全区|区域)/;

/** The figure an excerpt gives for this question type, bound to its attribute; undefined when it has none. */
export function boundFigure(
  excerpt: string,
  intent: IntentName | undefined,
  subjectNames: readonly string[],
): BoundFigure | undefined {
  const shape = intent ? FIGURE_SHAPES[intent] : undefined;
  if (!shape) return undefined;
  const folded = fold(excerpt);
  const first = shape.exec(folded);
  const m = changedTo(folded, shape) ?? first;
  if (!m || !first) return undefined;
  // The attribute is named before the first figure, also when the answer is what it changed to (规划面积由…增至…).
  // (Quotes are part of the attribute's words: 专精特新“小巨人”企业 is a kind of firm, not 企业.)
  let before = folded
    .slice(0, first.index)
    .replace(/[\s“”"'‘’「」『』]+/g, "")
    .replace(/由$/, "");
  for (const name of subjectNames) before = before.split(name).join("");
  // The attribute is the run of Chinese right before the figure (a label's colon aside), back to the last
  // punctuation or figure.
  const run =
    /[\p{Script=Han}]+$/u.exec(before.replace(/[:：]$/, "").replace(/[\d.]+[^\p{Script=Han}]*$/u, ""))?.[0] ??
    "";
  // "5100余家企业", "4个街道", "8.4平方公里北部区块": a noun right after the figure is what it measures.
  const after =
    intent === "count" || intent === "area"
      ? (/^(?!的)[\p{Script=Han}]{2,6}?(?=$|[的，,、。；;和与及（(]|\d)/u.exec(
          folded.slice(m.index + m[0].length),
        )?.[0] ?? "")
      : "";
  let attribute = normaliseAttribute(after && !FILLER_ONLY.test(after) ? after : run.replace(FILLER, ""));
  // An area is named by what it covers: 建成区面积 and 已建成区域 are both the built-up area's.
  if (intent === "area") attribute = attribute.replace(/面积$/, "").replace(/区域$/, "区");
  // A distance is named by where it leads: 距…机场, 到…机场 and 离…机场 are one attribute.
  if (intent === "distance")
    attribute = attribute
      .replace(/^(?:距离|距|离|到|至|与|从)+/, "")
      .replace(/(?:直线距离|距离|大约|约|仅|只有|只)+$/, "");
  attribute ||= intent ?? "";
  return { attribute, value: normalisedValue(m[0], intent), text: m[0] };
}

/** "由18.6平方公里增至24.3平方公里": the figure it changed to, which is the one that holds now. */
function changedTo(folded: string, shape: RegExp): RegExpExecArray | null {
  const from = shape.exec(folded);
  if (!from || !/由\s*$/.test(folded.slice(0, from.index))) return null;
  const rest = folded.slice(from.index + from[0].length);
  const to =
    /^\s*(?:增至|增加到|增加至|扩大到|扩大至|扩至|调整为|调整到|调整至|提高到|提高至|提升到|提升至|增长到|升至|降至|减少到|减少至|下降到|下降至|到|至|为)/.exec(
      rest,
    );
  if (!to) return null;
  const next = new RegExp(shape.source, shape.flags.replace("g", "")).exec(rest.slice(to[0].length));
  if (!next) return null;
  next.index += from.index + from[0].length + to[0].length;
  return next;
}

/**
 * An attribute without the words that do not change what it measures: 规划面积 and 总面积 are 面积, 各类企业总数
 * is 企业 — but 高新技术企业 stays a kind of its own, and 建成区面积 another area.
 */
export function normaliseAttribute(attribute: string): string {
  return attribute
    .replace(SAME_MEASURE, "")
    .replace(/各类|总数|数量|总量|总计|合计|个数|家数|登记注册|注册登记|在册|入驻|落户/g, "");
}

/**
 * How well an attribute is the one a question asks about, given the question's topic words (nouns weigh 2):
 * 0 when it lacks one of the nouns; else 1, plus the share of the other words it has (国家级 in 国家级研发机构),
 * plus 1 when it is exactly the topic (企业 for "有多少家企业"). A question with no topic words (面积多大) takes any
 * attribute (1).
 */
export function attributeFit(
  attribute: string,
  topic: ReadonlyArray<{ word: string; weight: number }>,
): number {
  if (topic.length === 0) return 1;
  const nouns = topic.filter((t) => t.weight >= 2);
  const others = topic.filter((t) => t.weight < 2);
  const must = nouns.length > 0 ? nouns : others;
  if (!must.every((t) => attribute.includes(t.word))) return 0;
  const extra =
    nouns.length > 0 && others.length > 0
      ? others.filter((t) => attribute.includes(t.word)).length / others.length
      : 0;
  const exact = normaliseAttribute(topic.map((t) => t.word).join("")) === attribute ? 1 : 0;
  return 1 + extra + exact;
}

function normalisedValue(figure: string, intent: IntentName | undefined): number {
  const scale = figure.includes("亿") ? 1e8 : figure.includes("万") ? 1e4 : 1;
  const number = (Number.parseFloat(figure.replace(/[^\d.]/g, "")) || 0) * scale;
  if (intent !== "area") return number;
  const factor = AREA_UNITS.find(([unit]) => unit.test(figure))?.[1] ?? 1;
  return number * factor;
}

/** Whether two figures measure the same attribute. */
export function sameAttribute(a: BoundFigure, b: BoundFigure): boolean {
  return a.attribute === b.attribute;
}

/** Whether two figures bound to the same attribute say different things. */
export function disagree(a: BoundFigure, b: BoundFigure): boolean {
  return sameAttribute(a, b) && Math.abs(a.value - b.value) > 1e-9 * Math.max(1, Math.abs(a.value));
}

/** The four-digit year a question restricts itself to ("2023年…", "到2030年"), if any. */
export function questionYear(foldedQuestion: string): string | undefined {
  return /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(foldedQuestion)?.[1];
}

/**
 * The years a question restricts its answer to: the year it names, and the years beside it when it names the
 * year only roughly ("2018年前后", "2018年左右", "2018年那会儿" — a bulletin published in 2018 about 2017 answers).
 */
export function questionYears(foldedQuestion: string): string[] | undefined {
  const year = questionYear(foldedQuestion);
  if (!year) return undefined;
  if (
    !new RegExp(`${year}\\s*年?(?:度|底|末)?(?:前后|左右|上下|那会儿?|那时候?|那阵子?)`).test(foldedQuestion)
  )
    return [year];
  const y = Number(year);
  return [year, String(y - 1), String(y + 1)];
}

const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;
const PRESENT = /今年|本年|目前|现在|当前|日前|近日|眼下|如今/;
/** A year named as the base of a comparison: 比2022年度, 较2020年, 与2019年末相比. */
const COMPARED_YEAR = /(?:比|较|相比|同比|与|和)\s*(?:19|20)\d{2}\s*年(?:度|末|底)?/g;

/** A text without the years it compares with ("较2020年度上升12位" is no statement about 2020). */
export function withoutComparedYears(text: string): string {
  return text.replace(COMPARED_YEAR, "");
}

/**
 * Whether a sentence speaks of that year: it names it, or it names no year and the year it speaks of by
 * context is that one ("规划面积12.5平方公里" in a 2019 article is the 2019 figure; see `referenceYear`).
 */
export function aboutYear(text: string, contextYear: string, year: string): boolean {
  if (text.includes(year)) return true;
  return contextYear === year && !/(?<!\d)(?:19|20)\d{2}(?!\d)/.test(text);
}

/**
 * The year a sentence that names none speaks of: the last year named earlier in its paragraph; else the last
 * year named in the paragraphs before it that is the publication year or the one before (a January 2021 report
 * opens "截至2020年底…": its "全年新增发明专利授权420件" is 2020's; a history or a 2030 target further up is
 * not); else the publication year.
 */
export function referenceYear(
  sentence: string,
  earlierInParagraph: readonly string[],
  earlierParagraphs: readonly string[],
  articleDate: string,
): string {
  // "今年", "目前": the sentence says it speaks of the time it was published.
  if (PRESENT.test(sentence)) return articleDate.slice(0, 4);
  for (let i = earlierInParagraph.length - 1; i >= 0; i--) {
    // A year it is compared with ("比2022年度前移13位", "较2020年") is not the year it speaks of.
    const years = withoutComparedYears(earlierInParagraph[i] ?? "").match(YEAR);
    if (years) return years[years.length - 1] ?? articleDate.slice(0, 4);
  }
  const published = Number(articleDate.slice(0, 4));
  for (let i = earlierParagraphs.length - 1; i >= 0; i--) {
    const years = (earlierParagraphs[i]?.match(YEAR) ?? [])
      .map(Number)
      .filter((y) => y === published || y === published - 1);
    const last = years[years.length - 1];
    if (last) return String(last);
  }
  return String(published);
}

/**
 * "楸峤高新区、枧川经开区、综保区分别实现税收收入34.5亿元、92.8亿元和5.1亿元": the part of a "respectively" clause
 * that speaks of one of the parks it lists — its attribute and its own figure ("实现税收收入92.8亿元"), to bind the
 * figure (never quoted: the answer quotes the clause). Undefined when the clause lists no such parks or the
 * figures do not pair up with them.
 */
export function respectivePart(clause: string, subject: string, zone: ZoneNames): string | undefined {
  const folded = fold(clause);
  const at = folded.indexOf("分别");
  if (at === -1) return undefined;
  const listed: string[] = [];
  for (const m of parkMentions(folded.slice(0, at), zone))
    if (m.subject && !listed.includes(m.subject)) listed.push(m.subject);
  const i = listed.indexOf(subject);
  if (listed.length < 2 || i === -1) return undefined;
  const rest = folded.slice(at + 2);
  const figures = [...rest.matchAll(LISTED_FIGURE)];
  if (figures.length !== listed.length) return undefined;
  const first = figures[0];
  const mine = figures[i];
  if (!first || !mine) return undefined;
  return `${rest.slice(0, first.index)}${mine[0]}`;
}

/** A figure with its unit in a list (34.5亿元、92.8亿元和5.1亿元; 5100余家). */
const LISTED_FIGURE = /\d+(?:\.\d+)?\s*(?:余|多)?\s*(?:万|亿)?\s*[^\d、，,和及与；;。\s]{0,4}/gu;
