import { stripPinyinAnnotations, stripReferenceMarkers } from "./annotations.js";
import { foldWidth, toSimplifiedAligned } from "./chinese.js";
import {
  isBreadcrumbLine,
  isCaptionLine,
  isFooterLine,
  isLanguageMenuLine,
  isListedHeadline,
  isNavigationLine,
  isProvenanceMarker,
  isShareWidgetLine,
  isTableOfContentsLine,
  parseBylineLine,
  splitInlineByline,
  tailStart,
} from "./chrome.js";
import type { CleanedPage, CleanedParagraph, PageMeta, RemovalReason, RemovedItem } from "./cleaned.js";
import { findDate } from "./dates.js";
import { isViewCounterLine, type MetadataFields, parseMetadataLine } from "./metadata-line.js";
import { normaliseLine, textKey } from "./normalise.js";
import { siteSuffix, stripSiteSuffix } from "./site-title.js";

/**
 * The cleaning every format shares: given a page as lines of text (a .txt scrape, the text blocks of an HTML
 * article, the blocks of a Markdown body), sort chrome from article text, pull out title/date/source/author and
 * figure captions, keep section headings apart from sentences, and drop the page's second copy and its
 * reference tail. Each non-blank line is one paragraph candidate. Every rule is about the shape of a line
 * (length, punctuation, labels), never about what one page says.
 */

/**
 * One line of a page. `caption` and `heading` mark lines the markup already identified (HTML <figcaption>,
 * <h2>–<h6>, Markdown `##`).
 */
export interface SourceLine {
  text: string;
  caption?: boolean;
  heading?: boolean;
  /** A row of a table's body (<td> cells): data, never a list of section names. */
  row?: boolean;
}

/** What the caller already knows about the page. */
export interface CleanLinesOptions {
  /** Metadata from markup or front matter; it wins over anything found in the text. */
  known?: PageMeta;
  /** Other spellings of the title (og:title, <title>, <h1>) whose lines are title repeats, not body. */
  titleVariants?: readonly string[];
}

type LineKind =
  | "text"
  | "heading"
  | "caption"
  | "navigation"
  | "breadcrumb"
  | "view counter"
  | "metadata"
  | "byline"
  | "footer"
  | "language menu"
  | "share widget"
  | "table of contents"
  | "tail";

interface Classified {
  kind: LineKind;
  text: string;
  key: string;
  fields?: MetadataFields;
  /** For byline lines: the name, and whether it is the author's. */
  byline?: { name: string; author: boolean };
  /** For tail labels: what the rest of the page is reported as. */
  tail?: RemovalReason;
  /** A table's data row (see `SourceLine.row`): never a heading or a list of contents. */
  row?: boolean;
}

