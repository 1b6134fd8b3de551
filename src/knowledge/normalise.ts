/**
 * Whitespace as it comes out of scrapes. Pages indent paragraphs with ideographic spaces (U+3000) or NBSPs and
 * leave trailing spaces; none of that is part of the published text, and leaving it in would make the same
 * sentence compare unequal between the desktop and the mobile copy of a page.
 */

/** Characters that stand in for a plain space: tab, NBSP, en/em/thin spaces, narrow NBSP, ideographic space. */
const SPACE_LIKE = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/** Invisible characters editors and CMSs leave in text (zero-width space/joiners, word joiner, BOM). */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** One line with space-like characters made plain spaces, runs collapsed, and the ends trimmed. */
export function normaliseLine(line: string): string {
  return line.replace(INVISIBLE, "").replace(SPACE_LIKE, " ").replace(/ {2,}/g, " ").trim();
}

/** Splits text into lines, accepting `\n`, `\r\n` and lone `\r` endings. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

/**
 * Key for "is this the same text?": NFKC folds full-width ASCII (,:()) into plain ASCII and whitespace is
 * dropped, so two layouts of one page that differ only in punctuation width or spacing compare equal.
 */
export function textKey(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}
