import type { Article } from "../../knowledge/article.js";
import type { Lexicon } from "../../search/lexicon.js";
import { fold } from "../../search/normalize.js";
import { expandShortYears } from "../../search/rewrite.js";
import { type IndexedSentence, SentenceIndex } from "../../search/sentence-index.js";
import { parkMentions } from "../../search/subjects.js";
import type { Answerer, AnswerOptions, Conversation } from "../answerer.js";
import { citeSentences } from "../citations.js";
import { helpText, type Lang, notCoveredText, otherPlaceText, type Scope } from "../replies.js";
import type { Answer, Citation } from "../schema.js";
import { analyzeQuestion, type QuestionAnalysis, type Term } from "./analyze.js";
import { composeAnswer } from "./compose.js";
import { englishForChinese, englishSupport } from "./english.js";
import { questionYear } from "./facts.js";
import { ellipsis } from "./follow-ups.js";
import { detectIntents, isMetaWord } from "./intents.js";
import { answerMeta } from "./meta.js";
import {
  coverage,
  DEFAULT_SELECT_OPTIONS,
  type SelectOptions,
  type Support,
  selectSupport,
} from "./select.js";

/** What the offline answerer decided, before timing is added. */
export type OfflineResult = Omit<Answer, "question" | "mode" | "ms">;

/**
 * The rule-based answerer: works with no network and no key, and is the fallback for the online one.
 * It answers only when a sentence covers the question's topic and holds the kind of fact asked for; otherwise it
 * says honestly that the knowledge base does not cover the question.
 */
export class OfflineAnswerer implements Answerer {
  readonly index: SentenceIndex;
  /** What the knowledge base holds, for help and refusal texts. */
  readonly scope: Scope;

  constructor(
    readonly articles: Article[],
    readonly lexicon: Lexicon,
    readonly options: SelectOptions = DEFAULT_SELECT_OPTIONS,
    /** The index of these articles, when already built or loaded (see index-cache.ts). */
    index?: SentenceIndex,
  ) {
    this.index = index ?? new SentenceIndex(articles, lexicon);
    this.scope = {
      zone: lexicon.zone,
      articles,
      aboutZone: articles.filter((a) => this.index.articleSubjects.get(a.id) === lexicon.zone.canonical),
    };
  }

  /** A citable sentence by id (for 原文 buttons and checks), with its article. */
  sentence(id: string): IndexedSentence | undefined {
    return this.index.byId.get(id);
  }

  /** What the knowledge base holds, for status lines: articles, those about the zone, citable sentences. */
  stats(): { articles: number; aboutZone: number; sentences: number } {
    return {
      articles: this.articles.length,
      aboutZone: this.scope.aboutZone.length,
      sentences: this.index.sentences.length,
    };
  }

  async answer(question: string, options: AnswerOptions = {}): Promise<Answer> {
    const started = performance.now();
    const result = this.decide(question, options.conversation);
    return { question, ...result, mode: "offline", ms: round(performance.now() - started) };
  }

  /** Synchronous core of `answer`. */
  decide(question: string, conversation?: Conversation): OfflineResult {
    return this.explain(question, conversation).result;
  }

