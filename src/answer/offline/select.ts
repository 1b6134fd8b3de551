import { fold } from "../../search/normalize.js";
import type { IndexedSentence, ScoredSentence, SentenceIndex } from "../../search/sentence-index.js";
import { clauseSubjects } from "../../search/subjects.js";
import type { QuestionAnalysis, Term } from "./analyze.js";
import {
  aboutYear,
  attributeFit,
  type BoundFigure,
  boundFigure,
  questionYears,
  respectivePart,
  sameAttribute,
  withoutComparedYears,
} from "./facts.js";
import { DISTANCE, type Intent } from "./intents.js";
import { officeHistory } from "./office-history.js";
import { type Facet, overview, TOPIC_OVERVIEWS, trimEnd } from "./overview.js";
import {
  asksFuture,
  CONTINUES,
  contextYear,
  FIGURE_INTENTS,
  futureClauses,
  sentenceBefore,
  timeClauseYear,
} from "./when-stated.js";

/** A sentence chosen to support the answer, and the part of it that answers. */
export interface Support {
  sentence: IndexedSentence;
  /** Verbatim fragment of the sentence that states the answer (a clause, or the whole sentence). */
  excerpt: string;
  score: number;
  /** Another source's different figure for the same thing, shown after the answer ("另有资料称…"). */
  alternative?: true;
  /** Quoted only to say what the next support refers back to (该项目…). */
  context?: true;
  /** One of a series of figures over time, listed oldest first with their dates. */
  series?: true;
}

/**
 * The answerer's thresholds, each with its default and why. Pass a partial object to `createOfflineAnswerer` to
 * change one; the defaults are what the question sets were measured with.
 */
export interface SelectOptions {
  /**
   * Share of the question's topic words (weighted: nouns 2, others 1) a sentence must mention to answer. 0.75:
   * one verb of four may be missing ("调研了哪些企业" answered by a sentence saying 进行实地调研), a noun may not.
   */
  minCoverage: number;
  /** The same for English questions, which reach the Chinese text through a glossary that loses words. 0.6. */
  minCoverageEnglish: number;
  /**
   * A second supporting sentence is cited for descriptive questions (transport, industry, plan) when it scores at
   * least this share of the best one. 0.85: close seconds only.
   */
  secondSupportRatio: number;
  /** Other sources' figures shown after the newest one: enough to show a disagreement, few to read. 2. */
  maxAlternatives: number;
  /** Sentences in an overview, one per facet (location, size, founding, industries). 4. */
  maxOverview: number;
  /**
   * A sentence that names every noun of the question and holds the kind of fact it asks for (a figure, a date)
   * answers even when it shares none of the question's verbs: people ask with verbs (开车进出, 能拿) the articles
   * word otherwise. true; false makes `minCoverage` the only test.
   */
  nounsSuffice: boolean;
}

export const DEFAULT_SELECT_OPTIONS: SelectOptions = {
  minCoverage: 0.75,
  minCoverageEnglish: 0.6,
  secondSupportRatio: 0.85,
  maxAlternatives: 2,
  maxOverview: 4,
  nounsSuffice: true,
};

/** Titles like 主任 are not covered by 副主任: the deputy is not the director. */
const TITLE = /(?:主任|书记|主席|局长|市长|区长|部长|经理|院长|校长|处长)$/;
const DEPUTY = /(?:副|原|前|代|常务副)$/;

/** Does folded text mention the term (and not only as a deputy's title)? */
export function mentions(foldedText: string, term: string): boolean {
  let at = foldedText.indexOf(term);
  if (at === -1) return false;
  if (!TITLE.test(term) || DEPUTY.test(term)) return true;
  for (; at !== -1; at = foldedText.indexOf(term, at + 1)) {
    if (!DEPUTY.test(foldedText.slice(Math.max(0, at - 3), at))) return true;
  }
  return false;
}

/** Share of the question's topic (by weight) that the text mentions. 1 when the question names no topic. */
export function coverage(foldedText: string, terms: Term[]): number {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 1;
  const covered = terms
    .filter((t) => mentions(foldedText, t.word) || (t.alts?.some((w) => mentions(foldedText, w)) ?? false))
    .reduce((sum, t) => sum + t.weight, 0);
  return covered / total;
}

/**
 * Picks the sentence(s) that answer, or none. A sentence must cover the question's topic words and, when the
 * question type needs one (a distance, a date, an area…), contain that kind of fact; among those, BM25 decides.
 */
export function selectSupport(
  analysis: QuestionAnalysis,
  index: SentenceIndex,
  options: SelectOptions = DEFAULT_SELECT_OPTIONS,
  /** A sentence that answers best if it answers at all: the one that answered the first part of the message. */
  prefer?: IndexedSentence,
): Support[] {
  // "主任换过人没有": every holder of the office, over time.
  const history = officeHistory(analysis, index);
  if (history) return history;
  const literal = selectFacts(analysis, index, options, prefer);
  // "区位优势有哪些", "交通条件怎么样": a side of the park, not one fact — its facets across articles, after a
  // sentence that speaks of that side in so many words ("区位优势明显").
  const topic = topicOverview(analysis);
  if (!topic) return literal;
  const facets = overview(index, analysis.subject, options.maxOverview, topic);
  const said = literal
    .filter((s) => !s.context && coverage(s.sentence.folded, analysis.required) === 1)
    .slice(0, 1);
  const rest = facets.filter((f) => !said.some((s) => s.sentence === f.sentence));
  return said.length + rest.length > 0 ? [...said, ...rest].slice(0, options.maxOverview) : literal;
}

