import { toSimplified } from "../text/simplify.js";

/**
 * Folds text into the one form search compares: Unicode NFKC (full-width letters, digits and punctuation become
 * half-width), invisible characters dropped, traditional → simplified Chinese, lower case, runs of white space →
 * one space.
 *
 * Only search sees folded text; citations always keep the sentence exactly as published.
 */
export function fold(text: string): string {
  return toSimplified(text.normalize("NFKC").replace(INVISIBLE, ""))
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Characters that render as nothing (zero-width space and joiners, word joiner, soft hyphen, BOM): pasted from web
 * pages or chat apps into the middle of a word, they would split 高新区 into two unknown words.
 */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** How many character bigrams of `text` occur in `other` (a cheap "do these share words?" for titles). */
export function sharedBigrams(text: string, other: string): number {
  let shared = 0;
  for (let i = 0; i + 1 < text.length; i++) if (other.includes(text.slice(i, i + 2))) shared++;
  return shared;
}

/** True when the text has at least one CJK ideograph. */
export function hasCjk(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** True for a question written in English (Latin letters, no Chinese characters). */
export function isEnglish(text: string): boolean {
  return !hasCjk(text) && /[a-z]/i.test(text);
}

/**
 * Replaces every occurrence of `from` by `to`, except where the occurrence already sits inside an occurrence of
 * `to` (so mapping 招牌 → 金字招牌 leaves 金字招牌 alone instead of making 金字金字招牌).
 */
export function replaceOutside(text: string, from: string, to: string): string {
  if (!from || from === to) return text;
  const protectedRanges: Array<[number, number]> = [];
  for (let i = text.indexOf(to); to && i !== -1; i = text.indexOf(to, i + 1))
    protectedRanges.push([i, i + to.length]);
  let out = "";
  let last = 0;
  for (let i = text.indexOf(from); i !== -1; i = text.indexOf(from, i + from.length)) {
    const end = i + from.length;
    if (protectedRanges.some(([s, e]) => s <= i && end <= e)) continue;
    out += text.slice(last, i) + to;
    last = end;
  }
  return out + text.slice(last);
}
