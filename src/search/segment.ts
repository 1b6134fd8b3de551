import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";

/**
 * Chinese word segmentation (jieba). Intl.Segmenter splits 高新区 into 高/新/区; jieba keeps 高新区, 衡阳市,
 * 火车站 — the units users type and the index must match.
 *
 * Loading the dictionary takes ~0.2 s, so it happens once, on first use.
 */
let jieba: Jieba | undefined;
function instance(): Jieba {
  // The package's dict.js also reads its 6 MB idf.txt (keyword extraction, unused here): read dict.txt alone.
  jieba ??= Jieba.withDict(readFileSync(createRequire(import.meta.url).resolve("@node-rs/jieba/dict.txt")));
  return jieba;
}

const added = new Set<string>();

/**
 * Makes jieba keep these words whole (a zone's names, its city, abbreviations the lexicon maps: 高企). Words of
 * the lexicon, which a general dictionary does not know; adding a word twice does nothing.
 */
export function addWords(words: Iterable<string>): void {
  // Only words the dictionary lacks: re-adding a known word would change its frequency and tag.
  const fresh = [...new Set(words)].filter(
    (w) => /^\p{Script=Han}{2,12}$/u.test(w) && !added.has(w) && !isDictionaryWord(w),
  );
  if (fresh.length === 0) return;
  for (const w of fresh) added.add(w);
  instance().loadDict(Buffer.from(fresh.map((w) => `${w} 1000 n`).join("\n")));
}

export interface TaggedWord {
  word: string;
  /** jieba part-of-speech tag: n noun, ns place, nr person, v verb, d adverb, eng Latin word, x punctuation… */
  tag: string;
}

const PUNCTUATION = /^[\s\p{P}\p{S}]+$/u;

/** Words of the text, without punctuation or spaces. */
export function cutWords(text: string): string[] {
  return instance()
    .cut(text, false)
    .filter((w) => !PUNCTUATION.test(w));
}

/** Words with part-of-speech tags, without punctuation or spaces. */
export function tagWords(text: string): TaggedWord[] {
  return instance()
    .tag(text, true)
    .filter((t) => !PUNCTUATION.test(t.word));
}

/** True when jieba's dictionary has the text as one word (一下, 鸡场), as opposed to 高心区 → 高/心/区. */
export function isDictionaryWord(text: string): boolean {
  const words = instance().cut(text, false);
  return words.length === 1 && words[0] === text;
}

/** The dictionary words a word is made of (基础设施 → 基础, 设施), or the word itself. */
export function cutForParts(word: string): string[] {
  const parts = instance().cut(word, false);
  if (parts.length > 1) return parts;
  const inner = instance()
    .cutForSearch(word, false)
    .filter((w) => w !== word);
  return inner.length > 0 ? inner : [word];
}

/**
 * Index terms: jieba's search-mode words (long words plus the dictionary words inside them: 火车站 → 火车, 车站,
 * 火车站) and CJK character bigrams. Bigrams are the fallback that still matches where the question and the text
 * are segmented differently, or a word is missing from the dictionary.
 */
export function indexTerms(foldedText: string): string[] {
  const terms = instance()
    .cutForSearch(foldedText, false)
    .filter((w) => !PUNCTUATION.test(w) && !(w.length === 1 && /\p{Script=Han}/u.test(w)));
  for (const run of foldedText.match(/\p{Script=Han}+/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
  }
  return terms;
}