function selectFacts(
  analysis: QuestionAnalysis,
  index: SentenceIndex,
  options: SelectOptions,
  prefer?: IndexedSentence,
): Support[] {
  const primary = analysis.intents[0];
  if (primary?.name === "overview" && analysis.required.length === 0 && analysis.soft.length === 0) {
    return overview(index, analysis.subject, options.maxOverview);
  }
  const hits = withMentions(
    index.search(analysis.searchText || analysis.rewritten.text, 50, analysis.subject),
    analysis,
    index,
  );
  const top = hits[0]?.score || 1;
  const own = ownClausesOf(analysis.subject, index, !asksFuture(analysis, primary));
  const minCoverage = analysis.rewritten.english ? options.minCoverageEnglish : options.minCoverage;
  const asksDay = primary?.name === "when" && !ASKS_YEAR.test(analysis.rewritten.folded);
  // "砚湖镇有多少常住人口": a figure of a part of the park (a town, a block) is stated in the clause that names
  // that part; the park's own figure in the next clause is no answer.
  const part =
    primary && FIGURE_INTENTS.has(primary.name)
      ? analysis.required.find((t) => PART_OF_PARK.test(t.word))?.word
      : undefined;
  // …and so is what is asked of it (茭堰镇 + 常住人口: the clause that counts streets is no answer).
  const partOf = part
    ? analysis.required.filter((t) => t.weight >= 2 && t.word !== part).map((t) => t.word)
    : [];
  // Verbs are how people ask (开车进出, 能拿), and the articles word them otherwise; the nouns are what is asked
  // about. A sentence that names every noun and holds the kind of fact asked for answers a question that asks
  // for one (a figure, a date, a place), though it uses none of the question's verbs.
  const nouns = analysis.required.filter((t) => t.weight >= 2);
  const nounsCovered = (c: Candidate) =>
    options.nounsSuffice &&
    primary?.shape !== undefined &&
    // (Not when: the date of 开工 is no answer to when it goes into production — the event is the verb.)
    primary.name !== "when" &&
    nouns.length > 0 &&
    nouns.length < analysis.required.length &&
    coverage(c.context ? `${c.context.folded}\n${c.sentence.folded}` : c.sentence.folded, nouns) === 1;
  // Among equals, a sentence that names the park ("…批准设立翙渚高新技术产业开发区") is about it more surely than one
  // that speaks of a part of it ("…设立茭堰片区").
  const subjectNames =
    analysis.subject === index.zone.canonical ? index.zone.names : [fold(analysis.subject)];
  const namesSubject = (sentence: IndexedSentence) => subjectNames.some((n) => sentence.folded.includes(n));
  // (Only for facts of the park as a whole — when it was set up, how big, how far — not for counts or people,
  // which sentences state of the park without naming it.)
  const namedMatters = primary !== undefined && PARK_FACTS.has(primary.name);
  const askedPart = PART_OF_YEAR.test(analysis.rewritten.folded);
  // "高企突破600家是哪年实现的": the figure names the event; only a sentence that states it dates it.
  const eventFigures =
    primary?.name === "when"
      ? analysis.soft.filter((w) => /^\d+(?:\.\d+)?$/.test(w) && !/^(?:19|20)\d{2}$/.test(w))
      : [];
  const statesFigures = (sentence: IndexedSentence) =>
    eventFigures.every((f) =>
      new RegExp(`(?<![\\d.])${f.replace(".", "\\.")}(?![\\d.]?\\d)`).test(sentence.text),
    );
  // "什么时候投产": a date answers only when its sentence names the event (the date of 开工 is not of 投产).
  // (Not for English questions: the glossary carries their verbs over loosely — become → 建成.)
  const events =
    primary?.name === "when" && !analysis.rewritten.english
      ? analysis.required.filter((t) => t.weight === 1)
      : [];
  // (A notice's field line names its event through the notice's title and heading: 扶持资金…申报时间.)
  const namesEvent = (c: Candidate) =>
    events.length === 0 ||
    coverage(
      [
        ...(isFieldSentence(c.sentence)
          ? [fold(c.sentence.article.title), fieldHeading(c.sentence) ?? ""]
          : []),
        c.context?.folded ?? "",
        c.sentence.folded,
      ].join("\n"),
      events,
    ) === 1;
  // (Its names, or a word that refers back to it; any parenthesis after the name.)
  const locatedAt =
    (primary?.name === "location" || primary?.name === "neighbour") && analysis.required.length === 0
      ? new RegExp(
          `(?:${[...subjectNames, "园区", "该区", "本区", "全区"].map(escapeRegExp).join("|")})(?:[（(][^）)]{0,20}[）)])?(?:位于|地处|坐落)`,
        )
      : undefined;
  const asksAddress = primary?.name === "location" && ASKS_ADDRESS.test(analysis.rewritten.folded);
  // "什么时候成立的": the day of a 建区十周年 meeting is no founding date.
  const anniversaryOff = primary?.name === "when" && !/周年|anniversary/.test(analysis.rewritten.folded);
  const besideAsked = primary?.name === "neighbour" ? besideChecks(analysis.rewritten.folded) : [];
  const setIn = TARGET_SET_IN.test(analysis.rewritten.folded);
  const askedSum = ASKS_SUM.test(analysis.rewritten.folded);
  const ownShaped = (sentence: IndexedSentence) => {
    const shaped = own(sentence).filter((c) => primary?.shape?.test(fold(c)));
    return shaped.length > 0 ? shaped : [""];
  };
  const rankedAll = hits
    // A fact answers only questions about its own subject: never the zone's question with a neighbour's figure.
    .filter(({ sentence }) => own(sentence).length > 0)
    .map(({ sentence, score }): Candidate & { shapeOk: boolean } => {
      const { cov, context, borrowed } = coverageInContext(
        sentence,
        analysis.required,
        minCoverage,
        index,
        own,
      );
      // ("办公地址是哪里": a street address, not any place a sentence mentions — 在管委会召开.)
      const shapeOk =
        (!asksAddress || ADDRESS.test(sentence.text)) &&
        !(anniversaryOff && ANNIVERSARY.test(sentence.text)) &&
        besideAsked.every((re) => re.test(sentence.text)) &&
        (!primary?.shape ||
          (part
            ? own(sentence).some(
                (c) =>
                  primary.shape?.test(fold(c)) &&
                  fold(c).includes(part) &&
                  partOf.every((n) => fold(c).includes(n)),
              )
            : primary.shape.test(fold(own(sentence).join(",")))));
      const agent = primary?.name === "who" ? namedAgentLength(sentence.text) / 10 : 0;
      // "什么时候" is best answered by a day or a month, not by the year a notice is for.
      const stated = own(sentence).join(",");
      const day = asksDay
        ? (/\d{1,2}月/.test(stated) ? DAY_BONUS : 0) +
          (ASKS_DATE.test(analysis.rewritten.folded) && /\d{1,2}日/.test(stated) ? DAY_BONUS : 0)
        : 0;
      // "主要搞哪些产业": the sentence that lists industries, not one that mentions 产业.
      const listed = primary?.name === "industry" && INDUSTRY_LIST.test(sentence.text) ? LIST_BONUS : 0;
      // A sentence that needs the one before it to cover the question ranks below one that covers it alone.
      const told = borrowed ? cov * CONTEXT_DISCOUNT : cov;
      const label = LABEL_LINE.test(sentence.text) ? LABEL_PENALTY : 0;
      // "琨汭高新区在哪": the sentence whose subject is the park and says where it lies ("…高新区位于…").
      const located = locatedAt?.test(sentence.folded) ? LOCATED_BONUS : 0;
      // "2023年进出口额": the year's figure, not the first eight months'; "2023年前8个月…": those months'.
      const partial = askedPart !== PART_OF_YEAR.test(stated) ? PART_OF_YEAR_PENALTY : 0;
      // "碳纤维项目总投资多少": not "两个项目总投资79亿元", the sum of it and another.
      const summed =
        !askedSum && primary?.shape && ownShaped(sentence).every((c) => SUM_OF_SEVERAL.test(c))
          ? SUM_PENALTY
          : 0;
      // "高新区离港口多远": the park's own distance, not the one a part of it states (芑塘片区距…港区约20公里).
      const ofPart =
        !part && primary?.shape && ownShaped(sentence).every((c) => PART_LEADS.test(c)) ? PART_PENALTY : 0;
      return {
        sentence,
        cov,
        shapeOk,
        score:
          told * 10 +
          (shapeOk ? 3 : 0) +
          score / top +
          agent +
          day +
          listed +
          located -
          label -
          partial -
          summed -
          ofPart +
          // (Not when this part asks for the day and the first part's sentence has none: 具体哪天.)
          (sentence === prefer &&
          !(asksDay && ASKS_DATE.test(analysis.rewritten.folded) && !/\d{1,2}日/.test(stated))
            ? 2
            : 0) +
          (namedMatters && namesSubject(sentence) ? NAMED_BONUS : 0),
        ...(context ? { context } : {}),
        ...(partial ? { offPeriod: true as const } : {}),
      };
    })
    .filter(
      (c) =>
        (c.cov >= minCoverage || nounsCovered(c)) && c.shapeOk && statesFigures(c.sentence) && namesEvent(c),
    )
    .sort((a, b) => b.score - a.score);
  // "最早是哪一年批下来的": of the dates the candidates give, the earliest (a later 调整获批 is no first approval).
  // "扩区以前面积多大": only what was stated before the event was reported (after it, for 以后).
  const { before, after } = analysis.period ?? {};
  // (…or a sentence that tells the change, "由42.7平方公里扩大至58.3平方公里": it states the figure before it.)
  const inPeriod = rankedAll.filter(
    ({ sentence }) =>
      (!before || sentence.article.date < before || CHANGE_FROM.test(sentence.text)) &&
      (!after || sentence.article.date >= after),
  );
  const ranked =
    primary?.name === "when" && EARLIEST.test(analysis.rewritten.folded) ? earliestFirst(inPeriod) : inPeriod;

  // "2019年的规划面积", "到2030年…": only what the sources say about that year answers, never another year's figure.
  // (A "when" question's year is usually the answer's, not a restriction.)
  const years = primary?.name === "when" ? undefined : questionYears(analysis.rewritten.folded);
  // "2017年度科技计划什么时候申报": the articles about that year's programme (applied for in 2016) answer; when
  // no article speaks of it, nothing does.
  // ("2026年轨交专项资金啥时候截止": when asked when, a year right before a fund or a call names that year's
  // round, 年度 or not.)
  const round = PROGRAMME_YEAR.exec(analysis.rewritten.folded);
  const programme = round?.[1]
    ? `${round[1]}年度`
    : round?.[2] && primary?.name === "when"
      ? `${round[2]}年`
      : undefined;
  const ofProgramme = programme ? index.articlesMentioning(programme) : undefined;
  const inProgramme = (c: Candidate) =>
    !ofProgramme || ofProgramme.titles.has(c.sentence.article) || ofProgramme.bodies.has(c.sentence.article);
  // Figures in a report are the period its lead names; who holds an office is said as of publication.
  const statistics = primary !== undefined && FIGURE_INTENTS.has(primary.name);
  // The year is judged on the clauses that state the kind of fact asked for: "设立于2003年,…其中高新技术企业108家"
  // in a 2022 article still states the 2022 count.
  const yearText = (c: Candidate) => {
    const clauses = own(c.sentence);
    const shaped = primary?.shape ? clauses.filter((clause) => primary.shape?.test(fold(clause))) : [];
    return (shaped.length > 0 ? shaped : clauses).join(",");
  };
  const scoped = ranked.filter(inProgramme);
  // (The park's own area before a part's is judged among the sentences of the year asked about.)
  const inYear = wholeBeforeParts(
    years
      ? scoped.filter((c) =>
          years.some(
            (year) =>
              // "2020年定的目标": the year a target was set is the year of the article that sets it.
              (setIn && c.sentence.article.date.startsWith(year)) ||
              withoutComparedYears(c.sentence.text).includes(year) ||
              // "2022年，高新区实现地区生产总值498亿元": a sentence that names its year speaks of that year.
              (!timeClauseYear(c.sentence.text, primary) &&
                aboutYear(yearText(c), contextYear(c.sentence, index, statistics), year)),
          ),
        )
      : scoped,
    analysis,
    primary,
    index,
    own,
  );
  const best = inYear[0];
  if (!best) return [];
  if (analysis.required.length === 0 && !primary && analysis.soft.length === 0) return [];
  const figures = figureSupports(inYear, analysis, primary, index, own, options.maxAlternatives);
  if (figures) return withContext(figures, inYear);
  // "现在谁是主任", "最新的…": among answers that cover the question as well as the best, the newest source's.
  const current = CURRENT.test(analysis.rewritten.folded)
    ? inYear
        .filter((c) => c.cov >= best.cov - 1e-9)
        .reduce((a, b) => (b.sentence.article.date > a.sentence.article.date ? b : a), best)
    : best;
  const chosen = [current];
  const second = inYear.find((c) => c !== current);
  if (primary?.allowTwo && second && second.score >= best.score * options.secondSupportRatio)
    chosen.push(second);
  const supports = chosen
    .sort((a, b) => a.sentence.paragraph - b.sentence.paragraph || a.sentence.sentence - b.sentence.sentence)
    .map((c) => ({
      sentence: c.sentence,
      score: c.score,
      excerpt: excerpt(c.sentence, analysis, primary, own(c.sentence)),
    }));
  return withContext(supports, chosen);
}

