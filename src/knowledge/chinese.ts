import { toSimplified as toSimplifiedRaw } from "../text/simplify.js";

/**
 * Traditional → simplified folding with opencc-js. Used for two things: detecting a traditional-Chinese text
 * (lang `zh-Hant`), and matching chrome vocabulary (當前位置, 來源, 點擊 …) with simplified-only word lists.
 * The stored text itself is never converted.
 */

/**
 * `text` folded to simplified characters and narrow punctuation (see `foldWidth`), guaranteed the same length, so an index found in the folded text is
 * the same index in the original. Phrase conversions can change length; then it falls back to converting one
 * character at a time (and keeps a character whose conversion would change length).
 */
export function toSimplifiedAligned(text: string): string {
  const narrow = foldWidth(text);
  const whole = toSimplifiedRaw(narrow);
  if (whole.length === narrow.length) return whole;
  let out = "";
  for (const ch of narrow) {
    const converted = toSimplifiedRaw(ch);
    out += converted.length === ch.length ? converted : ch;
  }
  return out;
}

/**
 * Full-width ASCII forms (:,()!?; and full-width digits and letters, U+FF01–FF5E) as their ASCII twins, one
 * character for one, so patterns written with ASCII punctuation match pages typeset either way (Chinese pages
 * print 来源:… with U+FF1A far more often than with ASCII).
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Share of traditional-only characters above which a text counts as traditional. Simplified text changes in
 * well under 1% of characters (variant forms); running traditional prose changes in 15–35%.
 */
const TRADITIONAL_SHARE = 0.08;

/** `en` if the text is mostly Latin-script words, else `zh-Hant` if it is mostly traditional Chinese (its characters change when folded to simplified), else `zh-Hans`. */
export function detectLang(text: string): "zh-Hans" | "zh-Hant" | "en" {
  const simplified = toSimplifiedAligned(text);
  let han = 0;
  let changed = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (!HAN.test(ch)) continue;
    han++;
    if (simplified.charAt(i) !== ch) changed++;
  }
  // A Chinese character carries about as much as an English word; count words, not letters.
  const latinWords = text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (latinWords > han) return "en";
  return han > 0 && changed / han >= TRADITIONAL_SHARE ? "zh-Hant" : "zh-Hans";
}
