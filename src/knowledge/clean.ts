import { stripPinyinAnnotations } from "./annotations.js";
import { type Article, ArticleSchema, isCitable } from "./article.js";
import { articleIdFromFileName } from "./article-id.js";
import { buildArticle } from "./build-article.js";
import { cleanHtml } from "./clean-html.js";
import { cleanMarkdown } from "./clean-markdown.js";
import { cleanText } from "./clean-text.js";
import type { CleanedPage, RemovedItem } from "./cleaned.js";
import { normaliseDate } from "./dates.js";
import { CleanError, FormatProblem, formatZodIssue } from "./errors.js";
import { normaliseLine } from "./normalise.js";
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from "./quality.js";
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

/** Where a metadata field came from: the page itself, the maintainer's sources.json, or inferred from the url. */
export type FieldOrigin = "page" | "sources.json" | "inferred";

/** The cleaned article and the record of what cleaning dropped (for the ingest report). */
export interface CleanResult {
  article: Article;
  /** What was dropped from the raw page and why, in page order. */
  removed: RemovedItem[];
  /** Where each required field came from. */
  origins: Record<"title" | "date" | "source" | "url", FieldOrigin>;
}

/** Options for `cleanRaw`; defaults in `DEFAULT_QUALITY_OPTIONS`. */
export type CleanOptions = Partial<QualityOptions>;

/**
 * Cleans one raw file into an Article, dispatching on the extension (.txt .html .htm .md). Throws CleanError
 * (`<path>: <problem>`, one line) for an unknown extension, unparsable input, missing metadata (all missing
 * fields at once, in `CleanError.missing`), no body, or a quality below `minQuality`.
 */
export function cleanRaw(input: CleanInput, options: CleanOptions = {}): CleanResult {
  const path = input.path ?? `raw/${input.fileName}`;
  try {
    return cleanOrThrow(input, { ...DEFAULT_QUALITY_OPTIONS, ...options });
  } catch (error) {
    if (error instanceof FormatProblem) throw new CleanError(path, error.message, error.missing);
    throw error;
  }
}

function cleanOrThrow({ fileName, content, meta = {} }: CleanInput, options: QualityOptions): CleanResult {
  const cleaner = CLEANERS[extension(fileName)];
  if (!cleaner) {
    throw new FormatProblem(`unsupported file type (expected one of ${SUPPORTED_EXTENSIONS.join(" ")})`);
  }
  const id = articleIdFromFileName(fileName);
  const page = cleaner(content);

  if (meta.date !== undefined && !normaliseDate(meta.date))
    throw new FormatProblem(`sources.json date is not a date: ${meta.date}`);
  const title = pick(override(meta.title), page.meta.title);
  const url = pick(override(meta.url), page.meta.url);
  const date = pick(meta.date ? normaliseDate(meta.date) : undefined, page.meta.date, dateInUrl(url.value));
  const source = pick(override(meta.source), page.meta.source, hostOf(url.value));
  const fields = { title, date, source, url };
  const missing = (Object.keys(fields) as Array<keyof typeof fields>).filter(
    (k) => fields[k].value === undefined,
  );
  if (missing.length > 0) {
    throw new FormatProblem(
      `missing ${missing.join(", ")} (the page does not state it; add it to raw/sources.json)`,
      {
        fields: missing,
        found: { title: title.value, date: date.value, source: source.value, url: url.value },
      },
    );
  }

  const removed = [...page.removed];
  const article = buildArticle(
    {
      id,
      // Annotated copies annotate their <title> too: 样(yàng)本(běn) → 样本.
      title: stripPinyinAnnotations([normaliseLine(title.value ?? "")])[0]?.text ?? "",
      date: date.value ?? "",
      source: normaliseLine(source.value ?? ""),
      url: url.value ?? "",
      raw: `raw/${fileName}`,
      author: page.meta.author ? normaliseLine(page.meta.author) : undefined,
      paragraphs: page.paragraphs,
      figures: page.figures,
    },
    removed,
  );
  const citable = article.paragraphs.flatMap((p) => p.sentences).filter(isCitable);
  if (citable.length === 0) throw new FormatProblem("no body text found");
  const quality = article.quality ?? 0;
  if (quality < options.minQuality) {
    const all = article.paragraphs.flatMap((p) => p.sentences);
    throw new FormatProblem(
      `quality too low: ${Math.round(quality * all.length)} of ${all.length} sentences are clean and complete ` +
        `(${quality.toFixed(2)} < ${options.minQuality}); not an article, or a damaged copy`,
    );
  }
  // Guard the contract: whatever the cleaners did, only schema-valid articles leave this module.
  const checked = ArticleSchema.safeParse(article);
  if (!checked.success)
    throw new FormatProblem(`cleaned article is invalid: ${formatZodIssue(checked.error)}`);
  return {
    article: checked.data,
    removed,
    origins: { title: title.origin, date: date.origin, source: source.origin, url: url.origin },
  };
}

interface Picked {
  value?: string;
  origin: FieldOrigin;
}

/** The first present value of (sources.json, page, inferred), with where it came from. */
function pick(fromSources: string | undefined, fromPage: string | undefined, inferred?: string): Picked {
  if (fromSources) return { value: fromSources, origin: "sources.json" };
  if (fromPage) return { value: fromPage, origin: "page" };
  return { value: inferred, origin: "inferred" };
}

/**
 * A publication date in a url path (`/2021-12/19/`, `/20211219/`, `/t20211219_123.html`): news CMSs put the
 * date there. Only a fallback when the page prints none, and reported as inferred.
 */
function dateInUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "");
  const m = /(?<!\d)((?:19|20)\d{2})[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(path);
  return m ? normaliseDate(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
}

/** The site's host name (`www.` dropped) as a last-resort source name. */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, "") || undefined;
  } catch {
    return undefined;
  }
}

function override(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function extension(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot >= 0 ? fileName.slice(dot).toLowerCase() : "";
}
