import type { IndexedSentence, SentenceIndex } from "../../search/sentence-index.js";
import type { IntentName } from "./intents.js";

/**
 * English questions answered from English sentences (a provincial government's English page): the question's
 * content words against the sentence's words, with the same subject rule as Chinese answers. Used when the
 * Chinese path (glossary → Chinese words) finds nothing.
 */

/** English words that carry no topic. Language data of English. */
const STOPWORDS = new Set(
  "a an the of in on at to for from by with and or is are was were be been being do does did has have had how what which when where who whom why this that these those it its there their they them zone park high tech hi industrial development national area city province many much big far long now currently please tell me about you can could would profile page website according".split(
    " ",
  ),
);

/** Words that make a question about money. */
const MONEY_WORDS =
  /\b(?:grants?|funds?|funding|subsid\w*|rewards?|awards?|bonus\w*|investment|money|yuan|rmb|rent|costs?|price|fees?)\b/i;

const YEAR = /\b(?:19|20)\d{2}\b/;

/** English sentences looked at per question (BM25's best). */
const CANDIDATES = 30;
/** A sentence answers only when it has this share of the question's content words. */
const MIN_SHARE = 0.6;

/** What an answering English sentence must contain for each question type (a year for "when", a figure…). */
const SHAPES: Partial<Record<IntentName, RegExp>> = {
  when: /\b(?:19|20)\d{2}\b/,
  area: /\d(?:[\d.,]*)\s*(?:sq(?:uare)?\.?\s*(?:km|kilomet)|km2|km²|hectares?)/i,
  distance: /\d(?:[\d.,]*)\s*(?:km|kilomet)/i,
  count: /\d/,
  price: /\d/,
};

/** Irregular past forms news English uses for what parks did. Language data of English. */
const IRREGULAR: Record<string, string> = {
  became: "become",
  built: "build",
  began: "begin",
  held: "hold",
  won: "win",
  made: "make",
  got: "get",
  rose: "rise",
  grew: "grow",
  fell: "fall",
  took: "take",
  gave: "give",
  led: "lead",
  chose: "choose",
  brought: "bring",
  drew: "draw",
  spent: "spend",
  sold: "sell",
};