/**
 * "面积多大" names no part of the park, so it asks for the park's own area: when some sentences give that (规划面积,
 * 总面积, 占地), a sentence that only gives the area of a part (新增孵化面积, 建成区面积) is no answer to it.
 */
function wholeBeforeParts<C extends Candidate>(
  ranked: C[],
  analysis: QuestionAnalysis,
  primary: Intent | undefined,
  index: SentenceIndex,
  own: (sentence: IndexedSentence) => string[],
): C[] {
  if (primary?.name !== "area" || analysis.required.length > 0) return ranked;
  const names = [...index.zone.names, analysis.subject];
  const whole = (c: C) =>
    own(c.sentence).some((clause) => boundFigure(clause, "area", names)?.attribute === "area");
  const wholes = ranked.filter(whole);
  return wholes.length > 0 ? wholes : ranked;
}

interface Candidate {
  sentence: IndexedSentence;
  cov: number;
  score: number;
  /** The sentence before it that names what it refers to ("该项目总投资28亿元" after the project's name). */
  context?: IndexedSentence;
  /** Its figure is for part of a year and the question asks for a whole one, or the other way round. */
  offPeriod?: true;
}

/** "哪一年", "what year": a year answers; otherwise a "when" question prefers a month or a day. */
const ASKS_YEAR = /哪一?年|几几年|what year|which year/;
const DAY_BONUS = 1.5;
/** "哪天", "几月几号": the day itself is asked for. */
const ASKS_DATE = /哪天|哪一天|几号|几月几[日号]|什么日子|what date|which day|which date/;
/** Industries named in a list (电子信息、先进装备制造和生物医药三大主导产业; 高新技术、战略性新兴产业和现代服务业). */
const INDUSTRY_LIST =
  /\p{Script=Han}{2,12}[、，,]\p{Script=Han}{2,14}(?:和|及|与|、)\p{Script=Han}{2,14}(?:产业|业)/u;
