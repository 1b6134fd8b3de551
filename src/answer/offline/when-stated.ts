import { fold } from "../../search/normalize.js";
import type { IndexedSentence, SentenceIndex } from "../../search/sentence-index.js";
import type { QuestionAnalysis } from "./analyze.js";
import { referenceYear } from "./facts.js";
import type { Intent } from "./intents.js";

/**
 * When a statement holds: the year a sentence speaks of (its time clause, the year named before it, its report's
 * year) and whether a clause states a fact or a target (到2030年, 力争, 预期目标是：…). Language data of Chinese
 * news prose, not of any article.
 */

/** A clause that only says when: "2022年", "截至2022年底", "本报讯 记者获悉" aside. */
const TIME_CLAUSE =
  /^\P{Script=Han}*(?:截至|截止|到|在)?\s*((?:19|20)\d{2})\s*年(?:底|末|度|全年|上半年|下半年|前三季度|一季度|1[—-]\d{1,2}月)?\s*$/u;

/**
 * The year of the time clause before the clause that states the asked kind of fact ("…获悉，2023年，园区实现地区生产
 * 总值521亿元"): what the sentence states is of that year, whatever the article's date.
 */
export function timeClauseYear(text: string, primary: Intent | undefined): string | undefined {
  const parts = text.split(/[,，]/);
  const stated = primary?.shape ? parts.findIndex((p) => primary.shape?.test(fold(p))) : parts.length;
  for (let i = (stated < 0 ? parts.length : stated) - 1; i >= 0; i--) {
    const year = TIME_CLAUSE.exec(parts[i] ?? "")?.[1];
    if (year) return year;
  }
  return undefined;
}

/** The year a sentence speaks of when it names none (see `referenceYear`). */
export function contextYear(sentence: IndexedSentence, index: SentenceIndex, statistics: boolean): string {
  const earlier: string[] = [];
  for (let s = index.antecedent(sentence); s; s = index.antecedent(s)) earlier.unshift(s.text);
  const paragraphs = statistics
    ? sentence.article.paragraphs
        .slice(0, sentence.paragraph)
        .map((p) => p.sentences.map((s) => s.text).join(""))
    : [];
  return referenceYear(sentence.text, earlier, paragraphs, sentence.article.date);
}

/** The text of the sentence before this one in its article (the last of the paragraph before, at a start). */
export function sentenceBefore(sentence: IndexedSentence): string | undefined {
  const paragraphs = sentence.article.paragraphs;
  const own = paragraphs[sentence.paragraph]?.sentences;
  if (sentence.sentence > 0) return own?.[sentence.sentence - 1]?.text;
  return paragraphs[sentence.paragraph - 1]?.sentences.at(-1)?.text;
}

/** A sentence that goes on from the one before (同时, 此外…). */
export const CONTINUES = /^(?:同时|此外|另外|并且?|还将|还要|届时)[,，]?/;

/** "到2030年，…" at a sentence's start makes every clause after it a target. */
const TARGET_YEAR = /^(?:规划提出|规划明确|目标是|根据规划)?[,，]?(?:到|至)\s*(?:19|20)\d{2}\s*年/;
/** A clause that introduces a list of targets ("主要预期目标是：…", "目标任务为"): every clause after it is one. */
const TARGET_LEAD = /(?:目标|目标任务|预期目标|主要目标|计划|任务)(?:是|为)?[:：]?$|预期目标/;
/** A clause that states a target or a forecast, not a fact. Language data of Chinese news prose. */
const FORECAST =
  /力争|预计|预期|目标|计划|有望|届时|将(?:会)?(?:达到|突破|增至|增加到|超过|建成|新增|拓展|扩大|新建|实现|形成)|(?:到|至)\s*(?:19|20)\d{2}\s*年/;

/** For each clause of a sentence, whether it states a target or forecast. */
export function futureClauses(clauses: readonly string[]): boolean[] {
  let sticky = false;
  return clauses.map((clause) => {
    if (TARGET_YEAR.test(clause) || TARGET_LEAD.test(clause)) sticky = true;
    return sticky || FORECAST.test(clause);
  });
}

/** Question types whose answer is a figure that may be a fact or a target. */
export const FIGURE_INTENTS = new Set(["area", "distance", "count", "change", "rank", "price"]);
/** The question asks about the future itself: targets and forecasts answer it. */
const FUTURE_ASK =
  /(?:到|至)\s*(?:19|20)\d{2}|将|计划|预计|预期|目标|未来|力争|打算|规划到|要达到|会(?:达到|扩大|增加|增长|有)|建成后|达产后|\bwill\b|\bplans?\b(?! area)|\bplanning to\b|target|expect|forecast|\bby 20\d\d/;

/** Whether a figure question asks about targets and forecasts themselves. */
export function asksFuture(analysis: QuestionAnalysis, primary: Intent | undefined): boolean {
  // "突破600家是哪年实现的": when something was achieved — a target for it is no answer.
  if (primary?.name === "when" && ACCOMPLISHED.test(analysis.rewritten.folded))
    return FUTURE_ASK.test(analysis.rewritten.folded);
  if (!primary || !FIGURE_INTENTS.has(primary.name)) return true;
  return FUTURE_ASK.test(analysis.rewritten.folded);
}

/** A question about when something was achieved: 是哪年实现的, 什么时候突破的, 哪年达到. */
const ACCOMPLISHED = /(?:实现|达到|突破|完成)了?的|(?:哪一?年|什么时候|何时)(?:实现|达到|突破|完成)/;
