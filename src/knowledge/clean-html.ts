import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { chromeKind, cleanLines, dateUnderTitle, metadataFromLines, type SourceLine } from "./clean-lines.js";
import type { CleanedPage, PageMeta } from "./cleaned.js";
import { normaliseDate } from "./dates.js";
import { FormatProblem } from "./errors.js";
import { blockLines, blockLinesWithHidden, type DomNode, isHidden } from "./html-blocks.js";
import { sourceValue } from "./metadata-line.js";
import { normaliseLine, textKey } from "./normalise.js";
import { headlineFor, siteSuffix, stripSiteSuffix } from "./site-title.js";

export { stripSiteSuffix } from "./site-title.js";

/** The part of a DOM element/document this module reads (the project compiles without the DOM lib). */
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
  remove(): void;
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
  // <ruby>高新区<rt>gāo xīn qū</rt></ruby>: the reading printed over the words is no part of the text.
  for (const node of Array.from(document.querySelectorAll("rt, rp"))) node.remove();
  // Read everything needed from the full page before readability, which rewrites the document it is given.
  const metas = metaContents(document);
  const linked = linkedData(document);
  const hidden = removeHidden(document);
  const page = document.body ? blockLines(document.body) : [];
  const pageLines = page.map((l) => l.text);
  const pageTitle = text(document.querySelector("title"));
  const headings = Array.from(document.querySelectorAll("h1"), (h) => text(h)).filter((h) => h.length > 0);

  // linkedom's document is a DOM Document at runtime; the project compiles without the DOM lib, hence the cast.
  const article = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
  ).parse();
  if (!article?.content) throw new FormatProblem("no article content found");
  const content = parseDocument(`<!DOCTYPE html><html><body>${article.content}</body></html>`);
  const { lines: articleLines, hidden: hiddenInArticle } = content.body
    ? blockLinesWithHidden(content.body)
    : { lines: [], hidden: [] };
  const lines = withPageHeadings(articleLines, page);

  const titles = [article.title ?? "", metas.get("og:title") ?? "", linked.headline ?? "", pageTitle].map(
    normaliseLine,
  );
  const known: PageMeta = {
    title: titles
      .map(stripSiteSuffix)
      .map((t) => (t.length > 0 ? headlineFor(t, headings) : t))
      .find((t) => t.length > 0),
    date: firstDate([
      metas.get("article:published_time"),
      linked.datePublished,
      metas.get("pubdate"),
      metas.get("publishdate"),
      metas.get("datepublished"),
      metas.get("date"),
      metas.get("dc.date"),
      metas.get("dc.date.issued"),
      article.publishedTime,
    ]),
    source: [
      metas.get("contentsource"),
      metas.get("source"),
      metas.get("og:site_name"),
      metas.get("sitename"),
      metas.get("application-name"),
      linked.publisher,
      // WeChat article pages name the publishing account here (they carry no og:site_name).
      text(document.querySelector("#js_name")) || undefined,
    ]
      .map((s) => (s ? sourceValue(normaliseLine(s)) : undefined))
      .find((s) => s !== undefined),
    url: canonicalUrl(document) ?? metas.get("og:url") ?? metas.get("url"),
    author: linked.author ?? metas.get("author") ?? metas.get("article:author"),
  };
  const cleaned = cleanLines(lines, {
    known,
    titleVariants: [...titles, ...titles.map(stripSiteSuffix), ...headings],
  });
  const fromPage = metadataFromLines(pageLines);
  // A page that only says when it was last changed (an encyclopedia entry, a profile page) is dated so: its
  // text is what the site said then. (After the visible date, which says when it was published.)
  cleaned.meta.date ??=
    dateUnderTitle(pageLines, titles) ??
    fromPage.date ??
    firstDate([
      metas.get("article:modified_time"),
      metas.get("og:updated_time"),
      linked.dateModified,
      metas.get("datemodified"),
      metas.get("dc.date.modified"),
      metas.get("lastmod"),
      metas.get("last-modified"),
    ]);
  cleaned.meta.source ??= fromPage.source ?? siteSuffix(pageTitle);
  cleaned.meta.author ??= fromPage.author;
  for (const junk of [...hidden.short, ...hiddenInArticle])
    cleaned.removed.push({ reason: "junk characters", text: junk });
  for (const block of hidden.blocks) cleaned.removed.push({ reason: "navigation", text: block });
  // What readability left out is chrome too; say what kind, so the report accounts for the whole page.
  const kept = new Set(lines.map((l) => lineKey(l.text)));
  for (const text of pageLines) {
    if (!kept.has(lineKey(text))) cleaned.removed.push({ reason: chromeKind(normaliseLine(text)), text });
  }
  return cleaned;
}

