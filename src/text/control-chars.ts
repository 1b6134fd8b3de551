/**
 * Drops control characters (other than newline and tab): scraped text may carry them, and printed as is they
 * could move a terminal's cursor or break a Telegram message. Every renderer passes text through this.
 */
export function stripControlChars(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}