  /**
   * The decision with its reasons: what kind of reply it is, the analysis, and the supporting sentences. The
   * online answerer uses it as its gate (only `fact` replies go to the model) and as its fallback.
   */
  explain(question: string, conversation?: Conversation): OfflineDecision {
    const whole = this.explainOne(question, conversation);
    // "面积多大，离高铁站多远": two questions in one message get two answers, each with its own source.
    const parts = questionParts(question);
    if (parts.length < 2) {
      // "离高铁站和机场多远": when no one sentence names both, each is asked on its own and both answered.
      const split = whole.kind === "open" ? coordinated(fold(question), whole.analysis.required) : undefined;
      if (!split) return whole;
      const answers = split.map((q) => this.explainOne(q, conversation));
      return answers.every((a) => a.kind === "fact") ? combine(whole, answers) : whole;
    }
    // Later parts often leave out what the first one named ("测试科技园有多少家企业，主要发展什么"): they are
    // about the same park, and the same year.
    const year = questionYear(expandShortYears(fold(question)));
    const answers: OfflineDecision[] = [];
    for (const [i, part] of parts.entries()) {
      if (i === 0) {
        answers.push(this.explainOne(part, conversation));
        continue;
      }
      const folded = fold(part);
      const named = parkMentions(folded, this.index.zone, { loose: true }).some((m) => m.subject);
      const withYear = year && !questionYear(folded) ? `${year}年${part}` : part;
      // "签约了多少个项目，总投资多少": the sentence that answered the first part answers the next if it can.
      const first = answers[0]?.supports.find((x) => !x.context)?.sentence;
      const asked = named ? withYear : `${whole.analysis.subject}${withYear}`;
      let answer = this.explainOne(asked, conversation, first);
      // "税收收了多少钱，比前一年涨了几个点": a later part that names no thing of its own asks about the first
      // part's (the rise of the tax revenue, not of anything in that year).
      // (Its nouns, or its words when jieba tagged none a noun: 出口 is a verb too.)
      const firstTopic = answers[0]?.analysis.required ?? [];
      const nouns = firstTopic.filter((t) => t.weight >= 2);
      const topic = (nouns.length > 0 ? nouns : firstTopic).map((t) => t.word);
      const bare =
        answer.analysis.required.length === 0 ||
        (answer.analysis.intents[0]?.name === "change" &&
          !answer.analysis.required.some((t) => t.weight >= 2));
      if (bare && topic.length > 0)
        answer = this.explainOne(`${topic.join(" ")} ${asked}`, conversation, first);
      answers.push(answer);
    }
    if (answers.every((a) => a.kind === "fact")) return combine(whole, answers);
    // "人才公寓多少套？拿地多久能开工？": what the knowledge base answers is answered, and the rest is named as
    // not covered — better than refusing both.
    if ((whole.kind !== "refusal" && whole.kind !== "open") || !answers.some((a) => a.kind === "fact"))
      return whole;
    const partial = combine(
      whole,
      answers.filter((a) => a.kind === "fact"),
    );
    // (The asker's words are not repeated: an answer shows only what the knowledge base says.)
    const note =
      whole.lang === "en"
        ? "(The knowledge base does not cover the rest of the question.)"
        : "（问题的其余部分，知识库里没有相关内容。）";
    return { ...partial, result: { ...partial.result, answer: `${partial.result.answer} ${note}` } };
  }

