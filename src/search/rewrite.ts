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
  /** Folded, park aliases → canonical name, English → Chinese, synonyms and sound-alike typos → KB words. */
  text: string;
  /** English words neither in the glossary nor harmless: topics the knowledge base has no words for. */
  unknownEnglish: string[];
  /** Typo fixes applied, e.g. [["高心区", "高新区"]]. */
  corrections: Array<[string, string]>;
}

const LATIN_WORD = /[a-z][a-z'-]*/g;

export function rewriteQuestion(question: string, lexicon: Lexicon, index: SentenceIndex): RewrittenQuestion {
  const folded = fold(question.slice(0, MAX_QUESTION_CHARS));
  const english = isEnglish(folded);
  const corrections: Array<[string, string]> = [];

  let text = fixSoundAlikes(folded, index, corrections);
  for (const alias of lexicon.parkAliases) text = replaceAlias(text, alias, lexicon.park);

  const unknownEnglish: string[] = [];
  if (/[a-z]/.test(text)) {
    for (const [phrase, chinese] of lexicon.glossary) {
      text = text.replace(phrasePattern(phrase), ` ${chinese} `);
    }
    for (const word of text.match(LATIN_WORD) ?? []) {
      const bare = word.replace(/'s$/, "");
      if (bare.length > 1 && !index.corpus.includes(bare)) unknownEnglish.push(bare);
    }
  }
  // A synonym maps the user's word to the knowledge base's — unless the knowledge base uses the user's word too.
  for (const [from, to] of lexicon.synonyms) if (!index.corpus.includes(from)) text = replaceOutside(text, from, to);
  text = text.replace(/\s+/g, " ").trim();
  return { folded, english, text, unknownEnglish, corrections };
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
 * Chinese characters that occurs nowhere in the knowledge base, but sounds exactly like a word that does, is
 * replaced by that word. Longer runs are tried first so 南岳鸡场 becomes 南岳机场 in one step.
 */
function fixSoundAlikes(text: string, index: SentenceIndex, corrections: Array<[string, string]>): string {
  return text.replace(/\p{Script=Han}{2,}/gu, (run) => {
    let out = "";
    let i = 0;
    while (i < run.length) {
      let fixed = false;
      for (let len = Math.min(4, run.length - i); len >= 2 && !fixed; len--) {
        const window = run.slice(i, i + len);
        if (index.corpus.includes(window) || isDictionaryWord(window)) continue;
        const candidates = index.soundAlikes(window).filter((w) => w.length === len);
        const best = candidates.find((w) => differingChars(w, window) <= Math.ceil(len / 2));
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

function differingChars(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
