import type { Article } from "./article.js";

/**
 * The on-disk form of a cleaned article: 2-space JSON plus a trailing newline. Deterministic (key order is
 * fixed by buildArticle), so the same raw file always gives byte-identical output.
 */
export function serialiseArticle(article: Article): string {
  return `${JSON.stringify(article, null, 2)}\n`;
}
