import { stripJunkCharacters } from "./annotations.js";
import { type Article, type Sentence, type SentenceFlag, sentenceId } from "./article.js";
import { detectLang } from "./chinese.js";
import type { CleanedParagraph, RemovedItem } from "./cleaned.js";
import { articleQuality, isWellFormed, sentenceFlags } from "./quality.js";
import { splitSentences } from "./sentences.js";

/** Everything an article needs, already cleaned and validated by the caller. */
export interface ArticleParts {
  id: string;
  title: string;
  date: string;
  source: string;
  url: string;
  raw: string;
  author?: string;
  paragraphs: readonly CleanedParagraph[];
  figures: readonly string[];
}

/**
 * Assembles the Article: paragraphs split into sentences with positional ids from `sentenceId`, figures
 * numbered in order, language detected from the text, each sentence checked for what a reader would doubt
 * (`quality.ts`) and the article's quality figure. A page that ends mid-sentence keeps that last piece as a
 * `fragment`, never cited. Private-use glyphs (anti-scraping fonts) are taken out of the text and the sentence
 * that held them is flagged `junk`, since a character of it is missing. Keys are in schema order so the JSON
 * reads naturally. `removed` receives what was taken out.
 */
export function buildArticle(parts: ArticleParts, removed: RemovedItem[] = []): Article {
  const split = parts.paragraphs
    .map((p) => ({
      heading: p.heading,
      row: p.row === true,
      sentences: splitSentences(p.text)
        .map((raw) => {
          const junk = stripJunkCharacters(raw);
          if (junk.removed.length > 0)
            removed.push({
              reason: "junk characters",
              text: junk.removed.join(""),
              count: junk.removed.length,
            });
          return { text: junk.text.trim(), hadJunk: junk.removed.length > 0 };
        })
        .filter((s) => s.text.length > 0),
    }))
    .filter((p) => p.sentences.length > 0);
  const lastParagraph = split.length - 1;
  const paragraphs = split.map((p, pi) => ({
    id: `p${pi + 1}`,
    ...(p.heading ? { heading: p.heading } : {}),
    sentences: p.sentences.map(({ text, hadJunk }, si): Sentence => {
      const flags: SentenceFlag[] = sentenceFlags(text);
      if (hadJunk && !flags.includes("junk")) flags.unshift("junk");
      const isLast = pi === lastParagraph && si === p.sentences.length - 1;
      if (isLast && pi + si > 0 && !p.row && !isWellFormed(text)) flags.unshift("fragment");
      const id = sentenceId(parts.id, pi + 1, si + 1);
      return flags.length > 0 ? { id, text, flags } : { id, text };
    }),
  }));
  // (A table's rows have no full stops: they say nothing of whether the page is an article or junk.)
  const prose = paragraphs.filter((_, pi) => !split[pi]?.row).flatMap((p) => p.sentences);
  const sentences = prose.length > 0 ? prose : paragraphs.flatMap((p) => p.sentences);
  return {
    id: parts.id,
    title: parts.title,
    date: parts.date,
    source: parts.source,
    url: parts.url,
    raw: parts.raw,
    lang: detectLang([parts.title, ...parts.paragraphs.map((p) => p.text)].join("\n")),
    ...(parts.author ? { author: parts.author } : {}),
    quality: articleQuality(sentences),
    figures: parts.figures.map((caption, i) => ({ id: `fig${i + 1}`, caption })),
    paragraphs,
  };
}