/** Cleans a page given as lines; see the module comment. */
export function cleanLines(input: readonly SourceLine[], options: CleanLinesOptions = {}): CleanedPage {
  const removed: RemovedItem[] = [];
  const annotated = stripPinyinAnnotations(input.map((l) => normaliseLine(l.text)));
  const lines: Classified[] = [];
  input.forEach((line, i) => {
    const stripped = annotated[i];
    if (!stripped) return;
    if (stripped.removed.length > 0)
      removed.push({
        reason: "pinyin annotation",
        text: stripped.removed.join(""),
        count: stripped.removed.length,
      });
    const markers = stripReferenceMarkers(stripped.text);
    if (markers.removed.length > 0)
      removed.push({
        reason: "reference marker",
        text: markers.removed.join(""),
        count: markers.removed.length,
      });
    const classified = classify({ ...line, text: markers.text });
    if (classified) lines.push(classified);
  });
  const known = options.known ?? {};

  const titleKeys = new Set(
    [known.title, ...(options.titleVariants ?? [])]
      .map((t) => (t ? textKey(stripPinyinAnnotations([normaliseLine(t)])[0]?.text ?? "") : ""))
      .filter((k) => k.length > 0),
  );
  // Without a known title, the page's own title line is found in the text; that one line is the title,
  // every other line with the same text is a repeat.
  const titleIndex = titleKeys.size === 0 ? findTitleIndex(lines) : undefined;
  const titleLine = titleIndex === undefined ? undefined : lines[titleIndex];
  // A title line copied from <title> carries the site's name (`标题_站点`): the title is the part before it,
  // and a line holding just that part is a repeat.
  const pageTitle = titleLine ? stripSiteSuffix(titleLine.text) : undefined;
  if (titleLine) titleKeys.add(titleLine.key);
  if (pageTitle) titleKeys.add(textKey(pageTitle));
  markDateUnderTitle(lines, titleKeys);

  const headerEnd = findHeaderEnd(lines, titleKeys);
  const found: PageMeta = {};
  const paragraphs: CleanedParagraph[] = [];
  const figures: string[] = [];
  const seenBody = new Set<string>();
  const seenFigures = new Set<string>();
  // Chrome seen once is chrome again: the page's second copy repeats its header lines after the first body.
  const chromeKeys = new Map<string, RemovalReason>();
  const drop = (reason: RemovalReason, line: Classified) => {
    removed.push({ reason, text: line.text });
    chromeKeys.set(line.key, reason);
  };
  let heading: string | undefined;
  // Short unpunctuated lines wait here until the next line shows whether they head a section (a paragraph
  // follows) or list the page's contents (more such lines follow).
  let pending: Classified[] = [];
  // Set once a tail label (参考资料, 相关链接, 其他回答 …) is passed: the rest of the page is dropped as this.
  let tailReason: RemovalReason | undefined;

  const settlePending = (bodyFollows: boolean) => {
    if (pending.length === 0) return;
    if (bodyFollows && pending.length <= 2) heading = pending[pending.length - 1]?.text;
    else for (const line of pending) drop(bodyFollows ? "table of contents" : "navigation", line);
    pending = [];
  };
  const addParagraph = (line: Classified) => {
    seenBody.add(line.key);
    const { byline, text } = splitInlineByline(line.text);
    if (byline) removed.push({ reason: "byline", text: byline });
    paragraphs.push({ text, ...(heading ? { heading } : {}), ...(line.row ? { row: true } : {}) });
  };

  lines.forEach((line, index) => {
    if (tailReason) {
      removed.push({ reason: tailReason, text: line.text });
      return;
    }
    switch (line.kind) {
      case "caption":
        if (seenFigures.has(line.key)) removed.push({ reason: "duplicate copy", text: line.text });
        else {
          seenFigures.add(line.key);
          figures.push(line.text);
        }
        return;
      case "navigation":
      case "breadcrumb":
      case "view counter":
      case "footer":
      case "language menu":
      case "share widget":
      case "table of contents":
        drop(line.kind, line);
        return;
      case "tail":
        // A tail's label inside a list of section names (a table of contents ending in 参考资料) is one more
        // section name, not the start of the tail.
        if (pending.length >= 2 && looksLikeHeading(line.text)) {
          pending.push(line);
          return;
        }
        if (paragraphs.length === 0) {
          drop("navigation", line);
          return;
        }
        settlePending(false);
        tailReason = line.tail ?? "navigation";
        removed.push({ reason: tailReason, text: line.text });
        return;
      case "metadata":
        // First copy wins: a later (mobile) copy's date/source line only fills what is still missing.
        found.date ??= line.fields?.date;
        found.source ??= line.fields?.source;
        found.author ??= line.fields?.author;
        removed.push({ reason: "metadata line", text: line.text });
        if (line.fields?.counter) removed.push({ reason: "view counter", text: line.fields.counter });
        return;
      case "byline":
        if (line.byline?.author) found.author ??= line.byline.name;
        removed.push({ reason: "byline", text: line.text });
        return;
      case "heading":
        if (titleKeys.has(line.key)) {
          if (index !== titleIndex) removed.push({ reason: "repeated title", text: line.text });
          return;
        }
        if (index < headerEnd) {
          drop("navigation", line);
          return;
        }
        settlePending(false);
        heading = line.text;
        return;
      case "text":
        if (titleKeys.has(line.key)) {
          if (index !== titleIndex) removed.push({ reason: "repeated title", text: line.text });
        } else if (index < headerEnd) drop("navigation", line);
        else if (chromeKeys.has(line.key))
          removed.push({ reason: chromeKeys.get(line.key) ?? "navigation", text: line.text });
        else if (seenBody.has(line.key)) removed.push({ reason: "duplicate copy", text: line.text });
        else if (!line.row && looksLikeHeading(line.text)) pending.push(line);
        else {
          settlePending(true);
          addParagraph(line);
        }
    }
  });
  // Short lines after the last paragraph: a page cut off mid-sentence ends in one (kept; the article marks it
  // a fragment), anything else there is leftover chrome.
  const last = pending.at(-1);
  if (last && last === lines.at(-1) && last.text.length >= MIN_FRAGMENT && !tailReason) {
    pending.pop();
    settlePending(false);
    addParagraph(last);
  } else settlePending(false);
  dropTrailingSignature(paragraphs, removed, found);

  const meta: PageMeta = {
    title: known.title ?? pageTitle,
    date: known.date ?? found.date,
    source: known.source ?? found.source ?? (titleLine ? siteSuffix(titleLine.text) : undefined),
    url: known.url,
    author: known.author ?? found.author,
  };
  return { meta, paragraphs, figures, removed };
}

