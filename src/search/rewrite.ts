import type { Lexicon } from "./lexicon.js";
import { fold, isEnglish, replaceOutside } from "./normalize.js";
import { isDictionaryWord } from "./segment.js";
import type { SentenceIndex } from "./sentence-index.js";

/**
 * Questions longer than this are read only this far. No real question is longer; the cap keeps a pasted
 * 20,000-character message from costing more than a normal question.
 */
export const MAX_QUESTION_CHARS = 1000;

/** A question rewritten into the knowledge base's own words. */
export interface RewrittenQuestion {
  /** Folded original (width, traditional → simplified, lower case), before any rewriting. */
  folded: string;
  english: boolean;
  /** Folded, park aliases → canonical name, English → Chinese, sound-alike typos → KB words. */
  text: string;
  /**
   * English words neither in the glossary nor harmless. `names` were capitalised mid-sentence (Tesla,
   * Changsha): things the knowledge base never mentions. `words` are ordinary words it has no entry for.
   */
  unknownEnglish: { names: string[]; words: string[] };
  /** Typo fixes applied, e.g. [["高心区", "高新区"]]. */
  corrections: Array<[string, string]>;
}

const LATIN_WORD = /[A-Za-z][A-Za-z'-]*/g;

export function rewriteQuestion(question: string, lexicon: Lexicon, index: SentenceIndex): RewrittenQuestion {
  // Markup pasted into a question (<b>高新区</b>) is formatting, not words to look for.
  const original = question.slice(0, MAX_QUESTION_CHARS).replace(/<\/?[a-z][^<>]*>/gi, " ");
  const folded = fold(original);
  const english = isEnglish(folded);
  const corrections: Array<[string, string]> = [];

  let text = fixSoundAlikes(folded, index, corrections);
  for (const alias of lexicon.parkAliases) text = replaceAlias(text, alias, lexicon.park);
  // Multi-word synonyms (湖南省政府) are phrases; single words are mapped after segmentation (see analyze).
  for (const [from, to] of lexicon.synonyms) {
    if (from.length > 2 && !index.corpus.includes(from)) text = replaceOutside(text, from, to);
  }

  const unknownEnglish = { names: [] as string[], words: [] as string[] };
  if (/[a-z]/.test(text)) {
    for (const [phrase, chinese] of lexicon.glossary)
      text = text.replace(phrasePattern(phrase), ` ${chinese} `);
    const capitalised = new Set(
      (original.normalize("NFKC").match(/(?<=\S\s+)[A-Z][a-z]+/g) ?? []).map((w) => w.toLowerCase()),
    );
    const words = new Map(lexicon.glossary.filter(([phrase]) => !phrase.includes(" ")));
    text = text.replace(LATIN_WORD, (word) => {
      const bare = word.replace(/'s$/, "");
      const chinese = englishStems(bare)
        .map((stem) => words.get(stem))
        .find((hit) => hit !== undefined);
      if (chinese !== undefined) return ` ${chinese} `;
      if (bare.length > 1 && !index.corpus.includes(bare)) {
        (capitalised.has(bare) ? unknownEnglish.names : unknownEnglish.words).push(bare);
      }
      return word;
    });
  }
  text = text.replace(/\s+/g, " ").trim();
  return { folded, english, text, unknownEnglish, corrections };
}

/**
 * The word and the forms it may be an inflection of (founding → found, founde; advantages → advantage;
 * recognised → recognis, recognise), so the glossary needs only base forms.
 */
function englishStems(word: string): string[] {
  const stems = [word];
  const strip = (suffix: string, ...replacements: string[]) => {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      for (const r of replacements) stems.push(word.slice(0, -suffix.length) + r);
    }
  };
  strip("ies", "y");
  strip("es", "", "e");
  strip("s", "");
  strip("ing", "", "e");
  strip("ed", "", "e");
  strip("ly", "");
  return stems;
}

const patternCache = new Map<string, RegExp>();
function phrasePattern(phrase: string): RegExp {
  let pattern = patternCache.get(phrase);
  if (!pattern) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    pattern = new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, "g");
    patternCache.set(phrase, pattern);
  }
  return pattern;
}

/** Latin aliases match whole words only ("the park" must not match inside "the parking"). */
function replaceAlias(text: string, alias: string, canonical: string): string {
  if (/^[\p{Script=Han}]+$/u.test(alias)) return replaceOutside(text, alias, canonical);
  return text.replace(phrasePattern(alias), ` ${canonical} `);
}

/**
 * Pinyin input makes typos that sound right and look wrong (高心区 for 高新区, 衡杨 for 衡阳). A run of 2–4
 * Chinese characters that occurs nowhere in the knowledge base and is no dictionary word, but sounds exactly like
 * a word that occurs, is replaced by that word. Longer runs are tried first (南岳鸡场 → 南岳机场). A window never
 * cuts through a word the knowledge base uses: in 高新区未来, 区未 sounds like 区位 but is two words' edges.
 */
function fixSoundAlikes(text: string, index: SentenceIndex, corrections: Array<[string, string]>): string {
  // Only the start of a question is checked: a typo worth fixing is in the question, not in pasted text.
  const head = text.slice(0, TYPO_SCAN_CHARS);
  return fixRuns(head, index, corrections) + text.slice(TYPO_SCAN_CHARS);
}

const TYPO_SCAN_CHARS = 200;

function fixRuns(text: string, index: SentenceIndex, corrections: Array<[string, string]>): string {
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    const knownSpans = spansInCorpus(run, index);
    const cutsThrough = (start: number, end: number) =>
      knownSpans.some(([s, e]) => (s < start && start < e) || (s < end && end < e));
    let out = "";
    let i = 0;
    while (i < run.length) {
      let fixed = false;
      for (let len = Math.min(4, run.length - i); len >= 2 && !fixed; len--) {
        const window = run.slice(i, i + len);
        if (cutsThrough(i, i + len) || index.corpus.includes(window) || isDictionaryWord(window)) continue;
        const best = index
          .soundAlikes(window)
          .find((w) => w.length === len && differingChars(w, window) <= Math.ceil(len / 2));
        if (best) {
          corrections.push([window, best]);
          out += best;
          i += len;
          fixed = true;
        }
      }
      if (!fixed) {
        out += run[i];
        i++;
      }
    }
    return out;
  });
}

/**
 * [start, end) of the stretches of the run that the knowledge base contains verbatim (longest first, left to
 * right). Those are spelled right; a typo lies outside them, or swallows them whole (搞新区 holds 新区).
 */
function spansInCorpus(run: string, index: SentenceIndex): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < run.length; ) {
    let len = Math.min(8, run.length - i);
    while (len >= 2 && !index.corpus.includes(run.slice(i, i + len))) len--;
    if (len >= 2) {
      spans.push([i, i + len]);
      i += len;
    } else i++;
  }
  return spans;
}

function differingChars(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
