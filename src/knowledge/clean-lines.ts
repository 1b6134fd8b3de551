import { isBreadcrumbLine, isCaptionLine, isNavigationLine } from "./chrome.js";
import type { CleanedPage, PageMeta, RemovalReason, RemovedItem } from "./cleaned.js";
import { isViewCounterLine, type MetadataFields, parseMetadataLine } from "./metadata-line.js";
import { normaliseLine, textKey } from "./normalise.js";

/**
 * The cleaning every format shares: given a page as lines of text (a .txt scrape, the text blocks of an HTML
 * article, the blocks of a Markdown body), sort chrome from article text, pull out title/date/source and figure
 * captions, and drop the page's second copy. Each non-blank line is one paragraph candidate.
 */

/** One line of a page. `caption` marks lines the markup already identified as captions (HTML <figcaption>). */
export interface SourceLine {
  text: string;
  caption?: boolean;
}

/** What the caller already knows about the page. */
export interface CleanLinesOptions {
  /** Metadata from markup or front matter; it wins over anything found in the text. */
  known?: PageMeta;
  /** Other spellings of the title (og:title, <title>, <h1>) whose lines are title repeats, not body. */
  titleVariants?: readonly string[];
}

type LineKind = "text" | "caption" | "navigation" | "breadcrumb" | "view counter" | "metadata";

interface Classified {
  kind: LineKind;
  text: string;
  key: string;
  fields?: MetadataFields;
}

/** Cleans a page given as lines; see the module comment. */
export function cleanLines(input: readonly SourceLine[], options: CleanLinesOptions = {}): CleanedPage {
  const lines = input.map(classify).filter((l): l is Classified => l !== undefined);
  const known = options.known ?? {};

  const titleKeys = new Set(
    [known.title, ...(options.titleVariants ?? [])]
      .map((t) => (t ? textKey(normaliseLine(t)) : ""))
      .filter((k) => k.length > 0),
  );
  // Without a known title, the page's own title line is found in the text; that one line is the title,
  // every other line with the same text is a repeat.
  const titleIndex = titleKeys.size === 0 ? findTitleIndex(lines) : undefined;
  const titleLine = titleIndex === undefined ? undefined : lines[titleIndex];
  if (titleLine) titleKeys.add(titleLine.key);

  const headerEnd = findHeaderEnd(lines, titleKeys);
  const found: PageMeta = {};
  const paragraphs: string[] = [];
  const figures: string[] = [];
  const removed: RemovedItem[] = [];
  const seenBody = new Set<string>();
  const seenFigures = new Set<string>();
  // Chrome seen once is chrome again: the page's second copy repeats its header lines after the first body.
  const chromeKeys = new Map<string, RemovalReason>();
  const drop = (reason: RemovalReason, line: Classified) => {
    removed.push({ reason, text: line.text });
    chromeKeys.set(line.key, reason);
  };

  lines.forEach((line, index) => {
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
        drop(line.kind, line);
        return;
      case "metadata":
        // First copy wins: a later (mobile) copy's date/source line only fills what is still missing.
        found.date ??= line.fields?.date;
        found.source ??= line.fields?.source;
        removed.push({ reason: "metadata line", text: line.text });
        if (line.fields?.counter) removed.push({ reason: "view counter", text: line.fields.counter });
        return;
      case "text":
        if (titleKeys.has(line.key)) {
          if (index !== titleIndex) removed.push({ reason: "repeated title", text: line.text });
        } else if (index < headerEnd) drop("navigation", line);
        else if (chromeKeys.has(line.key))
          removed.push({ reason: chromeKeys.get(line.key) ?? "navigation", text: line.text });
        else if (seenBody.has(line.key)) removed.push({ reason: "duplicate copy", text: line.text });
        else {
          seenBody.add(line.key);
          paragraphs.push(line.text);
        }
    }
  });

  const meta: PageMeta = {
    title: known.title ?? titleLine?.text,
    date: known.date ?? found.date,
    source: known.source ?? found.source,
    url: known.url,
  };
  return { meta, paragraphs, figures, removed };
}

/**
 * The first date and source stated on a labelled metadata line of `lines` (used on a whole HTML page as a
 * fallback). Bare date lines are skipped: on a full page they are mostly sidebar news lists.
 */
export function metadataFromLines(lines: readonly string[]): Pick<PageMeta, "date" | "source"> {
  const meta: Pick<PageMeta, "date" | "source"> = {};
  for (const raw of lines) {
    const fields = parseMetadataLine(normaliseLine(raw));
    if (fields?.dateOnly) continue;
    meta.date ??= fields?.date;
    meta.source ??= fields?.source;
  }
  return meta;
}

function classify(line: SourceLine): Classified | undefined {
  const text = normaliseLine(line.text);
  if (text.length === 0) return undefined;
  const base = { text, key: textKey(text) };
  if (line.caption || isCaptionLine(text)) return { kind: "caption", ...base };
  if (isNavigationLine(text)) return { kind: "navigation", ...base };
  if (isBreadcrumbLine(text)) return { kind: "breadcrumb", ...base };
  if (isViewCounterLine(text)) return { kind: "view counter", ...base };
  const fields = parseMetadataLine(text);
  if (fields) return { kind: "metadata", ...base, fields };
  return { kind: "text", ...base };
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