/** How far under the title a page prints its date line. */
const DATE_LINE_REACH = 3;
/** A date line is short and no sentence: "原创 园区融媒体中心 样本高新区发布 2023-08-02", "样本日报 2023-08-02 09:30". */
const MAX_DATE_LINE = 80;

/**
 * Layouts without labels print the date just under the title, among names ("样本日报 2023-08-02"). When no
 * labelled or bare date line exists before the body, the first short line with a date right under the title is
 * taken as the date line (marked `metadata` in place).
 */
function markDateUnderTitle(lines: Classified[], titleKeys: ReadonlySet<string>): void {
  const firstProse = lines.findIndex(
    (l) => l.kind === "text" && !titleKeys.has(l.key) && looksLikeProse(l.text),
  );
  const end = firstProse < 0 ? lines.length : firstProse;
  if (lines.slice(0, end).some((l) => l.kind === "metadata" && l.fields?.date)) return;
  const title = lines.findIndex((l) => titleKeys.has(l.key));
  if (title < 0 || title >= end) return;
  for (let i = title + 1; i <= Math.min(title + DATE_LINE_REACH, end - 1); i++) {
    const line = lines[i];
    if (!line || (line.kind !== "text" && line.kind !== "navigation")) continue;
    const date = dateOfShortLine(line.text);
    if (date) {
      lines[i] = { ...line, kind: "metadata", fields: { date } };
      return;
    }
  }
}

function dateOfShortLine(text: string): string | undefined {
  if (text.length > MAX_DATE_LINE || /[。!?！？]/.test(text)) return undefined;
  return findDate(toSimplifiedAligned(text))?.iso;
}

/** The date printed just under the title on a whole page (see `markDateUnderTitle`), for HTML fallbacks. */
export function dateUnderTitle(lines: readonly string[], titles: readonly string[]): string | undefined {
  const keys = new Set(titles.map((t) => textKey(normaliseLine(t))).filter((k) => k.length > 0));
  const title = lines.findIndex((l) => keys.has(textKey(normaliseLine(l))));
  if (title < 0) return undefined;
  for (const line of lines.slice(title + 1, title + 1 + DATE_LINE_REACH)) {
    const date = dateOfShortLine(normaliseLine(line));
    if (date) return date;
  }
  return undefined;
}

/** A cut-off last line shorter than this is more likely a leftover label than the start of a sentence. */
const MIN_FRAGMENT = 8;

/** A reporter's name alone closing the article: two to four Chinese characters, maybe in brackets. */
const SIGNATURE = /^[(（[【]?\p{Script=Han}{2,4}[)）\]】]?$/u;