const LIST_BONUS = 1.5;

/**
 * Score factor for a sentence that covers the question only together with the sentence before it or its
 * article's title.
 */
const CONTEXT_DISCOUNT = 0.9;

/**
 * An infobox row ("设立时间：2006年3月", "面 积：21.7平方公里"): it states a fact, but a sentence that states it
 * says who and what; the row answers only when no sentence does as well.
 */
const LABEL_LINE = /^[^,，。;；]{1,8}[:：]\s*[^,，。;；]{1,24}$/u;
const LABEL_PENALTY = 1.5;

/**
 * A line of labelled fields, perhaps after the office they belong to ("联系电话：…", "科技创新局，联系人：贺老师，
 * 电话：…"): like a label line, it says what it is about only through its notice's title.
 */
function isFieldSentence(sentence: IndexedSentence): boolean {
  return isFieldLine(sentence.text) || fieldHeading(sentence) !== undefined;
}

/**
 * A notice's section heading that labels what its lines give ("三、申报时间", "二、申报条件", "五、联系方式") — not
 * a page's section about the park ("区位条件", "交通方式"), whose sentences say what they are about.
 */
const FIELD_HEADING =
  /^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*)?(?:申报|报名|受理|办理|评审|报送|提交|咨询)?(?:时间|日期|期限|截止时间|地点|地址|方式|条件|对象|材料|范围)$|^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*)?(?:联系方式|联系电话|联系人|咨询电话)$/;

