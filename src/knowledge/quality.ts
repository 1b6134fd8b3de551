import type { SentenceFlag } from "./article.js";

/**
 * How trustworthy a cleaned sentence and a cleaned article are. Nothing here changes text: it flags what a
 * reader would doubt, so the answerer can prefer a clean sentence that says the same and ingest can reject a
 * page that is mostly junk.
 */

/** Options with their defaults; every threshold says why it is what it is. */
export interface QualityOptions {
  /**
   * Articles whose share of clean, well-formed sentences is below this are rejected. 0.5: a real article with
   * an infobox, a list or a cut-off end still scores 0.7 or more; a page of menus, mojibake and symbols scores
   * near 0.
   */
  minQuality: number;
}

export const DEFAULT_QUALITY_OPTIONS: QualityOptions = { minQuality: 0.5 };

/** Ends a sentence: Chinese and ASCII enders, possibly followed by closing quotes/brackets. */
const TERMINATED = /[。!?！？.…;；]["'”’」』)）》】\]]*$/;
/** `面积:137.35平方公里` — a labelled value (infobox, table row) is a fact though it has no full stop. */
const LABELLED_VALUE = /^[^:：]{1,16}[:：]\s*\S/;

/**
 * Mojibake left by a wrong decode somewhere upstream (UTF-8 read as GBK or Latin-1, and the classic
 * 锟斤拷/烫烫烫 of uninitialised buffers). Seen in real scrapes; never in prose.
 */
const MOJIBAKE = /锟斤拷|烫烫烫|屯屯屯|Ã[\u0080-\u00bf]|â€|鈥[溿攢]|锛[氬岋]|銆[傝]/;
/**
 * A run of Latin letters/digits wedged between Chinese characters that no writer would type: mixed case or
 * letters mixed with digits (`x7Kq`), as anti-scraping tools insert. Acronyms (GDP, 5G, LED) are all capitals
 * or a number and a capital, and pass.
 */
const WEDGED = /(?<=\p{Script=Han})[A-Za-z0-9]{3,10}(?=\p{Script=Han})/gu;
/** A figure with a unit symbol (8GWh, 500kV, 28nm, 5000mAh): measurements, not inserted junk. */
const MEASUREMENT = /^\d+(?:[kMGT]?Wh?|[kM]?VA?|kV|[kmcn]m|km2|m[23]|kg|mAh|Mbps|Gbps|Hz|[kMG]Hz|ppm)$/;
function isRandomToken(token: string): boolean {
  if (/^[A-Z0-9]+$/.test(token) || /^\d+$/.test(token) || MEASUREMENT.test(token)) return false;
  // eVTOL, iPhone, eSIM: a brand or an acronym with a lower-case prefix.
  if (/^[a-z][A-Z][A-Za-z]+$/.test(token)) return false;
  const lower = /[a-z]/.test(token);
  return lower && (/\d/.test(token) || /[A-Z]/.test(token) || !/[aeiou]/.test(token));
}
/** Symbols that are decoration or placeholders, not prose (boxes, shapes, stars, box drawing). */
const DECORATION = /[\u2500-\u27bf\u2b00-\u2bff□■◆◇○●★☆※�]/gu;
/** Lowercase Latin words inside Chinese prose, as left by romanised spam (`gao新xin区`). */
const LATIN_IN_HAN = /(?<=\p{Script=Han})[a-z]{1,7}(?=\p{Script=Han})/gu;
/** A leftover bracketed romanisation after a character that the annotation stripper did not dare remove. */
const LEFTOVER_ANNOTATION = /\p{Script=Han}[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]/u;

/** Flags for one sentence (without `fragment`, which depends on where the sentence stands in the page). */
export function sentenceFlags(text: string): SentenceFlag[] {
  const flags: SentenceFlag[] = [];
  const chars = Array.from(text).length;
  const decoration = text.match(DECORATION)?.length ?? 0;
  const randomTokens = (text.match(WEDGED) ?? []).filter(isRandomToken).length;
  if (MOJIBAKE.test(text) || randomTokens > 0 || decoration / Math.max(chars, 1) > 0.2) flags.push("junk");
  if (LEFTOVER_ANNOTATION.test(text)) flags.push("annotation");
  if ((text.match(LATIN_IN_HAN)?.length ?? 0) >= 3) flags.push("mixed-script");
  return flags;
}

/** Whether a sentence reads as complete: a sentence ender at its end, or a labelled value. */
export function isWellFormed(text: string): boolean {
  return TERMINATED.test(text) || LABELLED_VALUE.test(text);
}

/**
 * An article's quality, two decimals: clean, well-formed sentences count 1, well-formed sentences flagged
 * doubtful count half (junk was taken out of them, so most of what they say is still legible), the rest 0.
 * An article with no sentences has quality 0.
 */
export function articleQuality(
  sentences: ReadonlyArray<{ text: string; flags?: readonly SentenceFlag[] }>,
): number {
  if (sentences.length === 0) return 0;
  let score = 0;
  for (const s of sentences) {
    if (!isWellFormed(s.text) || s.flags?.includes("fragment")) continue;
    score += s.flags?.length ? 0.5 : 1;
  }
  return Math.round((score / sentences.length) * 100) / 100;
}