function dropTrailingSignature(
  paragraphs: CleanedParagraph[],
  removed: RemovedItem[],
  found: PageMeta,
): void {
  const last = paragraphs.at(-1);
  if (!last || paragraphs.length < 2 || !SIGNATURE.test(last.text)) return;
  paragraphs.pop();
  removed.push({ reason: "byline", text: last.text });
  found.author ??= last.text.replace(/[()（）[\]【】]/g, "");
}

/**
 * The first date and source stated on a labelled metadata line of `lines` (used on a whole HTML page as a
 * fallback). Bare date lines are skipped: on a full page they are mostly sidebar news lists.
 */
export function metadataFromLines(lines: readonly string[]): Pick<PageMeta, "date" | "source" | "author"> {
  const meta: Pick<PageMeta, "date" | "source" | "author"> = {};
  for (const raw of lines) {
    const fields = parseMetadataLine(normaliseLine(raw));
    if (fields?.dateOnly) continue;
    meta.date ??= fields?.date;
    meta.source ??= fields?.source;
    meta.author ??= fields?.author;
  }
  return meta;
}

/**
 * Why a page line that is not part of the article was left out, for the report: the chrome kind it is, or
 * `navigation` for anything else outside the article (sidebars, related links, menus).
 */
export function chromeKind(text: string): RemovalReason {
  const line = classify({ text });
  switch (line?.kind) {
    case "breadcrumb":
    case "view counter":
    case "footer":
    case "language menu":
    case "share widget":
    case "table of contents":
    case "byline":
      return line.kind;
    case "tail":
      return line.tail ?? "navigation";
    case "metadata":
      return "metadata line";
    default:
      return "navigation";
  }
}

function classify(line: SourceLine): Classified | undefined {
  const text = normaliseLine(line.text);
  if (text.length === 0) return undefined;
  const base = { text, key: textKey(text), ...(line.row ? { row: true } : {}) };
  if (line.caption || isCaptionLine(text)) return { kind: "caption", ...base };
  if (line.heading) {
    const tail = tailStart(text);
    return tail ? { kind: "tail", ...base, tail } : { kind: "heading", ...base };
  }
  if (isNavigationLine(text)) return { kind: "navigation", ...base };
  if (isBreadcrumbLine(text)) return { kind: "breadcrumb", ...base };
  if (isViewCounterLine(text)) return { kind: "view counter", ...base };
  if (isShareWidgetLine(text)) return { kind: "share widget", ...base };
  if (isLanguageMenuLine(text)) return { kind: "language menu", ...base };
  if (isFooterLine(text)) return { kind: "footer", ...base };
  if (isProvenanceMarker(text)) return { kind: "metadata", ...base, fields: {} };
  const fields = parseMetadataLine(text);
  const byline = parseBylineLine(text);
  // A line naming only people (责任编辑:…, 作者:…) is a byline; one that also dates or sources the page is
  // the metadata line, and keeps its author as a field.
  if (fields && (fields.date || fields.source || fields.counter !== undefined || !byline))
    return { kind: "metadata", ...base, fields };
  if (byline) return { kind: "byline", ...base, byline };
  if (isListedHeadline(text)) return { kind: "navigation", ...base };
  const tail = tailStart(text);
  if (tail) return { kind: "tail", ...base, tail };
  if (!line.row && isTableOfContentsLine(text)) return { kind: "table of contents", ...base };
  return { kind: "text", ...base };
}

/** Sentence-final punctuation, Chinese or ASCII, possibly followed by closing quotes or brackets. */
const ENDS_SENTENCE = /[。!?！？.…;；]["'”’」』)）》】\]]*$/;
/** Section numbers that may open a heading: 一、 (一) 1. 1.2 第三章. */
const ORDINAL =
  /^(?:\d{1,2}(?![年月日号个家万亿千百平公米名项所座条期届次倍])(?=\p{Script=Han})|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．\s]|第[一二三四五六七八九十\d]+[章节部分篇])\s*/u;
/** Longest heading: Chinese section titles are a few words; a longer unpunctuated line is a list or a fragment. */
const MAX_HEADING = 20;
const MAX_ENGLISH_HEADING_WORDS = 8;