  private explainOne(asked: string, conversation?: Conversation, prefer?: IndexedSentence): OfflineDecision {
    const previous = conversation?.previous;
    // "样本经开区呢?" after a question about another park: the same question, about this one.
    const completed = previous
      ? ellipsis(asked, previous.answer.interpreted ?? previous.question, this.index)
      : undefined;
    const question = completed ?? asked;
    const analysis = analyzeQuestion(
      question,
      this.lexicon,
      this.index,
      previous?.answer.about ?? previous?.question,
    );
    const lang: Lang = analysis.rewritten.english ? "en" : "zh";
    const decision = (
      kind: ReplyKind,
      answer: string,
      citations: Citation[] = [],
      supports: Support[] = [],
    ) => ({
      kind,
      lang,
      analysis,
      supports,
      result: {
        answered: kind === "fact" || kind === "meta",
        answer,
        citations,
        ...(analysis.subject !== this.index.zone.canonical ? { about: analysis.subject } : {}),
        ...(completed ? { interpreted: completed } : {}),
      },
    });
    const notCovered = () => decision("refusal", notCoveredText(this.scope, this.lexicon, lang));

    if (analysis.rewritten.folded === "" || analysis.greeting) {
      return decision("help", helpText(this.scope, this.lexicon, lang));
    }
    if (analysis.otherPlaces.length > 0) {
      return decision("refusal", otherPlaceText(analysis.otherPlaces, this.scope, lang));
    }
    if (analysis.meta.length > 0) {
      // "This article" without a title is the article about what the question is about (the zone, mostly).
      const about = this.articles.filter((a) => this.index.articleSubjects.get(a.id) === analysis.subject);
      const meta = answerMeta({
        asks: analysis.meta,
        // A figure or a year the asker remembers ("356家那篇", "2018年那份公报") names the article too.
        topics: [
          ...analysis.required.map((t) => t.word),
          ...analysis.soft.filter((w) => /\d/.test(w)),
        ].filter((w) => !isMetaWord(w)),
        articles: this.articles,
        aboutSubject: about,
        articleLang: /英文|英语|english/.test(analysis.rewritten.folded) ? "en" : undefined,
        lastCited: conversation?.previous?.answer.citations[0]?.article.id,
        mentions: (word) => this.index.articlesMentioning(word),
        lang,
      });
      if (meta) return decision("meta", meta.answer, meta.citations);
    }
    // An English question the glossary could not carry over may be answered by an English sentence; so may a
    // Chinese one that only an English page answers (the incentives on an investment guide).
    const fromEnglish = (chineseToo = false) => {
      if (analysis.otherPlaces.length > 0 || (lang !== "en" && !chineseToo)) return undefined;
      const english =
        lang === "en"
          ? englishSupport(
              question,
              analysis.intents[0]?.name,
              analysis.subject,
              this.index,
              this.lexicon.glossary,
            )
          : englishForChinese(
              chineseTopic(analysis, this.lexicon),
              ASKS_MONEY.test(analysis.rewritten.folded),
              analysis.intents[0]?.name === "when" ? undefined : questionYear(analysis.rewritten.folded),
              analysis.intents[0]?.name,
              analysis.subject,
              this.index,
              this.lexicon.glossary,
            );
      if (!english) return undefined;
      const support = { sentence: english, excerpt: english.text.replace(/[.!?]$/, ""), score: 1 };
      return decision("fact", `${support.excerpt}. [1]`, citeSentences([english]), [support]);
    };
    if (analysis.unknown.length > 0) return fromEnglish(true) ?? notCovered();
    // Nothing the question names is in the knowledge base, and some of it is not: it asks about something else.
    const vocabulary = this.index.vocabularyOf(analysis.subject);
    // (A word the lexicon calls a synonym of a known one — 扩区 for 扩大 — is known.)
    const standsFor = (w: string) => this.lexicon.synonyms.find(([from]) => from === w)?.[1];
    const knownSoft = analysis.soft.filter(
      (w) => vocabulary.includes(w) || vocabulary.includes(standsFor(w) ?? w),
    );
    // (A question dated by an event the articles tell of — 扩区以后…变成多少 — names something known.)
    if (
      analysis.required.length === 0 &&
      knownSoft.length === 0 &&
      analysis.soft.length > 0 &&
      !analysis.period
    )
      return fromEnglish() ?? notCovered();

    // When something happened does not change with the source: an English question about a date is best
    // answered in the asker's language when an English page states it.
    if (analysis.intents[0]?.name === "when") {
      const english = fromEnglish();
      if (english) return english;
    }
    const supports = selectSupport(analysis, this.index, this.options, prefer);
    // An English question that the Chinese sentences answer only in part (the glossary lost a word) is better
    // answered by an English sentence that has its words, when one does.
    const partly =
      lang === "en" &&
      supports.length > 0 &&
      !supports.some((s) => coverage(s.sentence.folded, analysis.required) === 1);
    if (supports.length === 0 || partly) {
      const english = fromEnglish(supports.length === 0);
      if (english) return english;
    }
    // Everything the question names is known, but no one sentence answers it (a comparison, an overview of a
    // topic, several facts at once): refused offline, yet a model may answer it from sentences across articles.
    if (supports.length === 0)
      return isOpen(analysis, this.index) ? { ...notCovered(), kind: "open" } : notCovered();
    const answer = composeAnswer(supports, analysis.intents[0]?.name, lang);
    return decision("fact", answer, citeSentences(supports.map((s) => s.sentence)), supports);
  }
}

/** A Chinese question for an amount of money: 补贴多少, 最多能拿多少补助, 奖励多少钱. */
const ASKS_MONEY = /(?:补|奖|资助|扶持|钱|费|租金).{0,6}(?:多少|几)|(?:多少|几).{0,4}(?:补|奖|钱|万)/;

/**
 * A Chinese question's topic for an English sentence: each term with the words that mean it (补助 → 补贴), and
 * the words no Chinese sentence uses (补贴 when only the English page speaks of grants), which must be covered too.
 */
function chineseTopic(
  analysis: QuestionAnalysis,
  lexicon: Lexicon,
): Array<{ words: string[]; weight: number }> {
  const synonyms = new Map(lexicon.synonyms);
  const meaning = (w: string) => [w, ...(synonyms.has(w) ? [synonyms.get(w) as string] : [])];
  return [
    ...analysis.required.map((t) => ({ words: [...meaning(t.word), ...(t.alts ?? [])], weight: t.weight })),
    ...analysis.unknown.map((w) => ({ words: meaning(w), weight: 2 })),
  ];
}

/**
 * The separate questions in one message: pieces between punctuation or spaces that each ask something of their
 * own (a question type of their own: when, how big, how far…). A single question with a polite preamble
 * ("请问，…") is one piece.
 */
function questionParts(question: string): string[] {
  if (question.length > 200) return [];
  const pieces = question
    .split(/[，,；;？?！!。、：:\s]+/u)
    .map((p) => p.trim())
    .filter((p) => /\p{Script=Han}{2,}/u.test(p));
  const asking = pieces.filter((p) => detectIntents(fold(p)).length > 0);
  // ("一起说下", "谢谢": a closing word is no question of its own.)
  const substantial = pieces.filter((p) => p.length > 3 && !CLOSING.test(p));
  return asking.length >= 2 && asking.length === substantial.length ? asking : [];
}

