import { z } from "zod";

/**
 * The cleaned article: the one shape every later step (search, answer, digest) reads.
 *
 * Stored as `knowledge/<id>.json`, pretty-printed one sentence per line so a person can read and diff it.
 * Ids are positional (`<article-id>#p<paragraph>s<sentence>`) and made only by `sentenceId`, so running
 * ingest again over the same raw file yields the same ids.
 */
export const SentenceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+#p\d+s\d+$/),
  text: z.string().min(1),
});

export const ParagraphSchema = z.object({
  id: z.string().regex(/^p\d+$/),
  sentences: z.array(SentenceSchema).min(1),
});

export const FigureSchema = z.object({
  id: z.string().regex(/^fig\d+$/),
  caption: z.string().min(1),
});

export const ArticleSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  /** Publication date as printed on the page, ISO `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Who published it, e.g. `中国高新院 (achie.org)`. */
  source: z.string().min(1),
  url: z.string(),
  /** Path of the raw file it was cleaned from, relative to the knowledge directory. */
  raw: z.string(),
  /** Language variant of the raw text (`zh-Hans`, `zh-Hant`); text is stored exactly as published. */
  lang: z.string().default("zh-Hans"),
  figures: z.array(FigureSchema).default([]),
  paragraphs: z.array(ParagraphSchema).min(1),
});

export type Sentence = z.infer<typeof SentenceSchema>;
export type Paragraph = z.infer<typeof ParagraphSchema>;
export type Figure = z.infer<typeof FigureSchema>;
export type Article = z.infer<typeof ArticleSchema>;

/** Article metadata as carried by every citation. */
export type ArticleRef = Pick<Article, "id" | "title" | "date" | "source" | "url">;

/** The only place a sentence id is made. Positions are 1-based. */
export function sentenceId(articleId: string, paragraph: number, sentence: number): string {
  return `${articleId}#p${paragraph}s${sentence}`;
}

/** Articles newest first (by date, then id): the one order everything that says "latest" uses. */
export function newestFirst<T extends Pick<Article, "date" | "id">>(articles: readonly T[]): T[] {
  return [...articles].sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}

export function articleRef(article: Article): ArticleRef {
  const { id, title, date, source, url } = article;
  return { id, title, date, source, url };
}