/**
 * A line that could head a section: short, no sentence punctuation, no label:value, and no figures beyond a
 * section number (a bare "137.35平方公里" is data, not a heading). Whether it is one depends on what follows.
 */
function looksLikeHeading(line: string): boolean {
  const text = foldWidth(line);
  if (ENDS_SENTENCE.test(text) || /[,:;。]/.test(text)) return false;
  const rest = text.replace(ORDINAL, "");
  if (/\d/.test(rest) || rest.length === 0) return false;
  if (/\p{Script=Han}/u.test(rest)) return Array.from(rest).length <= MAX_HEADING;
  const words = rest.split(/\s+/);
  return words.length <= MAX_ENGLISH_HEADING_WORDS && /^[A-Z]/.test(rest);
}

/** Body text: has a Chinese full stop, or is long, or is a long English sentence. */
function looksLikeProse(text: string): boolean {
  if (text.includes("。") || text.length > 80) return true;
  return /[.!?]["')]?$/.test(text) && text.split(/\s+/).length > 12;
}

/** Shortest line taken as a title when nothing better marks it (skips stray "EN"/"菜单" leftovers). */
const MIN_TITLE = 6;

function looksLikeTitle(text: string): boolean {
  return text.length >= MIN_TITLE && !looksLikeProse(text);
}

/**
 * Index of the page's title line, tried in order of reliability:
 * (a) the text line just above the first source/date line (chrome lines in between are skipped);
 * (b) a line repeated right above a figure caption (scrapes give image alt text = the page title);
 * (c) the first title-like text line before any prose.
 */
function findTitleIndex(lines: readonly Classified[]): number | undefined {
  const firstMeta = lines.findIndex((l) => l.kind === "metadata");
  for (let i = firstMeta - 1; i >= 0; i--) {
    const line = lines[i];
    if (!line || line.kind === "caption") break;
    if (line.kind !== "text") continue;
    if (looksLikeTitle(line.text)) return i;
    break;
  }

  // A title-like line that the page prints again, alone or without its site suffix (<title> then <h1>).
  const firstProse = lines.findIndex((l) => l.kind === "text" && looksLikeProse(l.text));
  const header = firstProse < 0 ? lines : lines.slice(0, firstProse);
  for (let i = 0; i < header.length; i++) {
    const line = header[i];
    if (line?.kind !== "text" || !looksLikeTitle(line.text)) continue;
    const bare = textKey(stripSiteSuffix(line.text));
    if (
      header.some(
        (other, j) => j > i && other.kind === "text" && (other.key === line.key || other.key === bare),
      )
    )
      return i;
  }

  const counts = new Map<string, number>();
  for (const l of lines) if (l.kind === "text") counts.set(l.key, (counts.get(l.key) ?? 0) + 1);
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    if (lines[i]?.kind !== "caption" || prev?.kind !== "text") continue;
    if ((counts.get(prev.key) ?? 0) >= 2 && looksLikeTitle(prev.text)) {
      return lines.findIndex((l) => l.kind === "text" && l.key === prev.key);
    }
  }

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line?.kind !== "text") continue;
    if (looksLikeProse(line.text)) break;
    if (looksLikeTitle(line.text)) return i;
  }
  return undefined;
}

/**
 * End of the page header: lines up to the title line and the source/date line, when those come before the
 * first paragraph of prose. Unrecognised text lines in the header (site name, menu leftovers) are chrome.
 */
function findHeaderEnd(lines: readonly Classified[], titleKeys: ReadonlySet<string>): number {
  let firstProse = lines.findIndex(
    (l) => l.kind === "text" && !titleKeys.has(l.key) && looksLikeProse(l.text),
  );
  if (firstProse < 0) firstProse = lines.length;
  const firstTitle = lines.findIndex((l) => l.kind === "text" && titleKeys.has(l.key));
  const firstMeta = lines.findIndex((l) => l.kind === "metadata");
  let end = 0;
  for (const marker of [firstTitle, firstMeta]) {
    if (marker >= 0 && marker < firstProse) end = Math.max(end, marker + 1);
  }
  return end;
}
