import { type Article, ArticleSchema } from "./article.js";
import { articleIdFromFileName } from "./article-id.js";
import { buildArticle } from "./build-article.js";
import { cleanHtml } from "./clean-html.js";
import { cleanMarkdown } from "./clean-markdown.js";
import { cleanText } from "./clean-text.js";
import type { CleanedPage, RemovedItem } from "./cleaned.js";
import { normaliseDate } from "./dates.js";
import { CleanError, FormatProblem, formatZodIssue } from "./errors.js";
import { normaliseLine } from "./normalise.js";
import type { RawSourceMeta } from "./sources.js";

export type { RemovalReason, RemovedItem } from "./cleaned.js";

/** Raw file cleaners by lowercase extension. */
const CLEANERS: Readonly<Record<string, (content: string) => CleanedPage>> = {
  ".txt": cleanText,
  ".html": cleanHtml,
  ".htm": cleanHtml,
  ".md": cleanMarkdown,
};

/** Extensions `cleanRaw` understands. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(CLEANERS);

/** Whether `fileName` has an extension `cleanRaw` understands. */
export function isSupportedRawFile(fileName: string): boolean {
  return CLEANERS[extension(fileName)] !== undefined;
}

/** One raw file to clean. */
export interface CleanInput {
  /** Raw file name (no directory), e.g. `000_b860dba5ce0ec7a0.txt`. */
  fileName: string;
  content: string;
  /** This file's entry in raw/sources.json; its fields override extracted ones. */
  meta?: Partial<RawSourceMeta>;
  /** How to name the file in error messages; default `raw/<fileName>`. */
  path?: string;
}

/** The cleaned article and the record of what cleaning dropped (for the ingest report). */
export interface CleanResult {
  article: Article;
  /** What was dropped from the raw page and why, in page order. */
  removed: RemovedItem[];
}

/**
 * Cleans one raw file into an Article, dispatching on the extension (.txt .html .htm .md). Throws CleanError
 * (`<path>: <problem>`, one line) for an unknown extension, unparsable input, or a missing title, date,
 * source, url or body.
 */
export function cleanRaw(input: CleanInput): CleanResult {
  const path = input.path ?? `raw/${input.fileName}`;
  try {
    return cleanOrThrow(input);
  } catch (error) {
    if (error instanceof FormatProblem) throw new CleanError(path, error.message);
    throw error;
  }
}

function cleanOrThrow({ fileName, content, meta = {} }: CleanInput): CleanResult {
  const cleaner = CLEANERS[extension(fileName)];
  if (!cleaner) {
    throw new FormatProblem(`unsupported file type (expected one of ${SUPPORTED_EXTENSIONS.join(" ")})`);
  }
  const id = articleIdFromFileName(fileName);
  const page = cleaner(content);

  const title = override(meta.title) ?? page.meta.title;
  let date = page.meta.date;
  if (meta.date !== undefined) {
    date = normaliseDate(meta.date);
    if (!date) throw new FormatProblem(`sources.json date is not a date: ${meta.date}`);
  }
  const source = override(meta.source) ?? page.meta.source;
  const url = override(meta.url) ?? page.meta.url;
  if (!title) throw new FormatProblem("no title found");
  if (!date) throw new FormatProblem("no publication date found");
  if (!source)
    throw new FormatProblem("no source found (no 来源 line or site name; set it in raw/sources.json)");
  if (!url) throw new FormatProblem("no url found (add one to raw/sources.json)");

  const article = buildArticle({
    id,
    title: normaliseLine(title),
    date,
    source: normaliseLine(source),
    url,
    raw: `raw/${fileName}`,
    paragraphs: page.paragraphs,
    figures: page.figures,
  });
  if (article.paragraphs.length === 0) throw new FormatProblem("no body text found");
  // Guard the contract: whatever the cleaners did, only schema-valid articles leave this module.
  const checked = ArticleSchema.safeParse(article);
  if (!checked.success)
    throw new FormatProblem(`cleaned article is invalid: ${formatZodIssue(checked.error)}`);
  return { article: checked.data, removed: page.removed };
}

function override(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function extension(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot >= 0 ? fileName.slice(dot).toLowerCase() : "";
}
