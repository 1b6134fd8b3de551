import { cleanLines } from "./clean-lines.js";
import type { CleanedPage } from "./cleaned.js";
import { splitLines } from "./normalise.js";

/**
 * Cleans a plain-text scrape (.txt): one paragraph per non-blank line, with chrome, metadata lines, captions
 * and the page's second copy sorted out by the shared line cleaner. Title, date and source come from the text.
 */
export function cleanText(content: string): CleanedPage {
  return cleanLines(splitLines(content).map((text) => ({ text })));
}
