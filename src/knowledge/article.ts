import { z } from "zod";

/**
 * The cleaned article: the one shape every later step (search, answer, digest) reads.
 *
 * Stored as `knowledge/<id>.json`, pretty-printed one sentence per line so a person can read and diff it.
 * Ids are positional (`<article-id>#p<paragraph>s<sentence>`) and made only by `sentenceId`, so running
 * ingest again over the same raw file yields the same ids.
 */
/**
 * Why a sentence is doubtful. A `fragment` (a page cut off mid-sentence) is never cited; the others are cited
 * only when no clean sentence says the same (see `isCitable` and the search index).
 * - `junk`: characters that anti-scraping tools insert (private-use glyphs, random letters inside Chinese words);
 * - `annotation`: a leftover romanisation or bracketed annotation the cleaner could not remove with certainty;
 * - `mixed-script`: Chinese interleaved with Latin letters in a way prose never is.
 */
export const SentenceFlagSchema = z.enum(["fragment", "junk", "annotation", "mixed-script"]);

export const SentenceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+#p\d+s\d+$/),
  text: z.string().min(1),
  flags: z.array(SentenceFlagSchema).min(1).optional(),
});

export const ParagraphSchema = z.object({
  id: z.string().regex(/^p\d+$/),
  /** The section heading this paragraph sits under, when the page has sections (context, never cited). */
  heading: z.string().min(1).optional(),
  sentences: z.array(SentenceSchema).min(1),
});

/** Another page that published the same story (a repost or mirror merged into this article at ingest). */
export const AlternateSourceSchema = z.object({
  url: z.string(),
  source: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Raw file it was read from, relative to the knowledge directory. */
  raw: z.string(),
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
  /** Byline (author or reporter) as printed, when the page names one; metadata, never body text. */
  author: z.string().min(1).optional(),
  /**
   * Share of the article's sentences that are clean and well formed (0–1, two decimals). Ingest rejects pages
   * below its threshold; see `src/knowledge/quality.ts`.
   */
  quality: z.number().min(0).max(1).optional(),
  figures: z.array(FigureSchema).default([]),
  paragraphs: z.array(ParagraphSchema).min(1),
  /** Reposts and mirrors of this article on other sites (near-duplicates merged at ingest), oldest first. */
  alsoAt: z.array(AlternateSourceSchema).optional(),
});

export type Sentence = z.infer<typeof SentenceSchema>;
export type SentenceFlag = z.infer<typeof SentenceFlagSchema>;
export type AlternateSource = z.infer<typeof AlternateSourceSchema>;
export type Paragraph = z.infer<typeof ParagraphSchema>;
export type Figure = z.infer<typeof FigureSchema>;
export type Article = z.infer<typeof ArticleSchema>;

/** Article metadata as carried by every citation. */
export type ArticleRef = Pick<Article, "id" | "title" | "date" | "source" | "url">;

/** The only place a sentence id is made. Positions are 1-based. */
export function sentenceId(articleId: string, paragraph: number, sentence: number): string {
  return `${articleId}#p${paragraph}s${sentence}`;
}

/** Whether a sentence may be cited at all: everything but a fragment of a page cut off mid-sentence. */
export function isCitable(sentence: Sentence): boolean {
  return !sentence.flags?.includes("fragment");
}

/** Articles newest first (by date, then id): the one order everything that says "latest" uses. */
export function newestFirst<T extends Pick<Article, "date" | "id">>(articles: readonly T[]): T[] {
  return [...articles].sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}

export function articleRef(article: Article): ArticleRef {
  const { id, title, date, source, url } = article;
  return { id, title, date, source, url };
}
