import { type Article, sentenceId } from "./article.js";
import { detectLang } from "./chinese.js";
import { splitSentences } from "./sentences.js";

/** Everything an article needs, already cleaned and validated by the caller. */
export interface ArticleParts {
  id: string;
  title: string;
  date: string;
  source: string;
  url: string;
  raw: string;
  paragraphs: readonly string[];
  figures: readonly string[];
}

/**
 * Assembles the Article: paragraphs split into sentences with positional ids from `sentenceId`, figures
 * numbered in order, language detected from the text. Keys are in schema order so the JSON reads naturally.
 */
export function buildArticle(parts: ArticleParts): Article {
  const paragraphs = parts.paragraphs
    .map(splitSentences)
    .filter((sentences) => sentences.length > 0)
    .map((sentences, p) => ({
      id: `p${p + 1}`,
      sentences: sentences.map((text, s) => ({ id: sentenceId(parts.id, p + 1, s + 1), text })),
    }));
  return {
    id: parts.id,
    title: parts.title,
    date: parts.date,
    source: parts.source,
    url: parts.url,
    raw: parts.raw,
    lang: detectLang([parts.title, ...parts.paragraphs].join("\n")),
    figures: parts.figures.map((caption, i) => ({ id: `fig${i + 1}`, caption })),
    paragraphs,
  };
}