function lineKey(text: string): string {
  return textKey(normaliseLine(text));
}

/**
 * The article's lines with the section headings readability dropped put back: readability keeps a page's
 * paragraphs but often removes the <h2>/<h3> wrappers between them (they look like chrome to it). A heading of
 * the page that stands between two consecutive article lines is a heading of the article.
 */
function withPageHeadings(article: readonly SourceLine[], page: readonly SourceLine[]): SourceLine[] {
  const inArticle = new Set(article.map((l) => lineKey(l.text)));
  const out: SourceLine[] = [];
  let from = -1;
  for (const line of article) {
    const key = lineKey(line.text);
    const at = page.findIndex((p, i) => i > from && lineKey(p.text) === key);
    if (at >= 0) {
      if (from >= 0) {
        for (let i = from + 1; i < at; i++) {
          const between = page[i];
          if (between?.heading && !inArticle.has(lineKey(between.text))) out.push(between);
        }
      }
      from = at;
    }
    out.push(line);
  }
  // A heading right after the last article line opens a section readability cut off (e.g. 参考资料): keep it,
  // so the line cleaner sees where the reference tail starts.
  const next = page[from + 1];
  if (from >= 0 && next?.heading) out.push(next);
  return out;
}

/** Hidden text longer than this is a hidden block (a menu, a dialog), not junk slipped into a sentence. */
const MAX_HIDDEN_JUNK = 30;

/**
 * Takes hidden elements out of the page before anything reads it: readers never see them, and anti-scraping
 * markup hides junk inside sentences. Short ones are reported as junk, longer ones as hidden chrome.
 */
function removeHidden(document: DomDocument): { short: string[]; blocks: string[] } {
  const short: string[] = [];
  const blocks: string[] = [];
  for (const element of Array.from(document.querySelectorAll("[style], [hidden]"))) {
    if (!isHidden(element)) continue;
    const hiddenText = text(element);
    if (hiddenText.length > 0) (hiddenText.length <= MAX_HIDDEN_JUNK ? short : blocks).push(hiddenText);
    element.remove();
  }
  return { short, blocks };
}

interface LinkedData {
  headline?: string;
  datePublished?: string;
  dateModified?: string;
  author?: string;
  publisher?: string;
}

/**
 * What schema.org JSON-LD says about the page (`<script type="application/ld+json">`), taken from the first
 * article-like object (NewsArticle, Article, BlogPosting, WebPage), also inside arrays and `@graph`.
 * Broken JSON is ignored: it is an optional hint, and the page's visible metadata still applies.
 */
function linkedData(document: DomDocument): LinkedData {
  const objects: Record<string, unknown>[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      const object = value as Record<string, unknown>;
      objects.push(object);
      if (object["@graph"]) collect(object["@graph"]);
    }
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      collect(JSON.parse(script.textContent ?? ""));
    } catch {
      // not valid JSON-LD: ignored, see above
    }
  }
  const article = objects.find(
    (o) =>
      typeof o.datePublished === "string" ||
      typeof o.headline === "string" ||
      typeof o.dateModified === "string",
  );
  if (!article) return {};
  return {
    headline: stringValue(article.headline),
    datePublished: stringValue(article.datePublished) ?? stringValue(article.dateCreated),
    dateModified: stringValue(article.dateModified),
    author: nameOf(article.author),
    publisher: nameOf(article.publisher),
  };
}

function stringValue(value: unknown): string | undefined {
  return typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;
}

function nameOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return nameOf(value[0]);
  if (value && typeof value === "object") return stringValue((value as Record<string, unknown>).name);
  return stringValue(value);
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