/** A numbered label on a line of its own, kept as a sentence when a page puts it in the paragraph ("三、申报时间。"). */
const NUMBERED_LABEL = /^[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*(\p{Script=Han}{2,12})[。.：:]?$/u;

/** A numbered label of a field on a line of its own ("三、申报时间。"). */
function isFieldLabel(text: string): boolean {
  const label = NUMBERED_LABEL.exec(text)?.[1];
  return label !== undefined && FIELD_HEADING.test(fold(label));
}

/**
 * The heading of the sentence's section, folded, when it labels a field (see `FIELD_HEADING`): the paragraph's
 * heading, or a numbered label just before the sentence in its paragraph.
 */
function fieldHeading(sentence: IndexedSentence): string | undefined {
  const paragraph = sentence.article.paragraphs[sentence.paragraph];
  const label = NUMBERED_LABEL.exec(paragraph?.sentences[sentence.sentence - 1]?.text ?? "")?.[1];
  const heading = label ?? paragraph?.heading;
  if (!heading || heading.length > 16) return undefined;
  const folded = fold(heading).replace(/[。.：:]$/, "");
  return FIELD_HEADING.test(folded) ? folded : undefined;
}

function isFieldLine(text: string): boolean {
  if (LABEL_LINE.test(text)) return true;
  // "申报截止时间为2025年7月15日", "受理地点为…": a field said in a sentence.
  if (/^\p{Script=Han}{0,8}(?:时间|日期|地点|地址|电话|方式|期限)(?:为|是)/u.test(text)) return true;
  const fields = trimEnd(text).split(/[，,；;]/);
  const labelled = fields.filter((f) => /^[^:：]{1,8}[:：]\s*\S/.test(f.trim()));
  return labelled.length >= 1 && labelled.length >= fields.length - 1 && fields.length <= 6;
}
/** A programme's year: 2017年度…, or a year right before a fund or a call (2026年轨交专项资金). */
const PROGRAMME_YEAR =
  /((?:19|20)\d{2})年度|((?:19|20)\d{2})年(?=[^，,。？?\d]{0,10}(?:资金|申报|评选|认定)(?!的?(?:企业|项目)))/;

/** "2020年定的目标", "2016年提出的": the year a target was set, not the year it is for. */
const TARGET_SET_IN =
  /(?:19|20)\d{2}\s*年[^，,。？?\d]{0,8}(?:定的|定下|提出|制定|确定|设定|提的)[^，,。？?]{0,12}目标/;

/** For a sentence whose subject is the park and that says where it lies (…高新区位于…): more than the tie-breakers, less than a difference in coverage. */
const LOCATED_BONUS = 1.5;

/** A cap on a grant: 最高300万元, 不超过, 上限, 封顶. */
const GRANT_CAP = /最高|最多|上限|不超过|封顶|累计不超过/;

/** A part of a year a figure may be for: 前8个月, 上半年, 一季度, 1—8月, 截至9月. */
const PART_OF_YEAR =
  /前[一二三四五六七八九十\d]{1,2}个?月|[上下]半年|[一二三四1-4]季度|(?<!\d)\d{1,2}\s*[-—–~至到]\s*\d{1,2}月|截[至止]\d{1,2}月/;
/** Less than any difference in coverage, more than the tie-breakers. */
const PART_OF_YEAR_PENALTY = 1.5;
/** A figure for several things together: 两个项目总投资79亿元, 3家企业合计, 共签约项目31个…总投资. */
const SUM_OF_SEVERAL =
  /(?:[两二三四五六七八九十\d]+|几|多)(?:个|家|项|大|批)[^，,。；;]{0,8}?(?:总投资|合计|共计|累计|总额)/u;
/**
 * What a "what lies beside it" question asks of the sentence: a river (哪条河 → a bank, 汭江南岸), a mountain
 * (哪座山 → 栎山南麓), a side (东边挨着什么 → 东接…).
 */
function besideChecks(folded: string): RegExp[] {
  const checks: RegExp[] = [];
  if (/(?:条|什么|啥)(?:河|江|溪)|(?:河|江|溪)叫|river/.test(folded))
    checks.push(/岸|滨|畔|河|江|溪|湖|水|River/);
  if (/(?:座|什么|啥)山|山叫|mountain/.test(folded)) checks.push(/山|岭|峰|麓|Mount/);
  const side = /([东南西北])(?:边|面|侧)/.exec(folded)?.[1];
  if (side) checks.push(new RegExp(`${side}(?:接|临|邻|靠|至|抵|连|侧|面|边)`));
  return checks;
}

/** A sentence that gives a figure before and after a change: 由42.7平方公里扩大至58.3平方公里. */
const CHANGE_FROM = /由[^，,。；;]{1,20}(?:扩大|增加|调整|增至|扩至|扩展|提高|提升|变更)/;

/** A when-question about the first time: 最早, 最初, 当初, 一开始. */
const EARLIEST = /最早|最初|当初|起初|一开始|刚开始|first (?:approved|established|set up)|originally/;

/** Candidates whose earliest year is the earliest of all first, in their order otherwise. */
function earliestFirst<T extends { sentence: IndexedSentence }>(candidates: T[]): T[] {
  const yearOf = (c: T) =>
    Math.min(...[...c.sentence.text.matchAll(/((?:19|20)\d{2})年/g)].map((m) => Number(m[1])), 9999);
  const first = Math.min(...candidates.map(yearOf));
  return [...candidates.filter((c) => yearOf(c) === first), ...candidates.filter((c) => yearOf(c) !== first)];
}

/** An anniversary of the park (建区十周年, 成立30周年): a day it was celebrated, not the day it began. */
const ANNIVERSARY =
  /(?:建区|成立|设立|建园|开园|建成|获批)\p{Script=Han}{0,2}?(?:\d+|[一二三四五六七八九十]+)\s*周年/u;

/** A question for an address, and the street address that answers it (…大道188号). */
const ASKS_ADDRESS = /地址|门牌|address/;
const ADDRESS = /\p{Script=Han}{1,8}(?:路|大道|大街|街|道|巷)\d+号|\d+\s+\w+ (?:Road|Avenue|Street)/u;

/** A question that asks for a sum itself (一共, 几个项目, 总共). */
const ASKS_SUM = /一共|总共|合计|共计|累计|加起来|(?:几|多少|两|[二三四五六七八九十\d])(?:个|家|项|大|批)/;
const SUM_PENALTY = 2;
/** Question types about the park as a whole. */
const PARK_FACTS = new Set(["when", "area", "distance", "location"]);
/** Score for naming the park asked about: less than any difference in coverage or fact type, a tie-breaker. */
const NAMED_BONUS = 0.2;
/** The same for a figure's fit (see `figureSupports`): a row loses to any sentence that binds the asked nouns. */
const LABEL_FIT_PENALTY = 4.5;

/** Opening words that refer back to what the sentence before named. */
const ANAPHOR = /^(?:答[:：]\s*)?(?:该|此|这|其|上述|本|它|项目|届时|同时|此外|两地|两区|两园|二者|双方)/;

/**
 * How much of the question a sentence covers — with the sentence before it in its paragraph when it refers
 * back to it: it opens with 该/此/其…, or it names part of the topic ("招聘会地点为…" after "…举办春风行动招聘会").
 * The earlier sentence must speak about the same park.
 */
function coverageInContext(
  sentence: IndexedSentence,
  terms: Term[],
  minCoverage: number,
  index: SentenceIndex,
  own: (sentence: IndexedSentence) => string[],
): { cov: number; context?: IndexedSentence; borrowed?: boolean } {
  const cov = coverage(sentence.folded, terms);
  if (cov >= minCoverage || terms.length === 0) return { cov };
  if (cov === 0 && !ANAPHOR.test(sentence.text) && !isFieldSentence(sentence)) return { cov };
  const before = index.antecedent(sentence);
  // (A numbered field label before it — "三、申报时间。" — is its heading, not a sentence to quote: see
  // `fieldHeading`. A label that names a topic — "（二）租金补贴。" — is context like any sentence before.)
  const prior = before && own(before).length > 0 && !isFieldLabel(before.text) ? before : undefined;
  if (prior) {
    const together = coverage(`${prior.folded}\n${sentence.folded}`, terms);
    if (together >= minCoverage) return { cov: together, context: prior, borrowed: true };
  }
  // A notice's "申报时间为…" is about what its title names (…“智谷英才计划”申报工作的通知); the citation shows
  // the title, so nothing more is quoted. (A labelled line — "联系电话：…" — names nothing else of it; a line
  // under "三、申报时间" is labelled by its heading.)
  if (cov === 0 && !isFieldSentence(sentence)) return { cov };
  const title = fold(sentence.article.title);
  const heading = fieldHeading(sentence) ?? "";
  const withTitle = coverage(`${title}\n${heading}\n${prior?.folded ?? ""}\n${sentence.folded}`, terms);
  return withTitle >= minCoverage
    ? { cov: withTitle, borrowed: true, ...(prior ? { context: prior } : {}) }
    : { cov };
}

/**
 * Supports with the sentence each one refers back to quoted first, so the reader sees what "该项目" is; a
 * context sentence that is itself a support is not repeated.
 */
function withContext(supports: Support[], candidates: readonly Candidate[]): Support[] {
  const out: Support[] = [];
  for (const support of supports) {
    const context = candidates.find((c) => c.sentence === support.sentence)?.context;
    if (context && !out.some((s) => s.sentence === context) && !supports.some((s) => s.sentence === context))
      out.push({ sentence: context, excerpt: trimEnd(context.text), score: support.score, context: true });
    out.push(support);
  }
  return out;
}

/**
 * For a question answered by one figure (how big, how far, how many): when sources that answer it equally well
 * give different figures for the same attribute, the newest source's figure first, then the others' with their
 * own sources, each cited. Undefined when the sources agree (or the question is of another kind): then the best
 * sentence answers alone.
 */
function figureSupports(
  ranked: readonly Candidate[],
  analysis: QuestionAnalysis,
  primary: Intent | undefined,
  index: SentenceIndex,
  own: (sentence: IndexedSentence) => string[],
  maxAlternatives: number,
): Support[] | undefined {
  if (
    !primary?.shape ||
    (SEVERAL_FACTS.test(analysis.rewritten.folded) && !TREND.test(analysis.rewritten.folded))
  )
    return undefined;
  const shape = primary.shape;
  const names = [...index.zone.names, analysis.subject];
  // The attribute is a noun phrase: the question's nouns must be in it, its other words (国家级, 下辖) rank.
  const topic = analysis.required;
  // Each candidate answers with the clause that binds a figure to the attribute asked about (高新技术企业 132家
  // is no answer to "有多少家企业" when the same sentence says 各类企业总数 1850家).
  const bind = (c: Candidate) => {
    let bestFit = 0;
    let bound: { c: Candidate; s: Support; figure: BoundFigure; fit: number } | undefined;
    const clauses = own(c.sentence);
    for (const [i, clause] of clauses.entries()) {
      if (!shape.test(fold(clause))) continue;
      let figure = boundFigure(
        respectivePart(clause, analysis.subject, index.zone) ?? clause,
        primary.name,
        names,
      );
      let excerpt = clause;
      const previous = clauses[i - 1];
      // "省级以上研发机构104家，其中国家级8家": what 其中 counts is a kind of what the clause before counts.
      if (figure && previous && /^其中/.test(clause.trim())) {
        const of = boundFigure(previous, primary.name, names)?.attribute;
        if (of && !of.includes(figure.attribute))
          figure = { ...figure, attribute: `${figure.attribute}${of}` };
      }
      // "税收收入24.1亿元，增长6.8%": a rate that names nothing is the rate of the figure before it.
      if (figure && primary.name === "change" && BARE_CHANGE.test(figure.attribute) && previous) {
        const of = boundFigure(previous, "count", names)?.attribute;
        if (of) {
          figure = { ...figure, attribute: `${of}${figure.attribute}` };
          excerpt = `${previous},${clause}`;
        }
      }
      const fit = figure ? attributeFit(figure.attribute, topic) : 0;
      if (figure && fit > bestFit) {
        bestFit = fit;
        bound = { c, s: { sentence: c.sentence, score: c.score, excerpt }, figure, fit };
      }
    }
    return bound;
  };
  const top = ranked[0];
  if (!top) return undefined;
  // Among equally good answers, the one whose figure is bound to exactly the attribute asked about ("企业总数
  // 7300余家" for 有多少家企业, not "小巨人企业12家") leads.
  const equals = ranked.filter((c) => c.cov >= top.cov - 1e-9).slice(0, 20);
  const boundEquals = equals.map(bind).filter((r): r is NonNullable<typeof r> => r !== undefined);
  // (An infobox row binds its label exactly, but a sentence that states the same says more: it weighs less.)
  // (A figure for other months than asked is another attribute: 1—8月进出口额 is no year's.)
  const weight = (r: (typeof boundEquals)[number]) =>
    r.fit * 2 -
    (LABEL_LINE.test(r.c.sentence.text) ? LABEL_FIT_PENALTY : 0) -
    (r.c.offPeriod ? LABEL_FIT_PENALTY : 0);
  const bestWeight = Math.max(0, ...boundEquals.map(weight));
  const first = boundEquals.find((r) => r.fit > 0 && weight(r) === bestWeight);
  if (!first) return undefined;
  const best = first.c;
  const rivals = ranked
    .filter((c) => c !== best && c.cov >= best.cov - 1e-9)
    .slice(0, 20)
    .map(bind)
    .filter(
      (r): r is NonNullable<typeof r> =>
        r !== undefined && r.c.offPeriod === first.c.offPeriod && sameAttribute(first.figure, r.figure),
    );
  const all = [first, ...rivals];
  const byValue = new Map<number, typeof all>();
  for (const r of all) byValue.set(r.figure.value, [...(byValue.get(r.figure.value) ?? []), r]);
  // The sources agree: the best-bound figure answers alone (when it is not the top-ranked sentence's).
  if (byValue.size < 2) return first.c === top && first.fit < 2 ? undefined : [first.s];
  const newest = (group: typeof all) =>
    group.reduce((a, b) => (b.c.sentence.article.date > a.c.sentence.article.date ? b : a));
  const groups = [...byValue.values()]
    .map(newest)
    .sort((a, b) => b.c.sentence.article.date.localeCompare(a.c.sentence.article.date));
  // "这几年怎么变化的": every figure, oldest first, as a series.
  if (TREND.test(analysis.rewritten.folded))
    return groups
      .slice(0, MAX_SERIES)
      .reverse()
      .map((g) => ({ ...g.s, series: true as const }));
  return groups.slice(0, 1 + maxAlternatives).map((g, i) => (i === 0 ? g.s : { ...g.s, alternative: true }));
}

/** A change attribute that names no quantity (增长, 同比增长, 比上年增长): the rate of the figure before it. */
const BARE_CHANGE = /^(?:同比|比上年|较上年|比去年|较去年|年均)?(?:增长|增加|提高|提升|上升|下降|减少|增)?$/;

/** A question about how a figure changed over time. */
export const TREND =
  /变化|趋势|历年|这几年|近几年|这些年|逐年|每年|从多少.{0,8}(?:增加|增长|提高|上升|下降|减少|变)到|over the years|how has .+ changed|\btrend/;
/** Figures in a series answer, the newest ones. */
const MAX_SERIES = 5;

/**
 * The facets of a topic overview when the question asks for one and names nothing else: one topic word (区位,
 * 交通) and only words that go with it (优势, 条件).
 */
function topicOverview(analysis: QuestionAnalysis): readonly Facet[] | undefined {
  const words = [...analysis.required.map((t) => t.word), ...analysis.soft];
  for (const { topic, also, facets } of TOPIC_OVERVIEWS) {
    if (words.some((w) => topic.test(w)) && words.every((w) => topic.test(w) || also.test(w))) return facets;
  }
  return undefined;
}

/**
 * `ownClauses` for one question's subject, each sentence's clauses worked out once; without the clauses that
 * state targets or forecasts when `presentOnly` (a question about how things are is not answered with 2030's
 * target).
 */
function ownClausesOf(
  subject: string,
  index: SentenceIndex,
  presentOnly: boolean,
): (sentence: IndexedSentence) => string[] {
  const seen = new Map<IndexedSentence, string[]>();
  return (sentence) => {
    let kept = seen.get(sentence);
    if (!kept) {
      const all = ownClauses(sentence, subject, index);
      // "同时，…常住人口达到30万人" after "到2030年，…": the targets go on.
      const before = CONTINUES.test(sentence.text) ? sentenceBefore(sentence) : undefined;
      const continued = before !== undefined && futureClauses(clauses(before)).at(-1) === true;
      const future = presentOnly ? (continued ? all.map(() => true) : futureClauses(all)) : [];
      kept = all.filter((_, i) => !future[i]);
      seen.set(sentence, kept);
    }
    return kept;
  };
}

/** Names of parts of a park: towns, subdistricts, blocks. */
const PART_OF_PARK = /\p{Script=Han}(?:镇|乡|村|街道|社区|片区|区块|组团)$/u;
/** A clause whose figure a part of the park states (芑塘片区距…, 砚湖镇位于…): no answer about the whole park. */
const PART_LEADS =
  /^\p{Script=Han}{1,6}(?:镇|乡|街道|片区|区块|组团)(?:距|离|到|位于|面积|规划面积|常住人口|有|拥有)/u;
const PART_PENALTY = 2;

/**
 * The clauses of a sentence that speak about `subject`: all of them when the sentence is about it alone, the
 * ones whose own park is `subject` when it names several ("示例高新区规划面积15.8平方公里,样本经开区20平方公里"),
 * none when it is about another park.
 */
function ownClauses(sentence: IndexedSentence, subject: string, index: SentenceIndex): string[] {
  if (!sentence.subjects.includes(subject)) return [];
  const parts = clauses(sentence.text);
  if (sentence.subjects.length === 1) return parts;
  const subjects = clauseSubjects(parts, sentence.subjects, index.zone, (s) => index.subjectCounts.has(s));
  // (A clause that lists parks with 分别 speaks of each of them; one about both — "两地相距约75公里" — of both.)
  return parts.filter(
    (part, i) =>
      subjects[i] === subject || MUTUAL.test(part) || respectivePart(part, subject, index.zone) !== undefined,
  );
}

/** A clause about the two places the sentence names, together. */
const MUTUAL = /^\s*(?:两地|两区|两园|两个(?:园区|开发区|片区|地方)|二者|双方)/;

/**
 * BM25 drops single characters and words it never indexed; a sentence that mentions the question's topic
 * words verbatim (什么河 → 蒸水河) is a candidate all the same, with no BM25 score of its own.
 */
function withMentions(
  hits: ScoredSentence[],
  analysis: QuestionAnalysis,
  index: SentenceIndex,
): ScoredSentence[] {
  const words = [...analysis.required.map((t) => t.word), ...analysis.soft];
  if (words.length === 0) return hits;
  const seen = new Set(hits.map((h) => h.sentence.id));
  // Rarer words say more (河 in one sentence beats 经 in five): each mention scores 1 / sentences mentioning it.
  // A word in thousands of sentences (的, 区) says next to nothing, and reading them all would cost a pass over
  // the knowledge base per question.
  const mentioning = words.filter((w) => index.frequency(w) <= MAX_MENTIONS).map((w) => index.mentioning(w));
  const floor = Math.min(...hits.map((h) => h.score), 1);
  const found = new Map<IndexedSentence, number>();
  for (const sentences of mentioning) {
    const rarity = 1 / Math.max(1, sentences.length);
    for (const sentence of sentences) {
      if (seen.has(sentence.id) || !sentence.subjects.includes(analysis.subject)) continue;
      found.set(sentence, (found.get(sentence) ?? 0) + rarity);
    }
  }
  // A notice's fields ("申报截止时间为…", "联系电话：…") name nothing of what the notice is about: its title does.
  // When the titles of a few articles name every noun of the question, their field lines are candidates too.
  const nouns = analysis.required.filter((t) => t.weight >= 2).map((t) => t.word);
  const titled = nouns.length > 0 ? index.articlesTitled(nouns) : undefined;
  if (titled && titled.length <= MAX_TITLED)
    for (const article of titled)
      for (const paragraph of article.paragraphs)
        for (const { id } of paragraph.sentences) {
          const sentence = index.byId.get(id);
          if (
            !sentence ||
            seen.has(id) ||
            found.has(sentence) ||
            !sentence.subjects.includes(analysis.subject)
          )
            continue;
          if (isFieldSentence(sentence)) found.set(sentence, 0);
        }
  const extra = [...found].map(([sentence, sum]) => ({ sentence, score: (floor * sum) / words.length }));
  return [...hits, ...extra];
}

/** Articles whose titles name the question's nouns, beyond which the titles say too little to look at each. */
const MAX_TITLED = 20;

/** Sentences a word may be mentioned in and still make its mentions candidates (see `withMentions`). */
const MAX_MENTIONS = 1000;

/** A named institution (省人民政府, 中国高新技术产业经济研究院), as opposed to a bare 我院 — or a company, which is visited, not the doer. */
const NAMED_AGENT = /\p{Script=Han}{2,}(?:研究院|研究所|政府|国务院|委员会|管委会|科技部|工信部|大学)/gu;

/** "Who did it" is best answered by the sentence that names the doer in full: the longest organisation name. */
function namedAgentLength(text: string): number {
  return Math.max(0, ...[...text.matchAll(NAMED_AGENT)].map((m) => m[0].length));
}

/**
 * Words asking for the present state: the newest source answers. ("一共几家了": a count with a closing 了 asks how
 * many there are by now.)
 */
const CURRENT =
  /现在|目前|当前|如今|最新|最近|眼下|现任|now|current|latest|today|at present|presently|(?:几|多少)[^，,。？?]{0,3}了[?？吗呢啊]*$/;

const SEVERAL_FACTS =
  /分别|各是|各自|各(?:有)?多|\bboth\b|respectively|(?:多少|几[个家项件位名人]).*(?:多少|几[个家项件位名人])/;

/** "Which ones" questions want the whole enumeration, which often runs over several clauses. */
const LIST_QUESTION = /哪些|哪几|有什么|都有|包括|几个|列举|列出|分别|各是|各自|\bwhich\b|\bwhat\b|\blist\b/;

/**
 * Splits a sentence into clauses, keeping each clause's text verbatim. A colon after a short label
 * ("常住人口：8.6万人") joins the label to its value; after a longer lead ("他表示：…") it ends a clause.
 */
function clauses(text: string): string[] {
  return text
    .replace(/[。!?!?]+[”’」』]?$/u, "")
    .split(/[,，;；]|(?<=[^,，;；:：]{9,})(?<!\d)[:：](?!\d)/u)
    .map((c) => c.trim())
    .filter(Boolean);
}

/**
 * The clause that states the answer: it carries the needed kind of fact and most of the topic. A distance
 * question picks its item out of a list (距衡阳火车站8公里、南岳机场20公里 → 南岳机场20公里).
 */
function excerpt(
  sentence: IndexedSentence,
  analysis: QuestionAnalysis,
  primary: Intent | undefined,
  own: readonly string[],
): string {
  const wantsWhole =
    primary?.allowTwo ||
    sentence.text.length <= 40 ||
    (!primary && LIST_QUESTION.test(analysis.rewritten.folded));
  const mixed = sentence.subjects.length > 1;
  if (!primary?.shape && wantsWhole && !mixed) return trimEnd(sentence.text);
  // Honours come in lists ("拥有…基地、…基地等金字招牌"): the whole sentence names them all.
  if (primary?.name === "honour" && !mixed) return trimEnd(sentence.text);
  // "成立和升级分别是哪一年": two facts asked at once — every clause with that kind of fact (or the sentence).
  // A sentence about several parks is quoted only where it speaks about the one asked about.
  // (Only the clauses that may answer: a target in the same sentence is no answer to how things are.)
  const parts = mixed || own.length > 0 ? [...own] : clauses(sentence.text);
  if (SEVERAL_FACTS.test(analysis.rewritten.folded)) {
    const shaped = primary?.shape ? parts.filter((c) => primary.shape?.test(fold(c))) : [];
    return shaped.length > 0 ? shaped.join(",") : mixed ? parts.join(",") : trimEnd(sentence.text);
  }
  // "离港口和机场多远": every place asked about, each from the clause that gives its distance.
  if (
    (primary?.name === "distance" || primary?.name === "duration") &&
    /[和及、与跟]/.test(analysis.rewritten.folded)
  ) {
    const places = [
      ...analysis.required.map((t) => t.word),
      ...analysis.soft.filter((w) => !/^[离距到从去至往和与及跟的远近多少要]+$/.test(w)),
    ];
    const each = parts.filter((c) => primary.shape?.test(fold(c)) && places.some((w) => fold(c).includes(w)));
    if (each.length >= 2) return each.join(",");
  }
  const beside = primary?.name === "neighbour" ? besideChecks(analysis.rewritten.folded) : [];
  const scored = parts.map((clause, i) => {
    const folded = fold(clause);
    const shape = primary?.shape?.test(folded) ? 3 : 0;
    // "实现出口118.6亿元，增长7.3%": a rate is the rate of what the clause before it names.
    const rateOf = primary?.name === "change" && shape > 0 && i > 0 ? `${fold(parts[i - 1] ?? "")},` : "";
    const topic = coverage(rateOf + folded, analysis.required) * 2;
    const hint = analysis.soft.filter((w) => folded.includes(w)).length * 0.5;
    // "西边挨着什么": the clause about that side (西靠…), not the first one about a side (东接…).
    const side = beside.length > 0 && beside.every((re) => re.test(clause)) ? 2 : 0;
    return { clause, i, score: shape + topic + hint + side, shaped: shape > 0 };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  // The clause quoted must hold the kind of fact asked for when one does; the topic's clause is joined to it below.
  const pick = (primary?.shape ? scored.find((x) => x.shaped) : undefined) ?? scored[0];
  if (!pick) return trimEnd(sentence.text);
  let clause = pick.clause;
  // No one clause holds the whole topic (助力…, 打造…): take the clauses that hold its parts, in order.
  if (!primary?.shape && coverage(fold(clause), analysis.required) < 1) {
    const parts2 = parts.filter((c) => coverage(fold(c), analysis.required) > 0);
    if (parts2.length > 1 && parts2.length <= 3) clause = parts2.join(",");
  }
  // "研发补助封顶能拿多少": the figure's clause (单个企业最高300万元) and the clause next to it that names the rest
  // of the topic (按研发投入的20%给予补贴) answer together; a neighbour that adds nothing is left out.
  else if (primary?.shape && coverage(fold(clause), analysis.required) < 1) {
    let from = pick.i;
    let to = pick.i;
    const joined = () => parts.slice(from, to + 1).join(",");
    for (const step of primary.name === "change" ? [-1] : [-1, 1]) {
      const at = step < 0 ? from - 1 : to + 1;
      const next = parts[at];
      if (next === undefined) continue;
      const before = coverage(fold(joined()), analysis.required);
      const [f, t] = step < 0 ? [at, to] : [from, at];
      if (coverage(fold(parts.slice(f, t + 1).join(",")), analysis.required) > before) {
        from = f;
        to = t;
      }
    }
    clause = joined();
  }
  if (primary?.name === "distance") clause = distanceItem(clause, analysis);
  // "能补多少": a grant's rate and its cap ("按研发投入的20%给予补助，单个企业最高300万元") answer together.
  if (primary?.name === "grant") {
    let to = pick.i;
    while (to + 1 < parts.length && GRANT_CAP.test(parts[to + 1] ?? "")) to++;
    if (to > pick.i) clause = [clause, ...parts.slice(pick.i + 1, to + 1)].join(",");
  }
  // "现在主任是谁": a leader's profile names the person only at its start ("岑某，女，…，2025年7月任…主任").
  if (primary?.name === "who") {
    const name = clauses(sentence.text)[0]?.trim() ?? "";
    if (/^\p{Script=Han}{2,4}$/u.test(name) && !clause.includes(name)) clause = `${name},${clause}`;
  }
  // A very short clause ("随后") says nothing alone: take its neighbour too.
  if (clause.length < 6 && parts[pick.i + 1]) clause = `${clause},${parts[pick.i + 1]}`;
  return clause;
}

function distanceItem(clause: string, analysis: QuestionAnalysis): string {
  const items = clause.split("、");
  if (items.length < 2) return clause;
  const lead = /^(距离|距|离)/.exec(clause)?.[1] ?? "";
  const wanted = items.find((item) => DISTANCE.test(item) && coverage(fold(item), analysis.required) > 0);
  if (!wanted) return clause;
  return wanted.startsWith(lead) ? wanted : `${lead}${wanted}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
