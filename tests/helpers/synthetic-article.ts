import type { Article } from "../../src/knowledge/article.js";

/**
 * A SYNTHETIC article for tests, built in memory: one paragraph per array of sentences, ids like `id#p1s2`.
 * Tests that use it write about fictional places only.
 */
export function syntheticArticle(
  id: string,
  date: string,
  title: string,
  paragraphs: string[][],
  source = "示例测试网",
): Article {
  return {
    id,
    title,
    date,
    source,
    url: `https://${id}.example.org/`,
    raw: `raw/${id}.txt`,
    lang: "zh-Hans",
    figures: [],
    paragraphs: paragraphs.map((sentences, p) => ({
      id: `p${p + 1}`,
      sentences: sentences.map((text, s) => ({ id: `${id}#p${p + 1}s${s + 1}`, text })),
    })),
  };
}