function stem(word: string): string {
  const lower = word.toLowerCase();
  const base = IRREGULAR[lower];
  if (base) return base;
  return lower
    .replace(/'s$/, "")
    .replace(/(?:ies)$/, "y")
    .replace(/(?:ing|ed|es|s)$/, "");
}

/**
 * The meanings of a text's content words: a glossary phrase or word stands for its Chinese term, so "set up"
 * and "established" (both 成立) are the same word; other words by their stem.
 */
function contentWords(text: string, glossary: ReadonlyArray<[string, string]> = []): string[] {
  // (Punctuation is no part of a word: "station?" is "station", so "railway station?" is the phrase.)
  let rest = ` ${text.toLowerCase().replace(/[^a-z0-9&'-]+/g, " ")} `;
  const meanings: string[] = [];
  // Longest phrases first (the glossary is sorted so), whole words only.
  for (const [english, chinese] of glossary) {
    if (!chinese || !english.includes(" ")) continue;
    if (rest.includes(` ${english} `)) {
      meanings.push(chinese);
      rest = rest.split(` ${english} `).join(" ");
    }
  }
  const glossed = new Map(glossary);
  for (const w of rest.match(/[a-z][a-z&-]*[a-z]/g) ?? []) {
    if (STOPWORDS.has(w)) continue;
    // A word the glossary calls harmless ("" — please, get, newly) carries no topic either.
    // (A plural the stemmer cuts too far — centres → centr — is found without its s.)
    const meaning = glossed.get(w) ?? glossed.get(w.replace(/s$/, "")) ?? glossed.get(stem(w));
    if (meaning === "") continue;
    meanings.push(meaning || stem(w));
  }
  return [...new Set(meanings)];
}

/** The English sentence about `subject` that best answers the question, if one has enough of its words. */
export function englishSupport(
  question: string,
  intent: IntentName | undefined,
  subject: string,
  index: SentenceIndex,
  glossary: ReadonlyArray<[string, string]> = [],
): IndexedSentence | undefined {
  // The zone's own names say which park, not what is asked: an English page calls it "the zone" as often.
  let asked = ` ${question.toLowerCase()} `;
  for (const name of index.zone.names) if (/[a-z]/.test(name)) asked = asked.split(name).join(" ");
  // (…and so do their words alone: "the Huizhu zone".)
  const nameWords = new Set(index.zone.names.flatMap((n) => n.match(/[a-z][a-z-]+/g) ?? []));
  asked = asked.replace(/[a-z][a-z-]+/g, (w) => (nameWords.has(w) ? " " : w));
  const wanted = contentWords(asked, glossary);
  if (wanted.length === 0) return undefined;
  // "How big are the grants": money, whatever "big" made of the question type.
  const money = MONEY_WORDS.test(question);
  const shape = money ? SHAPES.price : intent ? SHAPES[intent] : undefined;
  let best: { sentence: IndexedSentence; share: number } | undefined;
  // The index holds English words as written; search with the question's own words, then compare stems.
  const query = (question.match(/[A-Za-z][A-Za-z-]+/g) ?? [])
    .map((w) => w.toLowerCase())
    .filter((w) => !STOPWORDS.has(w));
  // "…in 2023?": a sentence that names no such year speaks of another time.
  const year = intent === "when" ? undefined : YEAR.exec(question)?.[0];
  for (const { sentence } of index.search(query.join(" "), CANDIDATES, subject)) {
    if (!/[A-Za-z]{3,}/.test(sentence.text) || !sentence.subjects.includes(subject)) continue;
    if (year && !ofYear(sentence, year)) continue;
    if (shape && !shape.test(sentence.text)) continue;
    const words = new Set(contentWords(sentence.text, glossary));
    const share = wanted.filter((w) => words.has(w)).length / wanted.length;
    if (share >= MIN_SHARE && (!best || share > best.share)) best = { sentence, share };
  }
  return best?.sentence;
}

/**
 * Whether a sentence speaks of the year: it names it, or names no year and its page was published then (a 2018
 * profile's figures).
 */
function ofYear(sentence: IndexedSentence, year: string): boolean {
  return (
    sentence.text.includes(year) || (!YEAR.test(sentence.text) && sentence.article.date.startsWith(year))
  );
}

/** A figure of money in English: "5 million yuan", "RMB 300,000", "200,000 yuan". */
const ENGLISH_MONEY = /\d[\d,.]*\s*(?:million|billion|thousand)?\s*(?:yuan|rmb)|rmb\s*\d|¥\s*\d/i;

/**
 * A Chinese question that only an English page answers ("新建国家级研发中心最多能拿多少补助" — the incentives
 * are on the English investment page alone): the question's topic words against the meanings the glossary
 * gives the English sentence's words (grant → 补贴, R&D → 研发), with the same share and subject rules as
 * English questions. `topic` holds each term and the other words that mean it (补助 → 补贴).
 */
export function englishForChinese(
  topic: ReadonlyArray<{ words: readonly string[]; weight: number }>,
  asksMoney: boolean,
  /** A year the question restricts to (2023年…): a sentence of another year is no answer. */
  year: string | undefined,
  intent: IntentName | undefined,
  subject: string,
  index: SentenceIndex,
  glossary: ReadonlyArray<[string, string]> = [],
): IndexedSentence | undefined {
  const total = topic.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return undefined;
  // The English words the glossary gives for the topic's words: what to search the English sentences for.
  const wanted = [...new Set(topic.flatMap((t) => t.words))];
  const query = glossary
    .filter(([, chinese]) => chinese !== "" && wanted.some((w) => w === chinese || w.includes(chinese)))
    .map(([english]) => english);
  if (query.length === 0) return undefined;
  const shape = asksMoney ? ENGLISH_MONEY : intent ? SHAPES[intent] : undefined;
  let best: { sentence: IndexedSentence; share: number } | undefined;
  for (const { sentence } of index.search(query.join(" "), CANDIDATES, subject)) {
    if (!/[A-Za-z]{3,}/.test(sentence.text) || !sentence.subjects.includes(subject)) continue;
    if (shape && !shape.test(sentence.text)) continue;
    if (year && !ofYear(sentence, year)) continue;
    const meanings = contentWords(sentence.text, glossary);
    const covered = topic
      // (国家级 is covered by national → 国家, one character more; 上市公司 is not by companies → 公司.)
      .filter((t) =>
        t.words.some((w) =>
          meanings.some(
            (m) =>
              m === w || (m.length >= 2 && (m.includes(w) || (w.includes(m) && w.length - m.length <= 1))),
          ),
        ),
      )
      .reduce((sum, t) => sum + t.weight, 0);
    const share = covered / total;
    if (share >= MIN_SHARE && (!best || share > best.share)) best = { sentence, share };
  }
  return best?.sentence;
}
