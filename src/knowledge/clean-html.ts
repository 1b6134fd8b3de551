import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { cleanLines, metadataFromLines } from "./clean-lines.js";
import type { CleanedPage, PageMeta } from "./cleaned.js";
import { normaliseDate } from "./dates.js";
import { FormatProblem } from "./errors.js";
import { blockLines, type DomNode } from "./html-blocks.js";
import { sourceValue } from "./metadata-line.js";
import { normaliseLine } from "./normalise.js";

/** The part of a DOM element/document this module reads (the project compiles without the DOM lib). */
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
}
interface DomDocument {
  body: DomNode | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

function parseDocument(html: string): DomDocument {
  return (parseHTML(html) as unknown as { document: DomDocument }).document;
}

/**
 * Cleans an HTML page: the article is found by @mozilla/readability (which drops header, nav, sidebars and
 * footer), its blocks go through the same line cleaner as .txt scrapes. Metadata comes from the markup first
 * (og:/article: meta, <title>, canonical link), then from the article's 来源/日期 line, then from such a line
 * anywhere on the page (readability often drops the byline block).
 */
export function cleanHtml(html: string): CleanedPage {
  const document = parseDocument(html);
  // Read everything needed from the full page before readability, which rewrites the document it is given.
  const metas = metaContents(document);
  const pageLines = document.body ? blockLines(document.body).map((l) => l.text) : [];
  const pageTitle = text(document.querySelector("title"));
  const headings = Array.from(document.querySelectorAll("h1"), (h) => text(h)).filter((h) => h.length > 0);

  // linkedom's document is a DOM Document at runtime; the project compiles without the DOM lib, hence the cast.
  const article = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
  ).parse();
  if (!article?.content) throw new FormatProblem("no article content found");
  const content = parseDocument(`<!DOCTYPE html><html><body>${article.content}</body></html>`);
  const lines = content.body ? blockLines(content.body) : [];

  const titles = [article.title ?? "", metas.get("og:title") ?? "", pageTitle].map(normaliseLine);
  const known: PageMeta = {
    title: titles.map(stripSiteSuffix).find((t) => t.length > 0),
    date: firstDate([
      article.publishedTime,
      metas.get("article:published_time"),
      metas.get("pubdate"),
      metas.get("publishdate"),
      metas.get("datepublished"),
      metas.get("date"),
    ]),
    source: [metas.get("contentsource"), metas.get("og:site_name"), metas.get("sitename"), article.siteName]
      .map((s) => (s ? sourceValue(normaliseLine(s)) : undefined))
      .find((s) => s !== undefined),
    url: canonicalUrl(document) ?? metas.get("og:url"),
  };
  const cleaned = cleanLines(lines, {
    known,
    titleVariants: [...titles, ...titles.map(stripSiteSuffix), ...headings],
  });
  const fromPage = metadataFromLines(pageLines);
  cleaned.meta.date ??= fromPage.date;
  cleaned.meta.source ??= fromPage.source;
  return cleaned;
}

/** Site-name suffixes on page titles: `标题 - 站点`, `标题_栏目_站点`, `标题 | 站点`. */
const TITLE_SEPARATOR = /\s+[-–—|·]\s+|\s*[_|丨]\s*/;

/**
 * A page title without its site suffix: the part before the first separator, if that part is substantial
 * (4+ characters); otherwise the title unchanged. News titles rarely contain these separators themselves.
 */
export function stripSiteSuffix(title: string): string {
  const t = normaliseLine(title);
  const first = t.split(TITLE_SEPARATOR)[0]?.trim() ?? "";
  return first.length >= 4 ? first : t;
}

function text(node: DomNode | null): string {
  return normaliseLine(node?.textContent ?? "");
}

/** `<meta>` contents keyed by lowercased name/property/itemprop (first occurrence wins). */
function metaContents(document: DomDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const meta of Array.from(document.querySelectorAll("meta"))) {
    const key = meta.getAttribute("property") ?? meta.getAttribute("name") ?? meta.getAttribute("itemprop");
    const content = meta.getAttribute("content")?.trim();
    if (key && content && !out.has(key.toLowerCase())) out.set(key.toLowerCase(), content);
  }
  return out;
}

function canonicalUrl(document: DomDocument): string | undefined {
  for (const link of Array.from(document.querySelectorAll("link[rel]"))) {
    const rel = (link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    const href = link.getAttribute("href")?.trim();
    if (rel.includes("canonical") && href) return href;
  }
  return undefined;
}

function firstDate(values: ReadonlyArray<string | null | undefined>): string | undefined {
  for (const value of values) {
    const date = value ? normaliseDate(value) : undefined;
    if (date) return date;
  }
  return undefined;
}