/**
 * A question that asks about two things joined by 和/及/与/、 ("离高铁站和机场多远"), as two questions, each with
 * one of them ("离高铁站多远", "离机场多远"). Undefined when no two of its topic words are so joined.
 */
function coordinated(folded: string, terms: readonly Term[]): [string, string] | undefined {
  const found = terms
    .flatMap((t) => {
      const at = folded.indexOf(t.word);
      return at === -1 ? [] : [{ at, end: at + t.word.length }];
    })
    .sort((a, b) => a.at - b.at);
  for (let i = 0; i + 1 < found.length; i++) {
    const one = found[i];
    const two = found[i + 1];
    if (!one || !two) continue;
    const between = folded.slice(one.end, two.at);
    const m = /^(\p{Script=Han}{0,3}?)([和及与、])(\p{Script=Han}{0,4})$/u.exec(between);
    if (!m) continue;
    const conj = one.end + (m[1]?.length ?? 0);
    // The second one's own words run to the next punctuation or question word; the first keeps what follows it.
    const twoEnd =
      two.end +
      (/^\p{Script=Han}{0,3}?(?=多|几|是|有|在|怎|的|[，,？?]|$)/u.exec(folded.slice(two.end))?.[0].length ??
        0);
    return [folded.slice(0, conj) + folded.slice(twoEnd), folded.slice(0, one.at) + folded.slice(conj + 1)];
  }
  return undefined;
}

/** A piece of a message that only closes it: "一起说下", "谢谢", "麻烦了". */
const CLOSING = /^(?:一起|顺便|麻烦|请|帮忙|谢谢|多谢|辛苦|拜托)/;

/** One answer from several: texts in order, citations numbered once each (a sentence cited twice keeps its n). */
function combine(whole: OfflineDecision, answers: OfflineDecision[]): OfflineDecision {
  const citations: Citation[] = [];
  const texts = answers.map((a) =>
    a.result.answer.replace(/\[(\d+)\]/g, (_, n: string) => {
      const cited = a.result.citations.find((c) => c.n === Number(n));
      if (!cited) return "";
      let mine = citations.find((c) => c.id === cited.id);
      if (!mine) {
        mine = { ...cited, n: citations.length + 1 };
        citations.push(mine);
      }
      return `[${mine.n}]`;
    }),
  );
  // Two parts answered by one sentence: the fuller quote stands for both.
  const bare = (t: string) => t.replace(/\[\d+\]|[。.\s]/g, "");
  const kept = texts.filter(
    (t, i) =>
      !texts.some(
        (other, j) => j !== i && bare(other).includes(bare(t)) && (bare(other) !== bare(t) || j < i),
      ),
  );
  return {
    ...whole,
    kind: "fact",
    supports: answers.flatMap((a) => a.supports),
    result: { answered: true, answer: kept.join(" "), citations },
  };
}

/**
 * What kind of reply the offline answerer made. `fact` and `open` answers are worth a model call: `open` is a
 * question about known things that no one sentence answers (refused offline).
 */
export type ReplyKind = "fact" | "open" | "meta" | "refusal" | "help";

/**
 * Whether a question the rules could not answer may still go to a model: it names only things the knowledge
 * base knows, about a park it has sentences on, and no year it has nothing about. Anything else stays refused.
 */
function isOpen(analysis: QuestionAnalysis, index: SentenceIndex): boolean {
  if (analysis.unknown.length > 0 || analysis.otherPlaces.length > 0 || analysis.required.length === 0)
    return false;
  const year = questionYear(analysis.rewritten.folded);
  if (!year) return true;
  return index.mentioning(year).some((s) => s.subjects.includes(analysis.subject));
}

export interface OfflineDecision {
  kind: ReplyKind;
  lang: Lang;
  analysis: QuestionAnalysis;
  supports: Support[];
  result: OfflineResult;
}

/** The offline answerer over these articles; `options` changes thresholds (see `SelectOptions`). */
export function createOfflineAnswerer(
  articles: Article[],
  lexicon: Lexicon,
  options: Partial<SelectOptions> = {},
  index?: SentenceIndex,
): OfflineAnswerer {
  return new OfflineAnswerer(articles, lexicon, { ...DEFAULT_SELECT_OPTIONS, ...options }, index);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
